/** The embedded bus: one process, no Redis. Delivery is asynchronous, as over Redis. */
import type { EventBus, MessageHandler } from "./event-bus.ts";

export class MemoryBus implements EventBus {
  readonly kind = "memory";
  #handlers = new Set<MessageHandler>();
  #closed = false;

  async publish(messages: readonly string[]): Promise<void> {
    if (this.#closed) throw new Error("bus is closed");
    const batch = [...messages];
    queueMicrotask(() => {
      for (const handler of this.#handlers) for (const message of batch) handler(message);
    });
  }

  async subscribe(handler: MessageHandler): Promise<void> {
    if (this.#closed) throw new Error("bus is closed");
    this.#handlers.add(handler);
  }

  isConnected(): boolean {
    return !this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#handlers.clear();
  }
}
