/**
 * A simulated Asterisk on a real TCP socket, speaking the Asterisk Manager Interface as Asterisk
 * 22 does in test/fixtures/asterisk: the banner, Login, Ping, QueueStatus (QueueParams with
 * app_queue's counters, QueueMember, QueueEntry, QueueStatusComplete), QueueAdd / QueueRemove /
 * QueuePause / QueuePenalty with Asterisk's answers, Logoff, and the queue events of the calls.
 * The calls are the project's Simulation (seeded, so the truth can be computed again) run at a
 * speed against the wall clock. It runs whether or not anyone is connected: calls that end while
 * no client listens are simply not heard, as on a real switch. It records when nobody listened.
 */
import net from "node:net";
import type { Reference } from "../../../shared/reference.ts";
import { AmiParser, header, type AmiMessage } from "../../../server/switches/ami/parser.ts";
import { Simulation } from "../../../server/switches/simulator/simulation.ts";
import type { SwitchCommand } from "../../../server/switches/switch-adapter.ts";
import { amiMessage, timestamp, type Fields } from "./ami-text.ts";
import { AsteriskQueues, type TimedMessage } from "./queues.ts";
import { SwitchPlan } from "./switch-plan.ts";

export interface SimulatedAsteriskOptions {
  reference: Reference;
  seed: number;
  /** Switch time the simulation starts at (epoch ms). */
  start: number;
  /** Switch milliseconds per wall millisecond. */
  speed: number;
  /** The manager user's secret. */
  secret: string;
  /** @default "samad" */
  username?: string;
  /** The switch's clock stops here (the calls hold still). @default null */
  holdAt?: number | null;
  /** @default 50 */
  tickMs?: number;
  /** @default Date.now */
  wallClock?: () => number;
}

/** A switch time span during which no logged-in session was hearing events. */
export interface Unheard {
  from: number;
  to: number | null;
}

interface Session {
  socket: net.Socket;
  loggedIn: boolean;
  events: boolean;
}

