/**
 * The AMI connection: TCP, the banner, Login with its ActionID, actions correlated by ActionID
 * (with list responses collected to their end), Ping keep-alive and reconnection with backoff.
 * It knows nothing of queues; the adapter gives it meaning. Credentials are never logged.
 *
 * Reconnecting: a TCP connect to the switch is cheap, so attempts are at most about a second
 * apart and the wall shows the switch back within that of it answering. Only a refused login
 * backs off further: retrying a wrong secret every second would flood the switch's security log.
 */
import net from "node:net";
import { maskNumbers } from "../mask-numbers.ts";
import { AmiParser, encodeAction, header, type AmiMessage } from "./parser.ts";

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** @default 20_000 */
  pingIntervalMs?: number;
  /** An action (and a Ping) unanswered this long fails. @default 5_000 */
  actionTimeoutMs?: number;
  /** First wait before reconnecting; doubles up to the longest. @default 500 */
  backoffInitialMs?: number;
  /** Longest wait between connection attempts. @default 1_000 */
  backoffMaxMs?: number;
  /** Longest wait after the switch refused the login. @default 30_000 */
  loginBackoffMaxMs?: number;
}

export interface AmiResponse {
  response: AmiMessage;
  /** The events of a list response (`EventList: start` … `complete`), without the last one. */
  list: AmiMessage[];
}

export interface AmiClientHandlers {
  /** Logged in (again): the moment to resync. */
  connected(): void;
  /**
   * Not connected: a logged-in connection was lost, or an attempt failed (refused, no answer,
   * login refused). The next attempt is in `retryInMs`.
   */
  down(reason: string, retryInMs: number): void;
  event(message: AmiMessage): void;
  banner?(text: string): void;
  /** The switch answered a Ping. */
  alive?(pong: AmiMessage): void;
}

interface Pending {
  resolve(value: AmiResponse): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  response?: AmiMessage;
  list: AmiMessage[];
  onListStart?: () => void;
}

export class AmiError extends Error {
  override name = "AmiError";
  /** Why an action got no response: not connected, or connected and no answer in time. */
  constructor(
    message: string,
    readonly code: "not-connected" | "no-answer" | "other" = "other",
  ) {
    super(message);
  }
}

export class AmiClient {
  readonly parser = new AmiParser();
  #socket: net.Socket | null = null;
  #pending = new Map<string, Pending>();
  #seq = 0;
  #stopped = false;
  #loggedIn = false;
  #attempt = 0;
  /** Why the current attempt failed, from the socket's error or the login's answer. */
  #failure: string | null = null;
  #loginRefused = false;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #pingTimer: NodeJS.Timeout | null = null;
  readonly #o: Required<AmiClientOptions>;

