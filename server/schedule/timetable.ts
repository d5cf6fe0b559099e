/**
 * The timetable the live model checks attendance against, kept in step with the database of
 * record: seeded from data/sessions.json on the very first start, reloaded at once when this
 * instance changes it, and within `pollMs` when another instance sharing the database does (it
 * raised the revision).
 */
import type { Reference, Session } from "../../shared/reference.ts";
import { toPublished, toScheduled, type ScheduledSession } from "../../shared/schedule.ts";
import { AuditTrail, SYSTEM } from "../access/audit-trail.ts";
import type { Logger } from "../log.ts";
import type { Database } from "../platform/db.ts";
import { SqlSessions } from "./sql-sessions.ts";

export const SEEDED_BY = "data/sessions.json";
const SLICE = 100;

export interface Timetable {
  store: SqlSessions;
  /** The sessions as the live model takes them, as of opening. */
  sessions: Session[];
  /** Calls `apply` with the whole timetable after each change, until the returned stop. */
  follow(apply: (sessions: Session[]) => void): () => void;
}

export async function openTimetable(options: {
  database: Database;
  reference: Pick<Reference, "sessions">;
  log: Logger;
  /** @default 30000 */
  pollMs?: number;
}): Promise<Timetable> {
  const store = new SqlSessions(options.database);
  // Only the first start needs the reference's sessions as instants.
  const seed =
    (await store.revision()) === 0 ? await inSlices(options.reference.sessions, toScheduled) : [];
  if (await store.seedIfNew(seed, SEEDED_BY)) {
    options.log.info({ sessions: seed.length }, "timetable seeded from data/sessions.json");
    await new AuditTrail(options.database).append({
      at: Date.now(),
      actor: SYSTEM,
      action: "schedule.seeded",
      subject: SEEDED_BY,
      detail: { sessions: seed.length },
    });
  }
  const opened = await store.revision();
  const sessions = await published(await store.all());
  return {
    store,
    sessions,
    follow(apply) {
      let revision = opened;
      let reloading: Promise<void> = Promise.resolve();
      let stopped = false;
      const reload = () => {
        reloading = reloading.then(async () => {
          if (stopped) return;
          try {
            const now = await store.revision();
            if (now === revision) return;
            const all = await store.all();
            revision = now;
            const sessions = await published(all);
            if (!stopped) apply(sessions);
          } catch (error) {
            options.log.warn({ err: (error as Error).message }, "could not reload the timetable");
          }
        });
      };
      const unlisten = store.onChange(reload);
      const timer = setInterval(reload, options.pollMs ?? 30_000);
      timer.unref();
      return () => {
        stopped = true;
        unlisten();
        clearInterval(timer);
      };
    },
  };
}

function published(sessions: readonly ScheduledSession[]): Promise<Session[]> {
  return inSlices(sessions, toPublished);
}

/**
 * Maps a long list a slice at a time, letting other work run between slices: a year's timetable
 * takes a few hundred milliseconds of time-zone arithmetic, which must not hold up the lease's
 * renewals or the sockets of instances sharing the process.
 */
async function inSlices<T, U>(items: readonly T[], map: (item: T) => U | null): Promise<U[]> {
  const out: U[] = [];
  for (let i = 0; i < items.length; i += SLICE) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const item of items.slice(i, i + SLICE)) {
      const mapped = map(item);
      if (mapped !== null) out.push(mapped);
    }
  }
  return out;
}
