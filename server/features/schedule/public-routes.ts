/**
 * The published schedule for citizens, without signing in: the coming week's sessions as a page
 * (/schedule, Persian; ?lang=en for English) and each county's sessions as an iCalendar feed
 * (/schedule/COUNTY.ics). Only what the province publishes: official, line, time — never who
 * entered a session, nor anything of the switch.
 */
import express, { type Request, type Router } from "express";
import { publicSchedule, sessionsOfCounty } from "../../../shared/public-schedule.ts";
import type { County, Reference } from "../../../shared/reference.ts";
import { nextTehranDayStart, tehranDayStart } from "../../../shared/tehran-time.ts";
import { publicPage, publicRoute } from "../../gateway/access.ts";
import type { SessionsSource } from "../../schedule/sessions-source.ts";
import { toICalendar } from "./icalendar.ts";
import { PUBLIC_PAGE_CSS, renderPublicPage, type PageLang } from "./public-page.ts";

const DAY_MS = 86_400_000;
/** The feed: the last two weeks (a calendar keeps what just happened) and the next eight. */
const FEED_PAST_DAYS = 14;
const FEED_AHEAD_DAYS = 56;
const CACHE = "public, max-age=300";

export interface PublicScheduleDeps {
  sessions: SessionsSource;
  /** Tells of a change to the timetable: the answers kept are dropped. @default none */
  onChange?: (listener: () => void) => unknown;
  reference: Pick<Reference, "counties" | "agencies" | "lines" | "officials">;
  /** @default Date.now */
  now?: () => number;
  /** The built client's @font-face rules of the app's Persian font (built-fonts.ts). */
  fontFaces?: string;
}

/** The Tehran day `days` after the one holding `ms` (DST-proof: steps day by day). */
function daysAfter(ms: number, days: number): number {
  let day = tehranDayStart(ms);
  for (let i = 0; i < days; i++) day = nextTehranDayStart(day);
  return day;
}

const langOf = (req: Request): PageLang => (req.query.lang === "en" ? "en" : "fa");

/** Answers kept for a minute, so a crowd reading the page costs one query a minute. */
const KEEP_MS = 60_000;

class AnswerCache {
  readonly #kept = new Map<string, { at: number; day: number; body: string }>();

  constructor(private readonly now: () => number) {}

  /** The kept answer for `key`, or a new one; a new Tehran day is a new answer too. */
  async get(key: string, make: () => Promise<string>): Promise<string> {
    const at = this.now();
    const day = tehranDayStart(at);
    const kept = this.#kept.get(key);
    if (kept && at - kept.at < KEEP_MS && kept.day === day) return kept.body;
    const body = await make();
    // Bounded: two languages, the page and one feed per county.
    if (this.#kept.size > 200) this.#kept.clear();
    this.#kept.set(key, { at, day, body });
    return body;
  }

  clear(): void {
    this.#kept.clear();
  }
}

export function publicScheduleRoutes(deps: PublicScheduleDeps): Router {
  const router = express.Router();
  const now = deps.now ?? Date.now;
  const cache = new AnswerCache(now);
  deps.onChange?.(() => cache.clear());

  const countyFeed = async (county: County, lang: PageLang): Promise<string> => {
    const at = now();
    const from = daysAfter(at - FEED_PAST_DAYS * DAY_MS, 0);
    const to = daysAfter(at, FEED_AHEAD_DAYS);
    const sessions = sessionsOfCounty(
      await deps.sessions.between(from, to),
      county.id,
      deps.reference,
    );
    const { counties, agencies } = publicSchedule(sessions, deps.reference);
    const events = [...counties, ...agencies].flatMap((group) =>
      group.sessions.map((s) => ({
        // The official and the start name a session: re-importing the same timetable keeps it.
        uid: `${s.official.id}-${new Date(s.start).toISOString()}@samad-live`,
        start: s.start,
        end: s.end,
        summary:
          lang === "fa" ? `${s.official.fa} — پاسخ‌گویی در ۱۱۱` : `${s.official.en} answers on 111`,
        location: s.line[lang],
        description:
          lang === "fa"
            ? `${s.official.fa} در این ساعت پاسخ‌گوی تماس شهروندان با شمارهٔ ۱۱۱ است.`
            : `${s.official.en} answers citizens' calls to 111 at this time.`,
      })),
    );
    events.sort((a, b) => a.start - b.start || a.uid.localeCompare(b.uid));
    const name = lang === "fa" ? `سامد ۱۱۱ — ${county.fa}` : `Samad 111 — ${county.en}`;
    return toICalendar({ name, stamp: at, events });
  };

  router.get("/schedule", publicPage(), async (req, res) => {
    const lang = langOf(req);
    const page = await cache.get(`page:${lang}`, async () => {
      const from = tehranDayStart(now());
      const to = daysAfter(from, 7);
      const schedule = publicSchedule(await deps.sessions.between(from, to), deps.reference);
      return renderPublicPage({ schedule, lang, from, to });
    });
    res.set("cache-control", CACHE).type("text/html; charset=utf-8").send(page);
  });

  router.get("/schedule/schedule.css", publicRoute(), (_req, res) => {
    res
      .set("cache-control", CACHE)
      .type("text/css; charset=utf-8")
      .send(`${deps.fontFaces ?? ""}\n${PUBLIC_PAGE_CSS}`);
  });

  router.get("/schedule/:county.ics", publicRoute(), async (req, res) => {
    const county = deps.reference.counties.find((c) => c.id === req.params.county);
    if (!county) {
      res.status(404).type("text/plain; charset=utf-8").send("no such county\n");
      return;
    }
    const lang = langOf(req);
    const feed = await cache.get(`feed:${lang}:${county.id}`, () => countyFeed(county, lang));
    res
      .set("cache-control", CACHE)
      .set("content-disposition", `inline; filename="${county.id}.ics"`)
      .type("text/calendar; charset=utf-8")
      .send(feed);
  });
  return router;
}
