/**
 * The inspection office's API (docs/api.md): summary, sessions, abandoned calls, and a row's
 * intervals and calls, each as JSON or, with format=csv, as a spreadsheet file. All need
 * inspect:read (inspectors and admins); a wrong parameter is a 400 that says which and why.
 */
import express, { type Request, type Response, type Router } from "express";
import { definitions, type Grouping } from "../../../shared/inspection.ts";
import { tehranJalaliDate } from "../../../shared/tehran-time.ts";
import { requirePermission } from "../../gateway/access.ts";
import { CALL_COLUMNS, intervalColumns, SESSION_COLUMNS, summaryColumns } from "./columns.ts";
import { csvFileName, toCsv } from "./csv.ts";
import {
  dayOf,
  groupingOf,
  idOf,
  outputOf,
  periodOf,
  QueryError,
  type Period,
} from "./inspection-query.ts";
import { MAX_CALL_ROWS, type InspectionService } from "./inspection-service.ts";

interface Answer {
  /** What the file is called after: the endpoint, and the grouping and id. */
  name: (string | undefined)[];
  period: Period;
  columns: string[];
  // Rows are interfaces (no index signature): read as records by column name only.
  body: { rows: readonly object[] } & Record<string, unknown>;
}

/** Answers JSON or CSV; a QueryError is the caller's mistake: 400 with its message. */
function handle(make: (req: Request) => Promise<Answer>) {
  return async (req: Request, res: Response): Promise<void> => {
    let answer: Answer;
    let output;
    try {
      output = outputOf(req.query);
      answer = await make(req);
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      res.status(400).json({ error: "bad-request", message: error.message });
      return;
    }
    res.set("cache-control", "no-store");
    if (output.format === "json") {
      res.json(answer.body);
      return;
    }
    const { version } = definitions();
    // The office writes Jalali dates; a file with English headers goes to systems that read ISO.
    const period =
      output.lang === "fa"
        ? `${tehranJalaliDate(answer.period.from)}..${tehranJalaliDate(answer.period.to - 1)}`
        : `${answer.period.fromDate}..${answer.period.toDate}`;
    const file = csvFileName(
      [...answer.name, answer.period.fromDate, answer.period.toDate, output.lang],
      version,
    );
    res
      .type("text/csv; charset=utf-8")
      .set("content-disposition", `attachment; filename="${file}"`)
      .send(
        toCsv({
          columns: answer.columns,
          rows: answer.body.rows as readonly Record<string, unknown>[],
          lang: output.lang,
          period,
          definitions: version,
        }),
      );
  };
}

export function inspectionRoutes(deps: { inspection: InspectionService }): Router {
  const router = express.Router();
  const read = requirePermission("inspect:read");
  const service = deps.inspection;
  const base = "/api/v1/inspection";

  router.get(
    `${base}/summary`,
    read,
    handle(async (req) => {
      const period = periodOf(req.query);
      const by = groupingOf(req.query);
      const rows = await service.summary(period, by);
      return {
        name: ["summary", by],
        period,
        columns: summaryColumns(by === "official"),
        body: { from: period.fromDate, to: period.toDate, by, definitions: definitions(), rows },
      };
    }),
  );

  router.get(
    `${base}/sessions`,
    read,
    handle(async (req) => {
      const period = periodOf(req.query);
      const rows = await service.sessions(period);
      return {
        name: ["sessions"],
        period,
        columns: SESSION_COLUMNS,
        body: { from: period.fromDate, to: period.toDate, definitions: definitions(), rows },
      };
    }),
  );

  router.get(
    `${base}/abandoned`,
    read,
    handle(async (req) => {
      const period = dayOf(req.query);
      const rows = await service.abandoned(period);
      return {
        name: ["abandoned"],
        period,
        columns: CALL_COLUMNS,
        body: {
          date: period.fromDate,
          definitions: definitions(),
          rows,
          truncated: rows.length >= MAX_CALL_ROWS,
        },
      };
    }),
  );

  // One row of the summary, drilled into: its intervals, or its calls.
  const drillDown = (
    what: "intervals" | "calls",
    columns: (byOfficial: boolean) => string[],
    fetch: (period: Period, by: Grouping, id: string) => Promise<readonly object[]>,
    truncates: boolean,
  ) =>
    router.get(
      `${base}/${what}`,
      read,
      handle(async (req) => {
        const period = periodOf(req.query);
        const by = groupingOf(req.query);
        const id = idOf(req.query, (x) => service.knows(by, x), by);
        const rows = await fetch(period, by, id);
        return {
          name: [what, by, id],
          period,
          columns: columns(by === "official"),
          body: {
            from: period.fromDate,
            to: period.toDate,
            by,
            id,
            definitions: definitions(),
            rows,
            ...(truncates ? { truncated: rows.length >= MAX_CALL_ROWS } : {}),
          },
        };
      }),
    );
  drillDown("intervals", intervalColumns, (p, by, id) => service.intervals(p, by, id), false);
  drillDown(
    "calls",
    () => CALL_COLUMNS,
    (p, by, id) => service.calls(p, by, id),
    true,
  );
  return router;
}
