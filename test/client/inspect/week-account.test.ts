import { describe, expect, it } from "vitest";
import { countiesByAnswered, weekAccount } from "../../../client/src/inspect/week-account.ts";
import type { Official } from "../../../shared/reference.ts";
import { summaryRow } from "./fixtures.ts";

const roles: Record<string, Official["role"]> = {
  ostandar: "governor-general",
  "moaven-siasi": "deputy-governor-general",
  "farmandar-mashhad": "governor",
  "farmandar-nishapur": "governor",
  "modir-ab": "director-general",
};

describe("the weekly account", () => {
  it("adds the calls answered by each kind of official and the sessions held", () => {
    const account = weekAccount(
      [
        summaryRow("ostandar", { answeredByOfficial: 12, sessionsKept: 1 }),
        summaryRow("moaven-siasi", { answeredByOfficial: 5, sessionsKept: 1 }),
        summaryRow("farmandar-mashhad", {
          answeredByOfficial: 300,
          sessionsKept: 3,
          sessionsLate: 1,
        }),
        summaryRow("farmandar-nishapur", {
          answeredByOfficial: 250,
          sessionsMissed: 2,
          sessionsKept: 2,
        }),
        summaryRow("modir-ab", { answeredByOfficial: 80, sessionsLate: 1 }),
        summaryRow("unknown", { answeredByOfficial: 3 }),
        // The calls of a session, answered by anyone, are not the official's own.
        summaryRow("moaven-siasi", { answered: 40 }),
      ],
      (id) => roles[id] ?? null,
    );
    expect(account).toEqual({
      governors: 550,
      agencyHeads: 80,
      governorGeneral: 12,
      allOfficials: 650,
      held: 9,
      scheduled: 11,
    });
  });

  it("orders counties by calls answered, names breaking ties", () => {
    const sorted = countiesByAnswered(
      [
        summaryRow("b", { answered: 5 }),
        summaryRow("c", { answered: 9 }),
        summaryRow("a", { answered: 5 }),
      ],
      (id) => id,
      new Intl.Collator("en"),
    );
    expect(sorted.map((row) => row.id)).toEqual(["c", "a", "b"]);
  });
});
