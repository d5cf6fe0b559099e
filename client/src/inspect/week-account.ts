/**
 * The weekly account the province publishes: calls answered by the governors, by the agency heads
 * and by the governor-general, sessions held against sessions scheduled, and the counties' figures.
 * From the same summary rows as the inspection table, so its figures equal the table's. Pure.
 */
import type { Official } from "../../../shared/reference.ts";
import type { SummaryRow } from "./inspect-types.ts";

export interface WeekAccount {
  /** Calls the governors answered themselves. */
  governors: number;
  agencyHeads: number;
  governorGeneral: number;
  /** All officials' answered calls, deputies included. */
  allOfficials: number;
  /** Sessions the officials held, on time or late. */
  held: number;
  scheduled: number;
}

type Role = Official["role"];
const GROUP: Record<Role, keyof WeekAccount | null> = {
  governor: "governors",
  "director-general": "agencyHeads",
  "governor-general": "governorGeneral",
  "deputy-governor-general": null,
};

export function weekAccount(
  byOfficial: readonly SummaryRow[],
  roleOf: (official: string) => Role | null,
): WeekAccount {
  const account: WeekAccount = {
    governors: 0,
    agencyHeads: 0,
    governorGeneral: 0,
    allOfficials: 0,
    held: 0,
    scheduled: 0,
  };
  for (const row of byOfficial) {
    const role = roleOf(row.id);
    const group = role ? GROUP[role] : null;
    // The calls the official answered in person, on any line; not the calls of the sessions.
    const answered = row.answeredByOfficial ?? 0;
    if (group) account[group] += answered;
    account.allOfficials += answered;
    account.held += row.sessionsKept + row.sessionsLate;
    account.scheduled += row.sessionsKept + row.sessionsLate + row.sessionsMissed;
  }
  return account;
}

/** The counties for the account's table and chart: most calls answered first. */
export function countiesByAnswered(
  byCounty: readonly SummaryRow[],
  nameOf: (id: string) => string,
  collator: Intl.Collator,
): SummaryRow[] {
  return [...byCounty].sort(
    (a, b) => b.answered - a.answered || collator.compare(nameOf(a.id), nameOf(b.id)),
  );
}
