/**
 * The wall's live feed: every socket gets the snapshot when it connects, then every delta, and
 * may ask for a fresh snapshot. Deltas go to this instance's own sockets only: each instance
 * aggregates the same events itself. Each socket sees the members its role may see, and a socket
 * that falls behind is sent no backlog: deltas are skipped, then one fresh snapshot. Each role's
 * view of a delta is encoded into its wire frame once, for every socket of that role.
 */
import type { Delta, Snapshot } from "../../../shared/snapshot.ts";
import type { DeltaFrame } from "../../../shared/views/wire-codec.ts";
import { DeltaEncoder } from "../../../shared/views/wire-encoder.ts";
import type { Role, ServerHealth } from "../../../shared/wire.ts";
import type { Counters } from "../../counters.ts";
import type { Logger } from "../../log.ts";
import { can } from "../../gateway/access.ts";
import { backlogLevel, backlogOf, type BacklogLimits } from "../../gateway/backlog.ts";
import {
  dropSocket,
  type LiveServer,
  type LiveSocket,
  type SocketFeature,
} from "../../gateway/sockets.ts";
import { UnmappedMembers } from "./unmapped-members.ts";

export interface WallLiveDeps {
  snapshot: () => Snapshot;
  health: () => ServerHealth;
  onDelta: (listener: (delta: Delta) => void) => () => void;
  unmapped: UnmappedMembers;
  limits: BacklogLimits;
  counters: Counters;
  log: Logger;
  /** @default 2000 */
  healthIntervalMs?: number;
}

/** `snapshot:get` a socket may send: a burst of 5, then one a second (the wall asks at most that). */
export const SNAPSHOT_RATE = { burst: 5, perSecond: 1 };

export function wallLive(deps: WallLiveDeps): SocketFeature {
  const snapshotFor = (role: Role): Snapshot => deps.unmapped.snapshotFor(role, deps.snapshot());

  /** Sends unless the socket is behind; a socket past the hard limit is dropped. */
  const sendLive = (socket: LiveSocket, send: () => void): boolean => {
    const level = backlogLevel(backlogOf(socket), deps.limits);
    if (level === "over") {
      dropSocket(socket, deps);
      return false;
    }
    if (level === "behind") return false;
    send();
    return true;
  };

  // One per view: with and without the mapping (unmapped members shown by name or by label).
  const encoders = new Map<boolean, DeltaEncoder>();
  const encode = (role: Role, delta: Delta): DeltaFrame => {
    const mapping = can(role, "mapping:read");
    let encoder = encoders.get(mapping);
    if (!encoder) encoders.set(mapping, (encoder = new DeltaEncoder(() => snapshotFor(role))));
    return encoder.encode(deps.unmapped.deltaFor(role, delta));
  };

  const fanOutDelta = (io: LiveServer, delta: Delta): void => {
    const frames = new Map<boolean, DeltaFrame>();
    for (const socket of io.of("/").sockets.values()) {
      const role = socket.data.role;
      if (!role || !can(role, "wall:read")) continue;
      if (socket.data.behind) {
        // It has caught up when a snapshot can go: the snapshot replaces every delta it missed.
        if (sendLive(socket, () => socket.emit("snapshot", snapshotFor(role))))
          socket.data.behind = false;
        else deps.counters.increment("gateway.delta-skipped");
        continue;
      }
      const mapping = can(role, "mapping:read");
      let frame = frames.get(mapping);
      if (!frame) frames.set(mapping, (frame = encode(role, delta)));
      const payload = frame;
      if (!sendLive(socket, () => socket.emit("delta", payload)) && socket.connected) {
        socket.data.behind = true;
        deps.counters.increment("gateway.delta-skipped");
      }
    }
  };

  return {
    handlers: [
      {
        event: "snapshot:get",
        permission: "wall:read",
        rate: SNAPSHOT_RATE,
        handle: (socket) => {
          deps.counters.increment("gateway.snapshot-served");
          return snapshotFor(socket.data.role);
        },
      },
    ],
    connected(socket) {
      if (can(socket.data.role, "wall:read"))
        socket.emit("snapshot", snapshotFor(socket.data.role));
      if (can(socket.data.role, "health:read")) socket.emit("health", deps.health());
    },
    attach(io) {
      const unsubscribe = deps.onDelta((delta) => fanOutDelta(io, delta));
      const timer = setInterval(() => {
        const health = deps.health();
        for (const socket of io.of("/").sockets.values()) {
          if (socket.data.role && can(socket.data.role, "health:read"))
            sendLive(socket, () => socket.emit("health", health));
        }
      }, deps.healthIntervalMs ?? 2_000);
      return () => {
        unsubscribe();
        clearInterval(timer);
      };
    },
  };
}
