/** Reads data/*.json and validates them; a bad file stops the start naming file, entry and field. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { alertThresholdsSchema, type AlertThresholds } from "../../shared/alerts.ts";
import {
  parseReference,
  REFERENCE_FILES,
  ReferenceError,
  type Reference,
} from "../../shared/reference.ts";

async function readJson(dir: string, file: string): Promise<unknown> {
  const full = path.join(dir, file);
  let text: string;
  try {
    text = await readFile(full, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ReferenceError(`${file}: cannot read ${full} (${code})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReferenceError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

export async function loadReference(dataDir: string): Promise<Reference> {
  const keys = Object.keys(REFERENCE_FILES) as (keyof Reference)[];
  const values = await Promise.all(keys.map((key) => readJson(dataDir, REFERENCE_FILES[key])));
  const raw = Object.fromEntries(keys.map((key, i) => [key, values[i]])) as Record<
    keyof Reference,
    unknown
  >;
  return parseReference(raw);
}

export const ALERTS_FILE = "alerts.json";

/** The wall's alert thresholds (data/alerts.json); a bad value names the file and the field. */
export async function loadAlertThresholds(dataDir: string): Promise<AlertThresholds> {
  const raw = await readJson(dataDir, ALERTS_FILE);
  const result = alertThresholdsSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ReferenceError(
    `${ALERTS_FILE}: field ${issue?.path.join(".") || "(file)"}: ${issue?.message ?? "invalid"}`,
  );
}
