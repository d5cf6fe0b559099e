/** A benchmark process driven over IPC: one request at a time, answered with {ok, result}. */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

export class Child {
  readonly #process: ChildProcess;
  #exited = false;

  private constructor(process: ChildProcess) {
    this.#process = process;
    process.once("exit", () => (this.#exited = true));
  }

  /** Starts bench/support/NAME.ts with tsx and the GC exposed. */
  static start(name: string): Child {
    const script = path.resolve(import.meta.dirname, `${name}.ts`);
    return new Child(
      fork(script, [], {
        execArgv: ["--import", "tsx", "--expose-gc", "--max-old-space-size=4096"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      }),
    );
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** Sends a command and resolves with the next answer. */
  request<T>(command: object, timeoutMs = 600_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no answer to ${JSON.stringify(command).slice(0, 80)}`));
      }, timeoutMs);
      const onMessage = (message: {
        ok?: boolean;
        ready?: boolean;
        result?: T;
        error?: string;
      }) => {
        cleanup();
        if (message.ok === false) reject(new Error(message.error));
        else resolve((message.ready ? message : message.result) as T);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(
          new Error(
            `benchmark process exited (${code}) during ${JSON.stringify(command).slice(0, 80)}`,
          ),
        );
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.#process.off("message", onMessage);
        this.#process.off("exit", onExit);
      };
      this.#process.on("message", onMessage);
      this.#process.once("exit", onExit);
      this.#process.send(command);
    });
  }

  /** Asks it to stop, and kills it if it does not within a few seconds. */
  async stop(command: object = { cmd: "stop" }): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.#process.once("exit", () => resolve()));
    this.#process.send(command);
    const timer = setTimeout(() => this.#process.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
