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
export async function deleteKeys(prefix: string): Promise<number> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    let deleted = 0;
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
      if (keys.length > 0) deleted += await client.del(keys);
    }
    return deleted;
  } finally {
    await client.close();
  }
}
