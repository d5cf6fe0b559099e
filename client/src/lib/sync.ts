/**
 * Keeps a client's copy of the live state in step with the server's sequence: a snapshot, then
 * deltas numbered seq+1, seq+2, … within one epoch. Pure, so every gap and reconnect case can be
 * tested without a socket; live.svelte.ts feeds it and performs the resync it asks for. Deltas
 * arrive as wire frames and are decoded against the snapshot they apply to; a frame that cannot
 * be read is refused, never thrown, and a fresh snapshot is asked for instead.
 */
import { applyDelta, type Snapshot } from "../../../shared/snapshot.ts";
import { decodeDelta, frameHeader } from "../../../shared/views/wire-decode.ts";

/** Deltas held while a resync is in flight; past this the oldest go (the snapshot covers them). */
export const MAX_PENDING_DELTAS = 32;

export interface SyncState {
  snapshot: Snapshot | null;
  /** A fresh snapshot has been asked for and not received yet. */
  resyncing: boolean;
  /** Deltas that arrived during a resync, to replay on top of the snapshot. */
  pending: readonly HeldDelta[];
}

/** A delta's frame, with the seq and epoch read off it. */
export interface HeldDelta {
  seq: number;
  epoch: string;
  frame: unknown;
}

export interface SyncStep {
  state: SyncState;
  /** The caller should ask the server for a snapshot now. */
  resync: boolean;
  /** Why a delta's frame was refused (bad input, another wire version): count it, log it. */
  refused?: string;
}

export const initialSync: SyncState = { snapshot: null, resyncing: false, pending: [] };

function hold(pending: readonly HeldDelta[], delta: HeldDelta): HeldDelta[] {
  return [...pending, delta].slice(-MAX_PENDING_DELTAS);
}

function startResync(state: SyncState, delta: HeldDelta): SyncStep {
  return { state: { ...state, resyncing: true, pending: [delta] }, resync: true };
}

function refuse(state: SyncState, error: unknown): SyncStep {
  const refused = error instanceof Error ? error.message : String(error);
  if (state.resyncing) return { state, resync: false, refused };
  return { state: { ...state, resyncing: true, pending: [] }, resync: true, refused };
}

/** The snapshot with the delta applied, or why its frame cannot be. */
function apply(current: Snapshot, delta: HeldDelta): Snapshot | { error: unknown } {
  try {
    return applyDelta(current, decodeDelta(delta.frame, current));
  } catch (error) {
    return { error };
  }
}

export function receiveDelta(state: SyncState, frame: unknown): SyncStep {
  let delta: HeldDelta;
  try {
    delta = { ...frameHeader(frame), frame };
  } catch (error) {
    return refuse(state, error);
  }
  if (state.resyncing) {
    return { state: { ...state, pending: hold(state.pending, delta) }, resync: false };
  }
  const current = state.snapshot;
  if (!current || delta.epoch !== current.epoch) return startResync(state, delta);
  // Already covered (a duplicate, or older than a snapshot that overtook it).
  if (delta.seq <= current.seq) return { state, resync: false };
  if (delta.seq === current.seq + 1) {
    const next = apply(current, delta);
    if ("error" in next) return refuse(state, next.error);
    return { state: { ...state, snapshot: next }, resync: false };
  }
  return startResync(state, delta);
}

/** Whether a snapshot is at least as new as what the client holds. */
function supersedes(current: Snapshot | null, next: Snapshot): boolean {
  return !current || next.epoch !== current.epoch || next.seq >= current.seq;
}

/**
 * Takes a snapshot, whether pushed on (re)connect or answering a resync, and replays the held
 * deltas that continue it. A snapshot older than the held state (a slow answer overtaken by
 * deltas) is dropped, and the next delta decides whether to ask again; a gap left after replaying
 * asks for another resync.
 */
export function receiveSnapshot(state: SyncState, snapshot: Snapshot): SyncStep {
  if (!supersedes(state.snapshot, snapshot)) {
    return { state: { ...state, resyncing: false, pending: [] }, resync: false };
  }
  let current = snapshot;
  const later = state.pending
    .filter((delta) => delta.epoch === snapshot.epoch && delta.seq > snapshot.seq)
    .sort((a, b) => a.seq - b.seq);
  for (const [index, delta] of later.entries()) {
    if (delta.seq <= current.seq) continue;
    if (delta.seq !== current.seq + 1) {
      return {
        state: { snapshot: current, resyncing: true, pending: later.slice(index) },
        resync: true,
      };
    }
    const next = apply(current, delta);
    if ("error" in next) {
      return refuse({ snapshot: current, resyncing: false, pending: [] }, next.error);
    }
    current = next;
  }
  return { state: { snapshot: current, resyncing: false, pending: [] }, resync: false };
}

/** The resync answered with an error or not at all: keep the last-good state, try again later. */
export function resyncFailed(state: SyncState): SyncState {
  return { ...state, resyncing: false, pending: [] };
}
