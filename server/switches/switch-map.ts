/**
 * The mapping from switch names to ours: queue name → line id, member interface or member name →
 * official id (data/switch-map.json, plus the `switchNames` of officials.json). An unmapped queue
 * keeps its name; an unmapped member is known by its interface (`pjsip/2002`), never by its member
 * name, which can be a person's name (it travels only in `official.logged-in`'s `name`).
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";

const name = z.string().trim().min(1).max(200);
const device = name.regex(/[/:]/, "a device such as PJSIP/1001 or Custom:agent1001");

/** An official, with the device whose state tells whether its phone is busy (QueueAdd). */
const officialEntry = z.union([
  name,
  z
    .object({
      official: name,
      /**
       * The member's state interface: a `Local/…` member's state is its phone's
       * (`Local/1001@agents/n` → `PJSIP/1001`, or a `Custom:` device the dialplan sets).
       * @default the state interface the switch last reported, else the member interface
       */
      stateInterface: device.optional(),
    })
    .strict(),
]);

export const switchMapSchema = z
  .object({
    /** Switch queue name → line id. */
    lines: z.record(name, name).default({}),
    /** Member interface (`Local/1001@agents/n`, `PJSIP/1001`) or member name → official. */
    officials: z.record(name, officialEntry).default({}),
  })
  .strict();

export type SwitchMapData = z.output<typeof switchMapSchema>;

export class SwitchMapError extends Error {
  override name = "SwitchMapError";
}

/**
 * One key for every spelling of a member's device: `Local/1001@agents/n`, `Local/1001@agents`
 * and its channels `Local/1001@agents-0000000a;1` / `;2` are one official, not two or three.
 */
export function interfaceKey(value: string): string {
  let v = value.trim();
  const slash = v.indexOf("/");
  if (slash > 0) v = v.slice(0, slash).toLowerCase() + v.slice(slash);
  v = v.replace(/-[0-9a-f]{8}(;\d+)?$/i, ""); // a channel of the device
  if (v.toLowerCase().startsWith("local/")) v = v.replace(/\/[a-z]+$/i, ""); // Local options
  return v;
}

const nameKey = (value: string): string => value.normalize("NFC").trim();

export class SwitchMap {
  readonly #lines = new Map<string, string>();
  readonly #byInterface = new Map<string, string>();
  readonly #byName = new Map<string, string>();
  /** Official → an interface as the switch spells it, for actions. */
  readonly #interfaces = new Map<string, string>();
  /** Official → its state interface: as the map says it, or as the switch last reported it. */
  readonly #stateInterfaces = new Map<string, { value: string; fromMap: boolean }>();

  constructor(data: Partial<SwitchMapData> = {}) {
    for (const [queue, line] of Object.entries(data.lines ?? {})) this.#lines.set(queue, line);
    for (const [key, entry] of Object.entries(data.officials ?? {})) {
      if (typeof entry === "string") this.addOfficial(key, entry);
      else {
        this.addOfficial(key, entry.official);
        if (entry.stateInterface)
          this.#stateInterfaces.set(entry.official, { value: entry.stateInterface, fromMap: true });
      }
    }
  }

  /** Adds one switch name of an official; a name with a `/` is taken for an interface. */
  addOfficial(switchName: string, official: string): void {
    if (switchName.includes("/")) {
      this.#byInterface.set(interfaceKey(switchName), official);
      if (!this.#interfaces.has(official)) this.#interfaces.set(official, switchName.trim());
    } else this.#byName.set(nameKey(switchName), official);
  }

  line(queue: string): string {
    return this.#lines.get(queue) ?? queue;
  }

  /** The switch queue of a line, for actions: the reverse of `line`. */
  queue(line: string): string {
    for (const [queue, id] of this.#lines) if (id === line) return queue;
    return line;
  }

  /**
   * Our official for a member. An unmapped member is its interface; one known only by a member
   * name the map lacks (queue_log names members so) gets `unmappedName(name)`, which must not be
   * the name itself.
   */
  official(
    iface: string | undefined,
    memberName: string | undefined,
    unmappedName: (name: string) => string = () => "unknown",
  ): string {
    const byIface = iface ? this.#byInterface.get(interfaceKey(iface)) : undefined;
    if (byIface) return byIface;
    const byName = memberName ? this.#byName.get(nameKey(memberName)) : undefined;
    if (byName) return byName;
    if (iface && iface.trim() !== "") return interfaceKey(iface);
    if (memberName && nameKey(memberName) !== "") return unmappedName(nameKey(memberName));
    return "unknown";
  }

  /** Remembers the interface an adapter saw for an official, so actions can name it. */
  rememberInterface(official: string, iface: string): void {
    if (iface.includes("/") && !this.#interfaces.has(official))
      this.#interfaces.set(official, iface);
  }

  /** A switch interface for an official, for actions (they all name the member's interface). */
  interfaceOf(official: string): string | undefined {
    return this.#interfaces.get(official) ?? (official.includes("/") ? official : undefined);
  }

  /** Remembers the state interface the switch reported for an official (unless the map says one). */
  rememberStateInterface(official: string, stateInterface: string): void {
    if (!stateInterface.includes("/") && !stateInterface.includes(":")) return;
    if (this.#stateInterfaces.get(official)?.fromMap) return;
    this.#stateInterfaces.set(official, { value: stateInterface.trim(), fromMap: false });
  }

  /**
   * The state interface to give a member added by a command: the map's, else the one the switch
   * last reported for it, else the member interface itself (right for a device like PJSIP/1001).
   */
  stateInterfaceOf(official: string): string | undefined {
    return this.#stateInterfaces.get(official)?.value ?? this.interfaceOf(official);
  }
}

/** Validates decoded JSON; errors name the file, the entry and the field. */
export function parseSwitchMap(raw: unknown, file: string): SwitchMap {
  const result = switchMapSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path ?? [];
    const where =
      path.length >= 2
        ? `entry "${String(path[1])}" of "${String(path[0])}"`
        : `field ${path.join(".") || "(top)"}`;
    throw new SwitchMapError(`${file}: ${where}: ${issue?.message ?? "invalid"}`);
  }
  return new SwitchMap(result.data);
}

/** Reads the mapping file, and adds the switch names officials.json gives its officials. */
export async function loadSwitchMap(
  file: string,
  officials: ReadonlyArray<{ id: string; switchNames: readonly string[] }> = [],
): Promise<SwitchMap> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new SwitchMapError(
      `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SwitchMapError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const map = parseSwitchMap(raw, file);
  for (const official of officials)
    for (const n of official.switchNames) map.addOfficial(n, official.id);
  return map;
}
