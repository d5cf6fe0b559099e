import type { CountyView, Delta, Figures, Snapshot } from "../../shared/snapshot.ts";
import { encodeDelta, type DeltaFrame } from "../../shared/views/wire-codec.ts";

export function figures(overrides: Partial<Figures> = {}): Figures {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    timedOut: 0,
    leftUnanswered: 0,
    lost: 0,
    answerRate: null,
    serviceLevel: null,
    serviceLevelPerf: null,
    serviceLevelPerf2: null,
    averageSpeedOfAnswerSec: null,
    averageTalkSec: null,
    longestWaitTodaySec: 0,
    reconstructed: 0,
    waiting: 0,
    longestWaitSec: 0,
    officials: { loggedIn: 0, unknown: 0, available: 0, onCall: 0, paused: 0, scheduled: 0 },
    ...overrides,
  };
}

export function county(id: string, waiting: number): CountyView {
  return { id, ...figures({ waiting }) };
}

const T0 = Date.parse("2025-11-29T06:30:00Z");
const isoAt = (seq: number): string => new Date(T0 + seq * 1000).toISOString();

export function snapshot(seq: number, epoch = "e1", waiting = 0): Snapshot {
  return {
    seq,
    stale: null,
    epoch,
    at: isoAt(seq),
    definitions: "1",
    dayStart: "2025-11-28T20:30:00.000Z",
    switch: { connected: true, detail: "", lastEventAt: null },
    lines: [],
    counties: [county("mashhad", waiting), county("nishapur", 0)],
    officials: [],
    province: figures({ waiting }),
    intervals: { minutes: 15, today: [], lastWeek: null },
    alerts: [],
  };
}

/** A delta that sets Mashhad's and the province's waiting calls to `waiting`: only those fields. */
/** A delta's wire frame, as the socket delivers it. */
export function delta(seq: number, waiting: number, epoch = "e1"): DeltaFrame {
  const plain: Delta = {
    seq,
    epoch,
    at: isoAt(seq),
    counties: [{ id: "mashhad", waiting }],
    province: { waiting },
  };
  return encodeDelta(plain).frame;
}
