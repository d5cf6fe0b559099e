/** /metrics: Prometheus' text, with declared families and labels, for a screen token only. */
import { afterEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../server/app.ts";
import { MemoryLog } from "../../../server/events/memory-log.ts";
import {
  bearer,
  connectClient,
  screenToken,
  startTestApp,
  waitFor,
  type TestSocket,
} from "../../support/app.ts";
import { appendEvents, event } from "../../support/events.ts";
import { smallReference } from "../../support/reference.ts";

let app: RunningApp | null = null;
let socket: TestSocket | null = null;
afterEach(async () => {
  socket?.disconnect();
  await app?.close();
});

describe("/metrics", () => {
  it("counts events by what became of them, sockets by role, deltas and flushes", async () => {
    const log = new MemoryLog();
    app = await startTestApp({ reference: smallReference(), eventLog: log });
    const token = await screenToken(app, "viewer");
    socket = connectClient(app.url, token);
    await waitFor(() => socket?.connected);
    await appendEvents(log, [
      event({ type: "call.joined", line: "kalat", call: "m1", at: Date.now() }),
    ]);
    await log.append(["{not json"]);
    const scrape = async () => {
      const response = await fetch(`${app?.url}/metrics`, { headers: bearer(token) });
      expect(response.headers.get("content-type")).toContain("text/plain");
      return response.text();
    };
    await expect.poll(scrape).toMatch(/^samad_events_total\{what="applied"\} 1$/m);
    const text = await scrape();
    expect(text).toMatch(/^samad_events_rejected_by_reason_total\{reason="not-json"\} 1$/m);
    expect(text).toMatch(/^samad_sockets\{role="viewer"\} 1$/m);
    expect(text).toMatch(/^samad_delta_bytes_count \d+$/m);
    expect(text).toMatch(/^samad_flush_seconds_count \d+$/m);
    expect(text).toMatch(/^samad_event_log_last_entry_age_seconds \d/m);
    expect(text).toMatch(/^samad_process_resident_memory_bytes \d+$/m);
    // No caller's number, no name: only declared labels.
    expect(text).not.toMatch(/caller|pseudonym/);
  });

  it("answers 401 without credentials", async () => {
    app = await startTestApp({ reference: smallReference() });
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
  });
});
