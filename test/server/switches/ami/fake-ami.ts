/**
 * A fake Asterisk on a real TCP socket (port 0): greets, answers Login, Ping and QueueStatus,
 * answers queue actions from a script (or not at all), and serves a recording's bytes in reads
 * of random size. A TCP proxy can sit in between and cut the connection.
 */
import net from "node:net";
import { AmiParser, header, type AmiMessage } from "../../../../server/switches/ami/parser.ts";

export interface FakeAmiOptions {
  secret: string;
  /** The recording's bytes after its own banner and Login response. */
  stream: Buffer;
  /** Where the n-th connection (0-based) starts serving the stream. */
  startAt?: (connection: number) => number;
  /** Where the n-th connection stops serving the stream. */
  endAt?: (connection: number) => number;
  /**
   * The QueueStatus list (Event: QueueParams / QueueMember / QueueEntry lines) for the n-th
   * connection, answered when the stream has reached `offset` (the switch's present then).
   */
  queueStatus?: (connection: number, offset: number) => string[];
  /** Replies to other actions; undefined: never answer. */
  reply?: (action: AmiMessage) => string | undefined;
  /** Events (whole blocks, as the switch wrote them) sent right after a reply to an action. */
  after?: (action: AmiMessage) => string[];
  /** Answer Ping on the n-th connection? @default true */
  answerPing?: (connection: number) => boolean;
  /**
   * The switch's time (epoch ms) a Ping's answer states, given how far the stream has reached.
   * @default now: a switch states its present
   */
  pingTime?: (position: number) => number;
  /** Largest read the stream is cut into. @default 3000 */
  maxChunk?: number;
}

export class FakeAmi {
  readonly server: net.Server;
  readonly actions: AmiMessage[] = [];
  connections = 0;
  /** Connections that have served their whole part of the stream. */
  served = 0;
  /** How far into the stream the latest write reached: the switch's present. */
  position = 0;
  #sockets = new Set<net.Socket>();
  /** Replies waiting for the stream to reach the end of a message (Asterisk never splits one). */
  #waiting = new Map<net.Socket, (() => string)[]>();
  /** How far into the stream each connection has written. */
  #offset = new Map<net.Socket, number>();
  #midMessage = new Set<net.Socket>();

  constructor(private readonly o: FakeAmiOptions) {
    this.server = net.createServer((socket) => this.#serve(socket, this.connections++));
  }

  /** Listens on `port` (a free one by default); again after `close`, as a restarted switch. */
  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Stops listening and drops every connection, as a switch that went down. Idempotent. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #serve(socket: net.Socket, n: number): void {
    this.#sockets.add(socket);
    socket.on("close", () => {
      this.#sockets.delete(socket);
      this.#offset.delete(socket);
    });
    socket.on("error", () => {});
    const parser = new AmiParser({ starts: ["action"] });
    socket.write("Asterisk Call Manager/11.0.0\r\n");
    socket.on("data", (chunk) => {
      for (const item of parser.push(chunk)) {
        if (item.kind !== "message") continue;
        const m = item.message;
        this.actions.push(m);
        const id = header(m, "ActionID") ?? "";
        const action = header(m, "Action");
        if (action === "Login") {
          const ok = header(m, "Secret") === this.o.secret;
          this.#reply(
            socket,
            ok
              ? `Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`
              : `Response: Error\r\nActionID: ${id}\r\nMessage: Authentication failed\r\n\r\n`,
          );
          this.#offset.set(socket, this.o.startAt?.(n) ?? 0);
          this.position = this.o.startAt?.(n) ?? 0;
          if (ok)
            this.#stream(
              socket,
              this.o.startAt?.(n) ?? 0,
              this.o.endAt?.(n) ?? this.o.stream.length,
            );
        } else if (action === "Ping") {
          if (this.o.answerPing?.(n) === false) continue;
          this.#reply(
            socket,
            `Response: Success\r\nActionID: ${id}\r\nPing: Pong\r\nTimestamp: ${(
              (this.o.pingTime?.(this.position) ?? Date.now()) / 1000
            ).toFixed(6)}\r\n\r\n`,
          );
        } else if (action === "QueueStatus") {
          this.#reply(socket, () => {
            const items = this.o.queueStatus?.(n, this.#offset.get(socket) ?? 0) ?? [];
            let out = `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\n`;
            for (const body of items) out += `${body}ActionID: ${id}\r\n\r\n`;
            out += `Event: QueueStatusComplete\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: ${items.length}\r\n\r\n`;
            return out;
          });
        } else {
          const reply = this.o.reply?.(m);
          if (reply !== undefined) {
            this.#reply(
              socket,
              `Response: ${reply.startsWith("Error") ? "Error" : "Success"}\r\nActionID: ${id}\r\nMessage: ${reply.replace(/^Error: /, "")}\r\n\r\n`,
            );
            for (const event of this.o.after?.(m) ?? []) this.#reply(socket, event);
          }
        }
      }
    });
  }

  /** Writes a reply, made when written (a QueueStatus tells the present of that moment). */
  #reply(socket: net.Socket, text: string | (() => string)): void {
    const make = typeof text === "string" ? () => text : text;
    if (this.#midMessage.has(socket))
      this.#waiting.set(socket, [...(this.#waiting.get(socket) ?? []), make]);
    else socket.write(make());
  }

  /** Writes the stream from `offset` in reads of random size, yielding between them. */
  #stream(socket: net.Socket, offset: number, end: number): void {
    const max = this.o.maxChunk ?? 3000;
    let at = offset;
    const step = (): void => {
      if (socket.destroyed) return;
      if (at >= end) {
        this.served += 1;
        return;
      }
      const waiting = this.#waiting.get(socket) ?? [];
      const boundary = this.o.stream.indexOf("\r\n\r\n", at);
      // With a reply waiting, this read ends where the message does.
      const size =
        waiting.length > 0 && boundary >= 0
          ? boundary + 4 - at
          : 1 + Math.floor(Math.random() * max);
      const next = Math.min(end, at + size);
      socket.write(this.o.stream.subarray(at, next));
      at = next;
      this.#offset.set(socket, at);
      this.position = at;
      const midMessage =
        at > 0 && (at < 4 || !this.o.stream.subarray(at - 4, at).equals(Buffer.from("\r\n\r\n")));
      if (midMessage) this.#midMessage.add(socket);
      else {
        this.#midMessage.delete(socket);
        this.#waiting.delete(socket);
        for (const make of waiting) socket.write(make());
      }
      setImmediate(step);
    };
    setImmediate(step);
  }
}

/** The recording's bytes after its banner and its Login response. */
export function streamOf(recording: Buffer): Buffer {
  const end = recording.indexOf("\r\n\r\n", recording.indexOf("Response: Success"));
  return recording.subarray(end + 4);
}