  constructor(
    options: AmiClientOptions,
    private readonly handlers: AmiClientHandlers,
  ) {
    this.#o = {
      pingIntervalMs: 20_000,
      actionTimeoutMs: 5_000,
      backoffInitialMs: 500,
      backoffMaxMs: 1_000,
      loginBackoffMaxMs: 30_000,
      ...options,
    };
  }

  get loggedIn(): boolean {
    return this.#loggedIn;
  }

  /** Where it connects, for logs: never the credentials. */
  get target(): string {
    return `${this.#o.host}:${this.#o.port}`;
  }

  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  /** Idempotent: closes the connection and fails what is still pending. */
  stop(): void {
    this.#stopped = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#drop("stopped");
  }

  /**
   * Sends an action and resolves with the switch's response (and list), or rejects on timeout or
   * a lost connection. `onListStart` runs when a list response begins.
   */
  send(
    fields: ReadonlyArray<readonly [string, string]>,
    onListStart?: () => void,
  ): Promise<AmiResponse> {
    const socket = this.#socket;
    if (!socket || (!this.#loggedIn && fields[0]?.[1] !== "Login")) {
      return Promise.reject(new AmiError("not connected to the switch", "not-connected"));
    }
    this.#seq += 1;
    const id = `samad-${this.#seq}`;
    const action = fields[0]?.[1] ?? "action";
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          new AmiError(
            `the switch did not answer ${action} within ${this.#o.actionTimeoutMs} ms`,
            "no-answer",
          ),
        );
      }, this.#o.actionTimeoutMs);
      this.#pending.set(id, {
        resolve,
        reject,
        timer,
        list: [],
        ...(onListStart ? { onListStart } : {}),
      });
      socket.write(
        encodeAction([fields[0] ?? ["Action", "Ping"], ["ActionID", id], ...fields.slice(1)]),
      );
    });
  }

  #connect(): void {
    if (this.#stopped) return;
    this.parser.reset();
    this.#failure = null;
    this.#loginRefused = false;
    const socket = net.connect({ host: this.#o.host, port: this.#o.port });
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.setTimeout(this.#o.actionTimeoutMs * 2);
    let greeted = false;
    socket.on("timeout", () => {
      if (this.#loggedIn) return;
      const what = greeted ? "no answer to Login" : "no greeting";
      socket.destroy(
        new AmiError(`${what} from ${this.target} within ${this.#o.actionTimeoutMs * 2} ms`),
      );
    });
    socket.on("data", (chunk: Buffer) => {
      for (const item of this.parser.push(chunk)) {
        if (item.kind === "banner") {
          this.handlers.banner?.(item.text);
          if (!greeted) {
            greeted = true;
            void this.#login(socket);
          }
        } else this.#dispatch(item.message);
      }
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      this.#failure ??= describeError(error, this.target, greeted);
    });
    socket.on("close", () => {
      if (this.#socket !== socket) return;
      const wasLoggedIn = this.#loggedIn;
      const reason =
        this.#failure ??
        (wasLoggedIn
          ? "the switch closed the connection"
          : `${this.target} closed the connection before login`);
      this.#drop(reason);
      const wait = this.#scheduleReconnect();
      if (wait !== null) this.handlers.down(reason, wait);
    });
  }

  async #login(socket: net.Socket): Promise<void> {
    try {
      const { response } = await this.send([
        ["Action", "Login"],
        ["Username", this.#o.username],
        ["Secret", this.#o.secret],
        ["Events", "on"],
      ]);
      if (header(response, "Response") !== "Success") {
        this.#loginRefused = true;
        const why = maskNumbers(header(response, "Message") ?? "no reason given").slice(0, 200);
        throw new AmiError(`login refused: ${why}`);
      }
      if (this.#socket !== socket) return;
      socket.setTimeout(0);
      this.#loggedIn = true;
      this.#attempt = 0;
      this.#pingTimer = setInterval(() => void this.#ping(socket), this.#o.pingIntervalMs);
      this.handlers.connected();
    } catch (error) {
      this.#failure ??= (error as Error).message;
      socket.destroy();
    }
  }

  async #ping(socket: net.Socket): Promise<void> {
    try {
      const { response } = await this.send([["Action", "Ping"]]);
      this.handlers.alive?.(response);
    } catch {
      if (this.#socket === socket) socket.destroy(new AmiError("no answer to Ping"));
    }
  }

  #dispatch(message: AmiMessage): void {
    const id = header(message, "ActionID");
    const pending = id === undefined ? undefined : this.#pending.get(id);
    if (!pending) {
      if (header(message, "Event") !== undefined) this.handlers.event(message);
      return;
    }
    if (!pending.response) {
      pending.response = message;
      if (header(message, "EventList")?.toLowerCase() === "start") {
        pending.onListStart?.();
        return;
      }
    } else if (header(message, "EventList")?.toLowerCase() !== "complete") {
      pending.list.push(message);
      return;
    }
    clearTimeout(pending.timer);
    if (id !== undefined) this.#pending.delete(id);
    pending.resolve({ response: pending.response, list: pending.list });
  }

  #drop(reason: string): void {
    this.#loggedIn = false;
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    this.#pingTimer = null;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new AmiError(`connection to the switch lost (${reason})`, "not-connected"));
    }
    this.#pending.clear();
    const socket = this.#socket;
    this.#socket = null;
    socket?.destroy();
  }

  /** The wait before the next attempt, or null when stopped. */
  #scheduleReconnect(): number | null {
    if (this.#stopped) return null;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    const max = this.#loginRefused ? this.#o.loginBackoffMaxMs : this.#o.backoffMaxMs;
    const wait = Math.min(max, this.#o.backoffInitialMs * 2 ** Math.min(this.#attempt, 20));
    this.#attempt += 1;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connect();
    }, wait);
    return wait;
  }
}

/** A socket error in words, with its code (ECONNREFUSED…) for whoever searches for it. */
function describeError(error: NodeJS.ErrnoException, target: string, reached: boolean): string {
  const words: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host name lookup failed",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ETIMEDOUT: "no answer",
    EPIPE: "connection broken",
  };
  if (error instanceof AmiError) return error.message;
  const code = error.code ?? "";
  const what = words[code] ?? error.message;
  const where = reached ? `connection to ${target} lost` : `cannot connect to ${target}`;
  return `${where}: ${what}${code ? ` (${code})` : ""}`;
}
