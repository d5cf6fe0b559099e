/** The inspection API's calls, with the desk pages' session cookie. */
import type { Period } from "../../../shared/periods.ts";
import { api, type ApiResult } from "../shell/api.ts";
import {
  inspectionUrl,
  type CallRow,
  type Grouping,
  type IntervalRow,
  type OfficialIntervalRow,
  type SessionRow,
  type Summary,
} from "./inspect-types.ts";

export const fetchSummary = (period: Period, by: Grouping): Promise<ApiResult<Summary>> =>
  api<Summary>("GET", inspectionUrl("summary", { period, by }));

export const fetchSessions = (period: Period): Promise<ApiResult<{ rows: SessionRow[] }>> =>
  api("GET", inspectionUrl("sessions", { period }));

export const fetchAbandoned = (
  date: string,
): Promise<ApiResult<{ rows: CallRow[]; truncated: boolean }>> =>
  api("GET", inspectionUrl("abandoned", { date }));

/** A line's, county's or agency's figures per interval; an official's own time and calls. */
export const fetchIntervals = (
  period: Period,
  by: Grouping,
  id: string,
): Promise<ApiResult<{ rows: IntervalRow[] | OfficialIntervalRow[] }>> =>
  api("GET", inspectionUrl("intervals", { period, by, id }));

export const fetchCalls = (
  period: Period,
  by: Grouping,
  id: string,
): Promise<ApiResult<{ rows: CallRow[]; truncated: boolean }>> =>
  api("GET", inspectionUrl("calls", { period, by, id }));
