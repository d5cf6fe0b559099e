/**
 * The server's side of the delta wire: encodes every delta of one view of the state (one role's,
 * say) in order, keeping the positions its clients hold the lists' entries at.
 */
import type { Delta, Snapshot } from "./types.ts";
import { encodeDelta, positionsOf, type DeltaFrame, type WirePositions } from "./wire-codec.ts";

export class DeltaEncoder {
  readonly #snapshot: () => Snapshot;
  #positions: WirePositions | null = null;

  /** `snapshot`: the state as the same view shows it, read right after each delta. */
  constructor(snapshot: () => Snapshot) {
    this.#snapshot = snapshot;
  }

  encode(delta: Delta): DeltaFrame {
    const { frame, byId } = encodeDelta(delta, this.#positions);
    if (byId) {
      // Lists only grow at their end within an epoch, so the snapshot just after this delta
      // holds what it added where every client will hold it. A snapshot of another moment
      // could name an entry some client does not hold yet: then ids go until the next chance.
      const now = this.#snapshot();
      const current = now.epoch === delta.epoch && now.seq === delta.seq;
      this.#positions = current ? positionsOf(now) : null;
    }
    return frame;
  }
}
