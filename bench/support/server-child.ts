/**
 * One server under test, in its own process, driven by the benchmark over IPC. Either samad-live
 * as deployed (the event log on Redis Streams, the live service, the real socket.io gateway, and
 * a switch adapter that makes synthetic traffic at a given rate) or a bare socket.io server that
 * broadcasts a given payload at a given rate and does nothing else: the baseline.
 * It reports when each traced event was made and when each delta went out, with bytes, CPU and
 * memory, so that the screens' process can tell how long each took to arrive.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Server, type Socket } from "socket.io";
import type { Delta } from "../../shared/snapshot.ts";
import { WIRE_PATH } from "../../shared/wire.ts";
import { SYSTEM } from "../../server/access/audit-trail.ts";
import { startApp } from "../../server/app.ts";
import { RedisStreamLog } from "../../server/events/redis-stream-log.ts";
import { silentLogger } from "../../server/log.ts";
import { openDatabase } from "../../server/platform/db.ts";
import { loadReference } from "../../server/reference/load-reference.ts";
import { Traffic } from "../../test/support/traffic.ts";
import { TrafficAdapter } from "./traffic-adapter.ts";

export type ServerCommand =
  | { cmd: "start-samad"; redisUrl: string; prefix: string; flushIntervalMs: number }
  | { cmd: "start-bare"; perMessageDeflate: boolean; perSocket: boolean }
  | { cmd: "run"; rate: number; seconds: number; payload?: string }
  | { cmd: "stop" };

export interface RunReport {
  /** Wall time (ms, sub-ms precision) each traced event was made: index k is offered = k + 1. */
  joins: number[];
  /** Wall time each delta (by seq) started going out. */
  emits: [number, number][];
  /** Each delta packet as socket.io sent it to a screen: the bytes on the wire. */
  deltaBytes: number[];
  snapshotBytes: number;
  /** A delta of median size, as sent: the bare server's payload. */
  sampleDelta: string;
  cpuMs: number;
  wallMs: number;
  rssMb: number;
  heapMb: number;
  sockets: number;
  /** Flushes that started later than 1.5 intervals after the one before. */
  lateFlushes: number;
  /** From a traced event made to the delta holding it going out: the server's share, ms. */
  serverP50: number;
  serverP99: number;
}

const now = (): number => performance.timeOrigin + performance.now();
const send = (message: object): void => void process.send?.(message);

let run: (command: Extract<ServerCommand, { cmd: "run" }>) => Promise<RunReport>;
let stop: () => Promise<void> = async () => {};

