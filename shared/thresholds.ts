/**
 * Every threshold of the wall, in one module as in one file (data/thresholds.json): the server's
 * alerts, the tiles' levels and the officials panel's problems.
 */
import { z } from "zod";

export const alertThresholdsSchema = z.strictObject({
  /** A county with callers waiting and no official on its lines, once the oldest waited this long. */
  unattendedAfterSec: z.number().int().nonnegative().max(3600).default(30),
  /** An official scheduled now who has not logged in this many minutes into the session. */
  lateLoginMinutes: z.number().int().positive().max(240).default(5),
  /** The longest current wait on a line above which it alerts, unless the line has its own. */
  longWaitSec: z.number().int().positive().max(3600).default(180),
  /** Per-line overrides of `longWaitSec`, by line id. */
  longWaitSecByLine: z.record(z.string(), z.number().int().positive().max(3600)).default({}),
  /** Abandon rate of a county's last complete interval at or above which it alerts… */
  abandonSpikeRate: z.number().min(0).max(1).default(0.5),
  /** …when that interval had at least this many calls with an outcome. */
  abandonSpikeMinCalls: z.number().int().positive().max(1000).default(4),
});

export type AlertThresholds = z.output<typeof alertThresholdsSchema>;

/**
 * How the wall judges a county tile (data/thresholds.json, `tiles`). A county is critical with an
 * alert on it, callers waiting and nobody on the line, or an answer rate below the critical one;
 * a warning with an official missing from a session, a long wait or an answer rate below the
 * warning one. A rate counts once enough calls have an outcome.
 */
export const tileThresholdsSchema = z
  .strictObject({
    /** A caller waiting this long makes a warning, before the server's long-wait alert. */
    warnWaitSec: z.number().int().positive().max(3600).default(60),
    /** Today's answer rate below this is a warning… */
    warnAnswerRate: z.number().min(0).max(1).default(0.8),
    /** …below this critical… */
    criticalAnswerRate: z.number().min(0).max(1).default(0.5),
    /** …once this many calls have an outcome; two calls are not a rate. */
    minOutcomes: z.number().int().positive().max(1000).default(5),
  })
  .refine((t) => t.criticalAnswerRate <= t.warnAnswerRate, {
    message: "must not be above warnAnswerRate",
    path: ["criticalAnswerRate"],
  });

/** How the officials panel marks a problem (data/thresholds.json, `officials`). */
export const officialThresholdsSchema = z.strictObject({
  /** A pause longer than this is a problem, not a breather. */
  longPauseSec: z
    .number()
    .int()
    .positive()
    .max(24 * 3600)
    .default(300),
  /** A call ringing this long is about to be lost. */
  longRingSec: z.number().int().positive().max(600).default(15),
});

/**
 * Every threshold of the wall, in one file (data/thresholds.json): the server's alerts, the
 * tiles' levels and the officials panel's problems. Served to the wall, which draws its legend
 * from it. A section or field left out takes its default; an unknown one stops the start.
 */
export const thresholdsSchema = z.strictObject({
  alerts: alertThresholdsSchema.prefault({}),
  tiles: tileThresholdsSchema.prefault({}),
  officials: officialThresholdsSchema.prefault({}),
});

export type TileThresholds = z.output<typeof tileThresholdsSchema>;
export type OfficialThresholds = z.output<typeof officialThresholdsSchema>;
export type Thresholds = z.output<typeof thresholdsSchema>;
