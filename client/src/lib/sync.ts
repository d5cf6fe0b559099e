/**
 * Keeps a client's copy of the live state in step with the server's sequence: a snapshot, then
 * deltas numbered seq+1, seq+2, … within one epoch. Pure, so every gap and reconnect case can be
 * tested without a socket; live.svelte.ts feeds it and performs the resync it asks for.
 */
import { applyDelta, type Delta, type Snapshot } from "../../../shared/snapshot.ts";

/** Deltas held while a resync is in flight; past this the oldest go (the snapshot covers them). */
export const MAX_PENDING_DELTAS = 32;

export interface SyncState {
  snapshot: Snapshot | null;
  /** A fresh snapshot has been asked for and not received yet. */
  resyncing: boolean;
  /** Deltas that arrived during a resync, to replay on top of the snapshot. */
  pending: readonly Delta[];
}

export interface SyncStep {
  state: SyncState;
  /** The caller should ask the server for a snapshot now. */
  resync: boolean;
}

export const initialSync: SyncState = { snapshot: null, resyncing: false, pending: [] };

function hold(pending: readonly Delta[], delta: Delta): Delta[] {
  return [...pending, delta].slice(-MAX_PENDING_DELTAS);
}

function startResync(state: SyncState, delta: Delta): SyncStep {
  return { state: { ...state, resyncing: true, pending: [delta] }, resync: true };
}

export function receiveDelta(state: SyncState, delta: Delta): SyncStep {
  if (state.resyncing) {
    return { state: { ...state, pending: hold(state.pending, delta) }, resync: false };
  }
  const current = state.snapshot;
  if (!current || delta.epoch !== current.epoch) return startResync(state, delta);
  // Already covered (a duplicate, or older than a snapshot that overtook it).
  if (delta.seq <= current.seq) return { state, resync: false };
  if (delta.seq === current.seq + 1) {
    return { state: { ...state, snapshot: applyDelta(current, delta) }, resync: false };
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
    current = applyDelta(current, delta);
  }
  return { state: { snapshot: current, resyncing: false, pending: [] }, resync: false };
}

/** The resync answered with an error or not at all: keep the last-good state, try again later. */
export function resyncFailed(state: SyncState): SyncState {
  return { ...state, resyncing: false, pending: [] };
}
