/**
 * The bus between switch adapters and aggregators. Messages are serialized events (one JSON
 * object each) so the in-process bus and Redis behave alike and the subscriber validates what it
 * receives, whoever published it. Order is kept per publisher.
 */
import type { SwitchEventInput } from "../../shared/events.ts";

export type MessageHandler = (message: string) => void;

export interface EventBus {
  readonly kind: "memory" | "redis";
  publish(messages: readonly string[]): Promise<void>;
  /** Resolves once the subscription is live; the handler must not throw. */
  subscribe(handler: MessageHandler): Promise<void>;
  isConnected(): boolean;
  /** Idempotent. */
  close(): Promise<void>;
}

export function publishEvents(bus: EventBus, events: readonly SwitchEventInput[]): Promise<void> {
  return bus.publish(events.map((event) => JSON.stringify(event)));
}