function measure<T>(work: () => Promise<T>) {
  return async () => {
    global.gc?.();
    const cpu = process.cpuUsage();
    const started = now();
    const result = await work();
    const used = process.cpuUsage(cpu);
    return {
      result,
      cpuMs: (used.user + used.system) / 1000,
      wallMs: now() - started,
      rssMb: process.memoryUsage().rss / 2 ** 20,
      heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    };
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function startSamad(command: Extract<ServerCommand, { cmd: "start-samad" }>) {
  const reference = await loadReference(path.resolve(import.meta.dirname, "..", "..", "data"));
  const log = silentLogger();
  const eventLog = await RedisStreamLog.connect({
    url: command.redisUrl,
    prefix: command.prefix,
    log,
  });
  const stateDir = mkdtempSync(path.join(tmpdir(), "samad-bench-"));
  const adapter = new TrafficAdapter(new Traffic(reference, 7));
  // samad-live as deployed: the app with its gateway, sign-in and all, on a throwaway database.
  const app = await startApp(
    {
      reference,
      eventLog,
      switchAdapter: adapter,
      database: await openDatabase({ url: null, stateDir }),
      log,
      clientDir: "/nonexistent",
      flushIntervalMs: command.flushIntervalMs,
    },
    { port: 0, host: "127.0.0.1" },
  );
  const { token } = await app.admin.createToken({ name: "bench", role: "viewer" }, SYSTEM);
  const live = app.live;
  let emits: [number, number][] = [];
  // The delta packets as one screen's connection sends them: the bytes on the wire.
  let bytes: string[] = [];
  watchDeltaFrames(app.io, (frame) => bytes.push(frame));
  let lastEmit = 0;
  let late = 0;
  let sentOffered: [number, number][] = [];
  // When the delta started going out: taken as the flush starts, before the delta is computed and
  // the gateway sends it (the bare server's time is taken before its send likewise). A listener of
  // the delta runs after the gateway's, which has by then written it to every socket: a screen
  // could hear it before that time.
  let flushStartedAt = 0;
  const flush = live.flush.bind(live);
  live.flush = () => {
    flushStartedAt = now();
    return flush();
  };
  live.onDelta((delta: Delta) => {
    const t = flushStartedAt;
    if (lastEmit && t - lastEmit > 1.5 * command.flushIntervalMs) late += 1;
    lastEmit = t;
    emits.push([delta.seq, t]);
    if (delta.province?.offered !== undefined) sentOffered.push([t, delta.province.offered]);
  });
  run = async ({ rate, seconds }) => {
    emits = [];
    bytes = [];
    late = 0;
    const offeredBefore = live.snapshot().province.offered;
    sentOffered = [];
    const m = await measure(async () => {
      const joins = await adapter.run(rate, seconds);
      // Until every traced event is on the screens' side of the wire.
      const until = adapter.traffic.joined;
      await waitUntil(() => live.snapshot().province.offered >= until, 30_000);
      await new Promise((r) => setTimeout(r, 2 * command.flushIntervalMs));
      return joins;
    })();
    const sizes = bytes.map((b) => 1 + Buffer.byteLength(b));
    const server: number[] = [];
    let i = 0;
    m.result.forEach((madeAt, k) => {
      while (i < sentOffered.length && sentOffered[i]![1] < offeredBefore + k + 1) i += 1;
      if (sentOffered[i]) server.push(sentOffered[i]![0] - madeAt);
    });
    server.sort((a, b) => a - b);
    const middle = median(sizes);
    return {
      joins: m.result,
      emits,
      deltaBytes: sizes,
      // As the packet that carries it: 42["snapshot",{…}]
      snapshotBytes: Buffer.byteLength(`42["snapshot",${JSON.stringify(live.snapshot())}]`),
      sampleDelta: (bytes[sizes.indexOf(middle)] ?? `${DELTA_PACKET}[]]`).slice(
        DELTA_PACKET.length,
        -1,
      ),
      cpuMs: m.cpuMs,
      wallMs: m.wallMs,
      rssMb: m.rssMb,
      heapMb: m.heapMb,
      sockets: app.io.of("/").sockets.size,
      lateFlushes: late,
      serverP50: server[Math.floor(server.length * 0.5)] ?? 0,
      serverP99: server[Math.floor(server.length * 0.99)] ?? 0,
    };
  };
  stop = async () => {
    await app.close();
    rmSync(stateDir, { recursive: true, force: true });
  };
  send({ ready: true, url: app.url, token });
}

async function startBare(command: Extract<ServerCommand, { cmd: "start-bare" }>) {
  const http = createServer((_req, res) => res.end());
  const io = new Server(http, {
    path: WIRE_PATH,
    serveClient: false,
    perMessageDeflate: command.perMessageDeflate ? { threshold: 1024 } : false,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  run = async ({ rate, seconds, payload }) => {
    const emits: [number, number][] = [];
    // A delta frame (wire-codec.ts): [version, seq, epoch, at, body]; each broadcast its own seq.
    const sample = JSON.parse(payload ?? "[]") as unknown[];
    const m = await measure(
      () =>
        new Promise<number[]>((resolve) => {
          let seq = 0;
          const timer = setInterval(() => {
            seq += 1;
            const t = now();
            emits.push([seq, t]);
            const frame = sample.with(1, seq);
            if (command.perSocket)
              for (const s of io.of("/").sockets.values()) s.emit("delta", frame);
            else io.local.emit("delta", frame);
            if (seq >= rate * seconds) {
              clearInterval(timer);
              setTimeout(() => resolve([]), 500);
            }
          }, 1000 / rate);
        }),
    )();
    return {
      joins: [],
      emits,
      deltaBytes: [Buffer.byteLength(payload ?? "")],
      snapshotBytes: 0,
      sampleDelta: payload ?? "",
      cpuMs: m.cpuMs,
      wallMs: m.wallMs,
      rssMb: m.rssMb,
      heapMb: m.heapMb,
      sockets: io.of("/").sockets.size,
      lateFlushes: 0,
      serverP50: 0,
      serverP99: 0,
    };
  };
  stop = async () => void io.close();
  send({ ready: true, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
}

/** A delta as engine.io holds it; on the wire it follows the packet type "4" (message). */
const DELTA_PACKET = '2["delta",';

/**
 * Hands over each delta packet one connected socket is sent, as socket.io wrote it (a broadcast
 * is encoded once, so any socket's copy is every socket's); follows another socket when it goes.
 */
function watchDeltaFrames(io: Server, onPacket: (packet: string) => void): void {
  let watched: string | null = null;
  const watch = (socket: Socket): void => {
    watched = socket.id;
    socket.conn.on("packetCreate", (packet: { type: string; data?: unknown }) => {
      const data = packet.data;
      if (typeof data === "string" && data.startsWith(DELTA_PACKET)) onPacket(data);
    });
    socket.once("disconnect", () => {
      watched = null;
      const next = io.of("/").sockets.values().next();
      if (!next.done) watch(next.value);
    });
  };
  io.on("connection", (socket) => {
    if (watched === null) watch(socket);
  });
}

function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve) => {
    const poll = (): void => {
      if (check() || Date.now() - started > timeoutMs) resolve();
      else setTimeout(poll, 20);
    };
    poll();
  });
}

process.on("message", (command: ServerCommand) => {
  const answer = (work: Promise<unknown>) =>
    work.then(
      (result) => send({ ok: true, result }),
      (error: unknown) => send({ ok: false, error: String((error as Error).stack ?? error) }),
    );
  if (command.cmd === "start-samad")
    void startSamad(command).catch((e) => send({ ok: false, error: String(e) }));
  else if (command.cmd === "start-bare") void startBare(command);
  else if (command.cmd === "run") void answer(run(command));
  else void stop().then(() => process.exit(0));
});
