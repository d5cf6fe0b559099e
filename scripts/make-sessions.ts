/**
 * Writes data/sessions.json: the officials' published session timetable for Azar–Esfand 1405,
 * from the pattern the province publishes (see docs/simulator.md): each county governor one
 * weekly two-hour block (the ten largest counties two), four directors-general a working day for
 * an hour, the governor-general one two-hour session a month with a deputy, and one deputy's
 * session a week. Run: node --import tsx scripts/make-sessions.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { formatJalaliDate, gregorianToJalali, jalaliToGregorian } from "../shared/jalali.ts";
import type { County, Official, Session } from "../shared/reference.ts";

const dataDir = path.resolve(import.meta.dirname, "..", "data");
const counties = JSON.parse(readFileSync(path.join(dataDir, "counties.json"), "utf8")) as County[];
const officials = JSON.parse(
  readFileSync(path.join(dataDir, "officials.json"), "utf8"),
) as Official[];

const GOVERNOR_BLOCKS = [
  ["08:00", "10:00"],
  ["10:00", "12:00"],
  ["12:00", "14:00"],
] as const;
const AGENCY_BLOCKS = [
  ["08:30", "09:30"],
  ["09:30", "10:30"],
  ["11:00", "12:00"],
  ["12:00", "13:00"],
] as const;

/** Weekly slots: weekday (0 = Saturday … 4 = Wednesday) and block. */
const byPopulation = [...counties].sort((a, b) => b.population - a.population);
const governorSlots = new Map<string, { weekday: number; block: number }[]>();
byPopulation.forEach((county, i) => {
  const slots = [{ weekday: i % 5, block: Math.floor(i / 5) % 3 }];
  if (i < 10) slots.push({ weekday: (i + 2) % 5, block: (Math.floor(i / 5) + 1) % 3 });
  governorSlots.set(county.id, slots);
});
const directors = officials.filter((o) => o.role === "director-general");
const deputies = officials.filter((o) => o.role === "deputy-governor-general");

const sessions: Session[] = [];
const start = jalaliToGregorian({ jy: 1405, jm: 9, jd: 1 });
const end = jalaliToGregorian({ jy: 1405, jm: 12, jd: 29 });
const day = new Date(Date.UTC(start.gy, start.gm - 1, start.gd));
const last = Date.UTC(end.gy, end.gm - 1, end.gd);
let sundayOfMonth = 0;
let month = 0;
for (; day.getTime() <= last; day.setUTCDate(day.getUTCDate() + 1)) {
  const jalali = gregorianToJalali({
    gy: day.getUTCFullYear(),
    gm: day.getUTCMonth() + 1,
    gd: day.getUTCDate(),
  });
  const date = formatJalaliDate(jalali);
  const weekday = (day.getUTCDay() + 1) % 7; // JS Sunday 0 → Iranian Saturday 0
  if (weekday > 4) continue;
  if (jalali.jm !== month) {
    month = jalali.jm;
    sundayOfMonth = 0;
  }
  if (weekday === 1) sundayOfMonth += 1;
  for (const [county, slots] of governorSlots) {
    for (const slot of slots) {
      if (slot.weekday !== weekday) continue;
      const [from, to] = GOVERNOR_BLOCKS[slot.block] ?? GOVERNOR_BLOCKS[0];
      sessions.push({ official: `farmandar-${county}`, line: county, date, from, to });
    }
  }
  directors.forEach((director, i) => {
    if (i % 5 !== weekday) return;
    const [from, to] = AGENCY_BLOCKS[Math.floor(i / 5) % 4] ?? AGENCY_BLOCKS[0];
    sessions.push({ official: director.id, line: director.agency ?? director.id, date, from, to });
  });
  if (weekday === 1 && sundayOfMonth === 2) {
    sessions.push({ official: "ostandar", line: "ostandar", date, from: "10:00", to: "12:00" });
    const deputy = deputies[(month - 1) % deputies.length];
    if (deputy)
      sessions.push({ official: deputy.id, line: "ostandar", date, from: "10:00", to: "12:00" });
  }
  if (weekday === 3) {
    const week = Math.floor((jalali.jd - 1) / 7);
    const deputy = deputies[week % deputies.length];
    if (deputy)
      sessions.push({ official: deputy.id, line: "ostandar", date, from: "10:00", to: "11:30" });
  }
}

writeFileSync(path.join(dataDir, "sessions.json"), JSON.stringify(sessions, null, 1) + "\n");
console.log(`${sessions.length} sessions written`);
