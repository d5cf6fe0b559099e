import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPseudonymizer } from "../../../server/switches/pseudonym.ts";
import {
  interfaceKey,
  loadSwitchMap,
  parseSwitchMap,
  SwitchMap,
} from "../../../server/switches/switch-map.ts";

describe("switch map", () => {
  it("maps queues and members; an unmapped member is its interface, never its member name", () => {
    const map = new SwitchMap({
      lines: { neyshabur: "nishapur" },
      officials: {
        "Local/4001@agents/n": "farmandar-mashhad",
        "فرماندار مشهد": "farmandar-mashhad",
      },
    });
    expect(map.line("neyshabur")).toBe("nishapur");
    expect(map.line("torbat")).toBe("torbat");
    expect(map.queue("nishapur")).toBe("neyshabur");
    expect(map.official("Local/4001@agents-0000001f;1", undefined)).toBe("farmandar-mashhad");
    expect(map.official(undefined, "فرماندار مشهد")).toBe("farmandar-mashhad");
    expect(map.official("PJSIP/2001", "Zahra Mohammadi")).toBe("pjsip/2001");
    expect(map.official("PJSIP/2001-0000001a", "Zahra Mohammadi")).toBe("pjsip/2001");
    expect(map.official("PJSIP/2001", "")).toBe("pjsip/2001");
    const unmapped = (name: string): string => `member-${name.length}`;
    expect(map.official(undefined, "Zahra Mohammadi", unmapped)).toBe("member-15");
    expect(map.official(undefined, "Zahra Mohammadi")).toBe("unknown");
    expect(map.official(undefined, undefined)).toBe("unknown");
    expect(map.interfaceOf("farmandar-mashhad")).toBe("Local/4001@agents/n");
  });

  it("takes every spelling of a Local member as one device", () => {
    const keys = [
      "Local/1001@agents/n",
      "Local/1001@agents",
      "Local/1001@agents-0000000a;1",
      "local/1001@agents-0000000b;2",
    ];
    expect(new Set(keys.map(interfaceKey)).size).toBe(1);
    expect(interfaceKey("PJSIP/1001-00000012")).toBe(interfaceKey("PJSIP/1001"));
  });

  it("gives a member's state interface: the map's, else the switch's, else the interface", () => {
    const map = parseSwitchMap(
      {
        officials: {
          "Local/1001@agents/n": { official: "bakhshdar-1", stateInterface: "PJSIP/1001" },
          "Local/1002@agents/n": "bakhshdar-2",
          "PJSIP/1003": "bakhshdar-3",
        },
      },
      "switch-map.json",
    );
    expect(map.official("Local/1001@agents/n", undefined)).toBe("bakhshdar-1");
    expect(map.stateInterfaceOf("bakhshdar-1")).toBe("PJSIP/1001");
    expect(map.stateInterfaceOf("bakhshdar-3")).toBe("PJSIP/1003");
    expect(map.stateInterfaceOf("bakhshdar-2")).toBe("Local/1002@agents/n");
    map.rememberStateInterface("bakhshdar-2", "Custom:agent1002");
    map.rememberStateInterface("bakhshdar-1", "Custom:agent1001"); // the map's word wins
    expect(map.stateInterfaceOf("bakhshdar-2")).toBe("Custom:agent1002");
    expect(map.stateInterfaceOf("bakhshdar-1")).toBe("PJSIP/1001");
    expect(() =>
      parseSwitchMap(
        { officials: { "PJSIP/7": { official: "x", stateInterface: "nodevice" } } },
        "switch-map.json",
      ),
    ).toThrow(/entry "PJSIP\/7" of "officials"/);
  });

  it("names the file, the entry and the field of a mistake", async () => {
    expect(() => parseSwitchMap({ lines: { mashhad: 7 } }, "switch-map.json")).toThrow(
      /^switch-map\.json: entry "mashhad" of "lines": /,
    );
    expect(() => parseSwitchMap({ queues: {} }, "switch-map.json")).toThrow(/^switch-map\.json: /);
    const dir = await mkdtemp(path.join(tmpdir(), "samad-map-"));
    try {
      const file = path.join(dir, "switch-map.json");
      await writeFile(file, "{ not json");
      await expect(loadSwitchMap(file)).rejects.toThrow(/switch-map\.json: not valid JSON/);
      await expect(loadSwitchMap(path.join(dir, "missing.json"))).rejects.toThrow(
        /missing\.json: cannot read: ENOENT/,
      );
      await writeFile(file, JSON.stringify({ lines: {} }));
      const map = await loadSwitchMap(file, [
        { id: "ostandar", switchNames: ["PJSIP/9000", "Ostandar"] },
      ]);
      expect(map.official("PJSIP/9000", undefined)).toBe("ostandar");
      expect(map.official(undefined, "Ostandar")).toBe("ostandar");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("loads the project's own mapping file", async () => {
    const map = await loadSwitchMap(
      path.resolve(import.meta.dirname, "../../../data/switch-map.json"),
    );
    expect(map.line("neyshabur")).toBe("nishapur");
  });
});

describe("caller pseudonyms", () => {
  it("are stable per key, differ between keys, never contain the number, and skip no-number", () => {
    const a = createPseudonymizer("key-a-0123456789abcdef");
    const b = createPseudonymizer("key-b-0123456789abcdef");
    expect(a("09151234567")).toBe(a("09151234567"));
    expect(a("09151234567")).not.toBe(b("09151234567"));
    expect(a("09151234567")).not.toContain("0915");
    expect(a("09151234567")).toHaveLength(16);
    expect(a("<unknown>")).toBeUndefined();
    expect(a("")).toBeUndefined();
    expect(a(undefined)).toBeUndefined();
  });
});
