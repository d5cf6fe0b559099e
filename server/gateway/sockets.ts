/**
 * The live side: every socket gets the snapshot when it connects, then every delta; a socket that
 * asks gets a fresh snapshot. Deltas go to this instance's own sockets only (`io.local`): each
 * instance aggregates the same events itself.
 */
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Delta, Snapshot } from "../../shared/snapshot.ts";
import {
  WIRE_PATH,
  type ClientToServerEvents,
  type ServerHealth,
  type ServerToClientEvents,
  type SocketData,
} from "../../shared/wire.ts";
import type { Logger } from "../log.ts";
import { can, handleWithAck, roleOf } from "./access.ts";

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

export interface SocketDeps {
  snapshot: () => Snapshot;
  health: () => ServerHealth;
  onDelta: (listener: (delta: Delta) => void) => () => void;
  log: Logger;
}

const HEALTH_INTERVAL_MS = 2_000;

export function attachSockets(httpServer: HttpServer, deps: SocketDeps): LiveServer {
  const io: LiveServer = new Server(httpServer, {
    path: WIRE_PATH,
    serveClient: false,
    // The wall sends nothing big; refuse anything that is not a small request.
    maxHttpBufferSize: 16 * 1024,
  });

  io.use((socket, next) => {
    socket.data.role = roleOf({ headers: socket.handshake.headers });
    if (can(socket.data.role, "wall:read")) next();
    else next(new Error("not permitted"));
  });

  io.on("connection", (socket) => {
    socket.emit("snapshot", deps.snapshot());
    socket.emit("health", deps.health());
    socket.on(
      "snapshot:get",
      handleWithAck(
        () => socket.data.role,
        "wall:read",
        () => deps.snapshot(),
        (error) => deps.log.error({ err: error }, "snapshot:get failed"),
      ),
    );
  });

  const unsubscribe = deps.onDelta((delta) => io.local.emit("delta", delta));
  const healthTimer = setInterval(() => io.local.emit("health", deps.health()), HEALTH_INTERVAL_MS);
  httpServer.on("close", () => {
    unsubscribe();
    clearInterval(healthTimer);
  });
  return io;
}