export class SimulatedAsterisk {
  readonly plan: SwitchPlan;
  readonly queues: AsteriskQueues;
  /** When nobody heard the switch: from its start until the first login, and every cut. */
  readonly unheard: Unheard[];
  /** AMI events sent, and how many of them no session heard. */
  readonly stats = { events: 0, unheard: 0, logins: 0, actions: 0 };
  readonly #o: SimulatedAsteriskOptions;
  readonly #simulation: Simulation;
  readonly #server: net.Server;
  readonly #sessions = new Set<Session>();
  readonly #wall: () => number;
  #wallStart = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: SimulatedAsteriskOptions) {
    this.#o = options;
    this.#wall = options.wallClock ?? Date.now;
    this.plan = new SwitchPlan(options.reference);
    this.queues = new AsteriskQueues(options.reference, this.plan);
    this.#simulation = new Simulation({
      reference: options.reference,
      seed: options.seed,
      start: options.start,
    });
    this.unheard = [{ from: options.start, to: null }];
    this.#server = net.createServer((socket) => this.#serve(socket));
  }

  /** The switch's time now. */
  simNow(): number {
    if (this.#wallStart === 0) return this.#o.start;
    const running = this.#o.start + (this.#wall() - this.#wallStart) * this.#o.speed;
    return Math.round(Math.min(running, this.#o.holdAt ?? Infinity));
  }

  /** Starts the switch's clock: calls come from now on, heard or not. */
  run(): void {
    if (this.#timer) return;
    this.#wallStart = this.#wall();
    this.#timer = setInterval(() => this.tick(), this.#o.tickMs ?? 50);
  }

  /** Listens on `port` (a free one by default). */
  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, "127.0.0.1", () => {
        this.#server.off("error", reject);
        resolve();
      });
    });
    return (this.#server.address() as net.AddressInfo).port;
  }

  /** Stops the clock, closes every session and the port. Idempotent. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (const session of this.#sessions) session.socket.destroy();
    if (!this.#server.listening) return;
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Runs the simulation up to the switch's time now and sends what happened. */
  tick(): void {
    if (this.#wallStart === 0) return; // not started: nothing has happened yet
    this.#broadcast(this.queues.translate(this.#simulation.advanceTo(this.simNow())));
  }

  #listening(): number {
    let n = 0;
    for (const s of this.#sessions) if (s.loggedIn && s.events) n += 1;
    return n;
  }

  #broadcast(messages: TimedMessage[]): void {
    for (const { text } of messages) {
      this.stats.events += 1;
      let heard = false;
      for (const s of this.#sessions) {
        if (!s.loggedIn || !s.events || s.socket.destroyed) continue;
        s.socket.write(text);
        heard = true;
      }
      if (!heard) this.stats.unheard += 1;
    }
  }

  /** Someone listens again, or nobody does any more: the spans nobody heard. */
  #listenersChanged(before: number): void {
    const after = this.#listening();
    const open = this.unheard.at(-1);
    if (before === 0 && after > 0 && open && open.to === null) open.to = this.simNow();
    if (before > 0 && after === 0) this.unheard.push({ from: this.simNow(), to: null });
  }

  #serve(socket: net.Socket): void {
    const session: Session = { socket, loggedIn: false, events: true };
    this.#sessions.add(session);
    socket.setNoDelay(true);
    socket.on("error", () => undefined);
    socket.on("close", () => {
      const before = this.#listening();
      this.#sessions.delete(session);
      this.#listenersChanged(before);
    });
    const parser = new AmiParser({ starts: ["action"] });
    socket.write("Asterisk Call Manager/11.0.0\r\n");
    socket.on("data", (chunk: Buffer) => {
      for (const item of parser.push(chunk))
        if (item.kind === "message") this.#action(session, item.message);
    });
  }

  #reply(session: Session, id: string | undefined, fields: Fields): void {
    const [first, ...rest] = fields;
    const withId: Fields = [
      ...(first ? [first] : []),
      ...(id === undefined ? [] : ([["ActionID", id]] as const)),
      ...rest,
    ];
    session.socket.write(amiMessage(withId));
  }

  #action(session: Session, m: AmiMessage): void {
    this.stats.actions += 1;
    const action = (header(m, "Action") ?? "").toLowerCase();
    const id = header(m, "ActionID");
    const error = (message: string) =>
      this.#reply(session, id, [
        ["Response", "Error"],
        ["Message", message],
      ]);
    if (action === "login") return this.#login(session, m, id);
    if (action === "logoff") {
      this.#reply(session, id, [
        ["Response", "Goodbye"],
        ["Message", "Thanks for all the fish."],
      ]);
      session.socket.end();
      return;
    }
    if (!session.loggedIn) return error("Permission denied");
    switch (action) {
      case "ping":
        return this.#reply(session, id, [
          ["Response", "Success"],
          ["Ping", "Pong"],
          ["Timestamp", timestamp(this.simNow())],
        ]);
      case "queuestatus":
        return this.#queueStatus(session, id, header(m, "Queue"));
      case "queueadd":
      case "queueremove":
      case "queuepause":
      case "queuepenalty":
        return this.#queueAction(session, id, action, m);
      default:
        return error(
          `Invalid/unknown command: ${header(m, "Action") ?? ""}. Use Action: ListCommands to show available commands.`,
        );
    }
  }

  #login(session: Session, m: AmiMessage, id: string | undefined): void {
    const ok =
      header(m, "Username") === (this.#o.username ?? "samad") &&
      header(m, "Secret") === this.#o.secret;
    if (!ok) {
      this.#reply(session, id, [
        ["Response", "Error"],
        ["Message", "Authentication failed"],
      ]);
      session.socket.end();
      return;
    }
    this.stats.logins += 1;
    // What happened up to the login is the past: only what happens after it is heard.
    this.tick();
    const before = this.#listening();
    session.loggedIn = true;
    session.events = !/^(off|no|false|0)$/i.test(header(m, "Events") ?? "on");
    this.#reply(session, id, [
      ["Response", "Success"],
      ["Message", "Authentication accepted"],
    ]);
    if (session.events) {
      const uptime = Math.floor((this.simNow() - this.#o.start) / 1000);
      session.socket.write(
        amiMessage([
          ["Event", "FullyBooted"],
          ["Privilege", "system,all"],
          ["Uptime", uptime],
          ["LastReload", uptime],
          ["Status", "Fully Booted"],
        ]),
      );
    }
    this.#listenersChanged(before);
  }

  #queueStatus(session: Session, id: string | undefined, queue: string | undefined): void {
    this.tick();
    const rows = this.queues.queueStatus(this.simNow(), queue);
    this.#reply(session, id, [
      ["Response", "Success"],
      ["EventList", "start"],
      ["Message", "Queue status will follow"],
    ]);
    const tail: Fields = id === undefined ? [] : [["ActionID", id]];
    for (const row of rows) session.socket.write(amiMessage([...row, ...tail]));
    session.socket.write(
      amiMessage([
        ["Event", "QueueStatusComplete"],
        ...tail,
        ["EventList", "Complete"],
        ["ListItems", rows.length],
      ]),
    );
  }

  /** A queue action as app_queue answers it; its events follow the response, to every listener. */
  #queueAction(session: Session, id: string | undefined, action: string, m: AmiMessage): void {
    this.tick();
    const command = this.#command(action, m);
    const answer = (ok: boolean, message: string) =>
      this.#reply(session, id, [
        ["Response", ok ? "Success" : "Error"],
        ["Message", message],
      ]);
    if (!command.ok) return answer(false, command.error);
    const result = this.#simulation.command(command.command);
    if (!result.ok) return answer(false, asteriskError(action, result.error));
    const type = command.command.type;
    answer(true, type === "resume" ? UNPAUSED : (SUCCESS[action] ?? "Success"));
    this.#broadcast(this.queues.translate(this.#simulation.drain()));
  }

  #command(
    action: string,
    m: AmiMessage,
  ): { ok: true; command: SwitchCommand } | { ok: false; error: string } {
    const member = this.plan.byInterface(header(m, "Interface") ?? "");
    const queue = header(m, "Queue");
    const line = queue === undefined ? undefined : this.plan.lineOf(queue);
    if (queue !== undefined && line === undefined)
      return { ok: false, error: asteriskError(action, "Unable to find queue") };
    if (!member) return { ok: false, error: asteriskError(action, "Interface not found") };
    const official = member.official;
    const paused = /^(1|true|yes|on)$/i.test(header(m, "Paused") ?? "");
    const reason = header(m, "Reason") ?? "";
    if (action === "queuepause")
      return {
        ok: true,
        command: { type: paused ? "pause" : "resume", official, line, reason },
      };
    if (line === undefined)
      return { ok: false, error: asteriskError(action, "Unable to find queue") };
    if (action === "queueadd")
      return { ok: true, command: { type: "login", official, line, paused, reason } };
    if (action === "queueremove") return { ok: true, command: { type: "logout", official, line } };
    const penalty = Number(header(m, "Penalty") ?? "0");
    return { ok: true, command: { type: "penalty", official, line, penalty } };
  }
}

const UNPAUSED = "Interface unpaused successfully";
const SUCCESS: Record<string, string> = {
  queuepause: "Interface paused successfully",
  queueadd: "Added interface to queue",
  queueremove: "Removed interface from queue",
  queuepenalty: "Interface penalty set successfully",
};

/** The Simulation's refusal in app_queue's words for the action. */
function asteriskError(action: string, error: string): string {
  if (action === "queuepenalty") return "Invalid interface, queuename or penalty";
  if (error === "Unable to find queue")
    return action === "queueadd"
      ? "Unable to add interface to queue: No such queue"
      : action === "queueremove"
        ? "Unable to remove interface from queue: No such queue"
        : "Interface not found";
  if (action === "queueadd" && error === "Interface not found")
    return "Unable to add interface to queue: No such queue";
  return error;
}
