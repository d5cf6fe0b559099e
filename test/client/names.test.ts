import { beforeAll, describe, expect, it } from "vitest";
import { wallNames } from "../../client/src/lib/names.ts";
import type { ReferenceView } from "../../client/src/lib/reference.ts";
import { thresholdsSchema } from "../../shared/reference.ts";
import { provinceReference } from "../support/reference.ts";

let view: ReferenceView;
beforeAll(async () => {
  const reference = await provinceReference();
  view = { ...reference, thresholds: thresholdsSchema.parse({}) };
});

describe("the names on the wall", () => {
  it("names a line in little room by its agency, or by its county for a governor's line", () => {
    const en = wallNames(view, "en");
    expect(en.line("torqabeh-shandiz")).toBe("Torqabeh and Shandiz");
    const fa = wallNames(view, "fa");
    expect(fa.line("torqabeh-shandiz")).toBe("طرقبه شاندیز");
    const agencyLine = view.lines.find((line) => line.agency !== null);
    const agency = view.agencies.find((a) => a.id === agencyLine?.agency);
    expect(en.line(agencyLine?.id ?? "")).toBe(agency?.en);
    expect(en.line("no-such-queue")).toBe("no-such-queue");
  });

  it("uses a county's short English form on a tile where the data has one", () => {
    const en = wallNames(view, "en");
    for (const county of view.counties) {
      expect(en.countyShort(county.id)).toBe(county.enShort ?? county.en);
      expect(en.county(county.id)).toBe(county.en);
    }
    expect(wallNames(view, "fa").countyShort("mashhad")).toBe("مشهد");
    expect(wallNames(null, "en").countyShort("mashhad")).toBe("mashhad");
  });
});
