/**
 * The socket.io side. A socket is authenticated in its handshake (session cookie, or a screen
 * token in `auth.token`) after its Origin is checked; its principal and role stay on the socket
 * and every handler checks the permission on them. Features add handlers through one registry,
 * so the allow/deny test sees every event. Sockets whose session or token no longer holds are
 * told so and closed within `revalidateMs`.
 */
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import {
  WIRE_PATH,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from "../../shared/wire.ts";
import type { AccessService } from "../access/access-service.ts";
import { principalKey } from "../access/access-service.ts";
import { readCookie, sessionCookieName } from "../access/cookies.ts";
import type { Principal } from "../access/principal.ts";
import type { Counters } from "../counters.ts";
import type { Logger } from "../log.ts";
import { can, type Permission } from "./access.ts";
import { backlogLevel, backlogOf, TokenBucket, type BacklogLimits } from "./backlog.ts";
import { clientAddress, originAllowed, type OriginPolicy, type TrustProxy } from "./origin.ts";

export interface LiveSocketData extends SocketData {
  principal: Principal;
  /** Deltas were skipped while the socket fell behind: it gets a snapshot when it catches up. */
  behind: boolean;
  buckets: Map<string, TokenBucket>;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, object, LiveSocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, LiveSocketData>;

/** A request a client makes with an acknowledgement, answered with the one envelope. */
export interface AckHandler {
  event: keyof ClientToServerEvents;
  permission: Permission;
  /** Requests allowed per socket: a burst, then so many a second; beyond, a refusal. */
  rate: { burst: number; perSecond: number };
  /** `payload` is whatever the client sent before the ack: validate it. */
  handle(socket: LiveSocket, payload: unknown): unknown;
}

/** What a feature brings to the socket side. */
export interface SocketFeature {
  handlers: readonly AckHandler[];
  /** Called for each authenticated socket once it is connected. */
  connected?(socket: LiveSocket): void;
  /** Called once; answers a function that stops what it started. */
  attach?(io: LiveServer): () => void;
}

export interface SocketDeps {
  access: AccessService;
  features: readonly SocketFeature[];
  log: Logger;
  counters: Counters;
  origins: OriginPolicy;
  trustProxy: TrustProxy;
  limits: BacklogLimits;
  /** How often open sockets check that their session or token still holds. @default 2000 */
  revalidateMs?: number;
}

export interface LiveGateway {
  io: LiveServer;
  /** Every handler of every feature: the registry the allow/deny test enumerates. */
  handlers: readonly AckHandler[];
  /** Checks every socket's credentials now. */
  revalidate(): Promise<void>;
}

export function attachSockets(httpServer: HttpServer, deps: SocketDeps): LiveGateway {
  const io: LiveServer = new Server(httpServer, {
    path: WIRE_PATH,
    serveClient: false,
    // The wall sends nothing big; refuse anything that is not a small request.
    maxHttpBufferSize: 16 * 1024,
  });
  const cookieName = sessionCookieName(deps.trustProxy === "https");
  const handlers = deps.features.flatMap((feature) => feature.handlers);

  io.use((socket, next) => {
    const request = socket.request;
    if (!originAllowed(request.headers, deps.origins)) {
      deps.counters.increment("gateway.origin-refused");
      return next(Object.assign(new Error("forbidden"), { data: { reason: "origin" } }));
    }
    const address = clientAddress(request, deps.trustProxy);
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    const found =
      token !== undefined
        ? deps.access.tokenPrincipal(token, address)
        : deps.access.sessionPrincipal(readCookie(request.headers.cookie, cookieName), address);
    found.then(
      (principal) => {
        if (!principal)
          return next(
            Object.assign(new Error("unauthorized"), { data: { reason: "unauthorized" } }),
          );
        socket.data.principal = principal;
        socket.data.role = principal.role;
        socket.data.behind = false;
        socket.data.buckets = new Map();
        next();
      },
      (error: unknown) => {
        deps.log.error({ err: (error as Error).message }, "socket authentication failed");
        next(new Error("unavailable"));
      },
    );
  });

  io.on("connection", (socket) => {
    for (const handler of handlers) listen(socket, handler, deps);
    for (const feature of deps.features) feature.connected?.(socket);
  });

  const stops = deps.features.map((feature) => feature.attach?.(io) ?? (() => undefined));
  const revalidate = revalidator(io, deps);
  const timer = setInterval(() => void revalidate(), deps.revalidateMs ?? 2_000);
  const unsubscribe = deps.access.onRevoked(() => void revalidate());
  httpServer.on("close", () => {
    clearInterval(timer);
    unsubscribe();
    for (const stop of stops) stop();
  });
  return { io, handlers, revalidate };
}

function listen(socket: LiveSocket, handler: AckHandler, deps: SocketDeps): void {
  // The registry is typed by event name only; each handler validates what it receives.
  const on = socket.on.bind(socket) as (
    event: string,
    listener: (...args: unknown[]) => void,
  ) => void;
  on(handler.event, (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== "function") {
      deps.counters.increment("gateway.request-without-ack");
      return;
    }
    const answer = (response: Ack<unknown>): void => {
      if (backlogLevel(backlogOf(socket), deps.limits) === "over") return dropSocket(socket, deps);
      (ack as (response: Ack<unknown>) => void)(response);
    };
    if (!can(socket.data.role, handler.permission)) {
      deps.counters.increment("gateway.request-refused");
      return answer({ ok: false, error: `not permitted: ${handler.permission}` });
    }
    let bucket = socket.data.buckets.get(handler.event);
    if (!bucket) {
      bucket = new TokenBucket(handler.rate.burst, handler.rate.perSecond);
      socket.data.buckets.set(handler.event, bucket);
    }
    if (!bucket.take()) {
      deps.counters.increment("gateway.request-rate-limited");
      return answer({ ok: false, error: "too many requests" });
    }
    Promise.resolve()
      .then(() => handler.handle(socket, args.length > 1 ? args[0] : undefined))
      .then(
        (data) => answer({ ok: true, data }),
        (error: unknown) => {
          deps.log.error({ err: error, event: handler.event }, "socket request failed");
          answer({ ok: false, error: "internal error" });
        },
      );
  });
}

/** A socket that lets its backlog pass the hard limit is cut off: memory is not its to take. */
export function dropSocket(socket: LiveSocket, deps: Pick<SocketDeps, "counters" | "log">): void {
  if (socket.disconnected) return;
  deps.counters.increment("gateway.backlog-disconnected");
  deps.log.warn(
    { principal: socket.data.principal?.name, backlog: backlogOf(socket) },
    "socket too far behind: disconnected",
  );
  socket.disconnect(true);
}

function revalidator(io: LiveServer, deps: SocketDeps): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const check = async (): Promise<void> => {
    const sockets = [...io.of("/").sockets.values()].filter((s) => s.data.principal);
    if (sockets.length === 0) return;
    const valid = await deps.access.stillValid(sockets.map((s) => s.data.principal));
    for (const socket of sockets) {
      if (valid.has(principalKey(socket.data.principal))) continue;
      deps.counters.increment("gateway.signed-out");
      socket.emit("signed-out");
      socket.disconnect(true);
    }
  };
  const trigger = (): Promise<void> => {
    if (running) {
      // A revocation during a check: check once more after it, with what is true now.
      again = true;
      return running;
    }
    running = check()
      .catch((error: unknown) => {
        // A database blip must not sign every screen out: keep them and try again next round.
        deps.log.warn(
          { err: (error as Error).message },
          "could not check the sockets' credentials",
        );
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void trigger();
        }
      });
    return running;
  };
  return trigger;
}
