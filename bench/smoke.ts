import path from "node:path";
import { alertThresholdsSchema } from "../shared/alerts.ts";
import { applyDelta, type Delta } from "../shared/snapshot.ts";
import { LiveModel } from "../server/live/live-model.ts";
import { loadReference } from "../server/reference/load-reference.ts";
import { Traffic } from "./support/traffic.ts";
const reference = await loadReference(path.resolve(import.meta.dirname, "..", "data"));
const t0 = Date.parse("2026-11-29T20:00:00+03:30");
const model = new LiveModel({
  reference,
  thresholds: alertThresholdsSchema.parse({}),
  epoch: "b",
  now: t0,
});
const traffic = new Traffic(reference, 3);
let n = 0;
const apply = (e: object, at: number) =>
  model.apply({ id: `${++n}-0`, appendedAt: at, message: JSON.stringify(e) });
for (const e of traffic.logins(t0)) apply(e, t0);
model.flush(t0, false, null);
let t = t0;
for (let f = 0; f < 100; f++) {
  for (let i = 0; i < 250; i++) {
    t += 1;
    apply(traffic.next(Math.floor(t)), Math.floor(t));
  }
  model.flush(t, false, null);
}
let snap = model.snapshot();
const deltas: string[] = [];
for (let f = 0; f < 50; f++) {
  for (let i = 0; i < 250; i++) {
    t += 1;
    apply(traffic.next(Math.floor(t)), Math.floor(t));
  }
  deltas.push(JSON.stringify(model.flush(t, false, null)));
}
const parsed = deltas.map((d) => JSON.parse(d) as Delta);
let s = performance.now();
for (let r = 0; r < 20; r++) for (const d of deltas) JSON.parse(d);
const parseMs = (performance.now() - s) / (20 * deltas.length);
s = performance.now();
for (let r = 0; r < 20; r++) {
  let c = snap;
  for (const d of parsed) c = applyDelta(c, d);
}
const applyMs = (performance.now() - s) / (20 * deltas.length);
console.log({ bytes: deltas[0]!.length, parseMs, applyMs });
