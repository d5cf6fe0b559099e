/** The project's own data/ reference, loaded once per test file, and a tiny one for unit tests. */
import path from "node:path";
import { parseReference, type Reference } from "../../shared/reference.ts";
import { loadReference } from "../../server/reference/load-reference.ts";

export const DATA_DIR = path.resolve(import.meta.dirname, "..", "..", "data");

export function provinceReference(): Promise<Reference> {
  return loadReference(DATA_DIR);
}

/** Two counties, three lines, three officials: enough to check sums and de-duplication. */
export function smallReference(): Reference {
  return parseReference({
    counties: [
      {
        id: "mashhad",
        fa: "مشهد",
        en: "Mashhad",
        population: 3372660,
        centroidLatLon: [36.25, 59.8],
        areaKm2: 9110,
      },
      {
        id: "kalat",
        fa: "کلات",
        en: "Kalat",
        population: 36237,
        centroidLatLon: [36.84, 59.9],
        areaKm2: 3460,
      },
    ],
    agencies: [{ id: "behzisti", fa: "بهزیستی", en: "Welfare" }],
    lines: [
      { id: "mashhad", fa: "خط مشهد", en: "Mashhad line", county: "mashhad" },
      {
        id: "behzisti",
        fa: "خط بهزیستی",
        en: "Welfare line",
        county: "mashhad",
        agency: "behzisti",
      },
      { id: "kalat", fa: "خط کلات", en: "Kalat line", county: "kalat" },
    ],
    officials: [
      {
        id: "farmandar-mashhad",
        fa: "فرماندار مشهد",
        en: "Governor of Mashhad",
        role: "governor",
        county: "mashhad",
      },
      {
        id: "modir-behzisti",
        fa: "مدیرکل بهزیستی",
        en: "DG Welfare",
        role: "director-general",
        agency: "behzisti",
      },
      {
        id: "farmandar-kalat",
        fa: "فرماندار کلات",
        en: "Governor of Kalat",
        role: "governor",
        county: "kalat",
      },
    ],
    sessions: [
      {
        official: "farmandar-kalat",
        line: "kalat",
        date: "1405/09/08",
        from: "08:00",
        to: "10:00",
      },
    ],
  });
}
