/**
 * A socket followed as the wall follows it: each delta frame decoded against the snapshot it
 * applies to, so that tests read plain deltas. Stops decoding at a gap or a new epoch (the wall
 * would resync there); the frames are all kept.
 */
import { applyDelta, type Delta, type Snapshot } from "../../shared/snapshot.ts";
import type { DeltaFrame } from "../../shared/views/wire-codec.ts";
import { decodeDelta, frameHeader } from "../../shared/views/wire-decode.ts";
import type { TestSocket } from "./app.ts";

export interface Followed {
  snapshots: Snapshot[];
  deltas: Delta[];
  frames: DeltaFrame[];
}

export function follow(socket: TestSocket): Followed {
  const out: Followed = { snapshots: [], deltas: [], frames: [] };
  let current: Snapshot | null = null;
  socket.on("snapshot", (snapshot) => {
    out.snapshots.push(snapshot);
    current = snapshot;
  });
  socket.on("delta", (frame) => {
    out.frames.push(frame);
    const { seq, epoch } = frameHeader(frame);
    if (!current || epoch !== current.epoch || seq !== current.seq + 1) return;
    const delta = decodeDelta(frame, current);
    out.deltas.push(delta);
    current = applyDelta(current, delta);
  });
  return out;
}
