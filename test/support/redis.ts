/** Each test works under its own key prefix on the one real Redis, and cleans only that. */
import { randomUUID } from "node:crypto";
import { createClient } from "redis";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function testPrefix(): string {
  return `samad-test:${randomUUID().slice(0, 8)}:`;
}

/** Publishes raw messages on a channel, as another process would. */
export async function publishRaw(channel: string, messages: string[]): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    for (const message of messages) await client.publish(channel, message);
  } finally {
    await client.close();
  }
}

/** Deletes every key under `prefix`: what a test stored, nothing of anyone else's. */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    await client.close();
  }
}

/** Appends raw entries to a stream as a foreign writer would, with no size check of ours. */
export async function xaddRaw(key: string, messages: string[]): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    for (const message of messages) await client.xAdd(key, "*", { e: message });
  } finally {
    await client.close();
  }
}

export async function redisGet(key: string): Promise<string | null> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    return await client.get(key);
  } finally {
    await client.close();
  }
}
