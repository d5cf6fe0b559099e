/**
 * The parameters of the province's 111 traffic, with where each comes from. Published figures:
 * the 34 county governors answered 850 calls in five working days (Esfand 1402); a year of
 * sessions averaged about 4.7 minutes a call. No answer or abandonment rates are published:
 * the caller patience below is an assumption, stated as such in docs/simulator.md.
 */
import type { County, Line } from "../../../shared/reference.ts";
import type { Random } from "./random.ts";

const MINUTE = 60_000;

export const TRAFFIC = {
  /** Calls a minute to an average county governor's line during a session. */
  governorCallsPerMinute: 0.36,
  /** Demand grows with population, but less than in proportion (Mashhad is half the province). */
  populationExponent: 0.25,
  directorCallsPerMinute: 0.3,
  governorGeneralCallsPerMinute: 0.75,
  /** Callers start dialling before a session opens and wait in the queue. */
  earlyCallersMinutes: 10,
  /** Talk time: log-normal, median 3.8 minutes, mean ≈ 4.5 minutes. */
  talkMedianSec: 230,
  talkSigma: 0.55,
  /** Caller patience: log-normal, median 4 minutes (an assumption). */
  patienceMedianSec: 240,
  patienceSigma: 0.8,
  /** Callers who hang up within seconds (misdials, the IVR message). */
  hastyCallerShare: 0.04,
  /** Longest a caller may wait before the queue gives up (Asterisk's Queue() timeout). */
  queueTimeoutSec: 900,
  ringSec: [2, 7] as const,
  ringNoAnswerShare: 0.05,
  /** Asterisk's member timeout: an unanswered offer rings this long. */
  ringTimeoutSec: 15,
  retrySec: 5,
  wrapUpSec: [8, 40] as const,
  pauseAfterCallShare: 0.04,
  pauseSec: [60, 360] as const,
  pauseReasons: ["جلسه", "پیگیری پرونده", "استراحت کوتاه", "تماس اداری"] as const,
  endedByCallerShare: 0.6,
  /** Late logins: most on time, some late, a few never come. */
  lateness: { onTime: 0.8, late: 0.14, veryLate: 0.04 },
  leaveEarlyShare: 0.1,
} as const;

/** Demand weight of each county line: population share, damped, averaging 1 over the counties. */
export function countyWeights(counties: readonly County[]): Map<string, number> {
  const raw = counties.map((c) => [c.id, c.population ** TRAFFIC.populationExponent] as const);
  const mean = raw.reduce((sum, [, w]) => sum + w, 0) / Math.max(1, raw.length);
  return new Map(raw.map(([id, w]) => [id, w / mean]));
}

/** Calls a minute to a line at `minutesIntoSession`, before any time-of-day shaping. */
export function sessionRate(
  line: Line,
  weights: Map<string, number>,
  minutesIntoSession: number,
  sessionMinutes: number,
): number {
  let base: number;
  if (line.agency === null) base = TRAFFIC.governorCallsPerMinute * (weights.get(line.county) ?? 1);
  else if (line.agency === "ostandari") base = TRAFFIC.governorGeneralCallsPerMinute;
  else base = TRAFFIC.directorCallsPerMinute;
  // A queue of callers gathers before the session opens; interest fades near its end.
  if (minutesIntoSession < 0) return base * 0.4;
  if (minutesIntoSession < 15) return base * 1.5;
  if (minutesIntoSession > sessionMinutes - 15) return base * 0.6;
  return base;
}

/** Mornings are busier than early afternoons (Tehran hour of day). */
export function hourFactor(hour: number): number {
  if (hour < 10) return 1.15;
  if (hour < 12) return 1;
  return 0.85;
}

/** When an official scheduled at `start` logs in; null: never comes. */
export function loginDelayMs(random: Random): number | null {
  const r = random.next();
  const { onTime, late, veryLate } = TRAFFIC.lateness;
  if (r < onTime) return random.uniform(-2, 2) * MINUTE;
  if (r < onTime + late) return random.uniform(3, 15) * MINUTE;
  if (r < onTime + late + veryLate) return random.uniform(15, 40) * MINUTE;
  return null;
}
