/** Reads data/*.json and validates them; a bad file stops the start naming file, entry and field. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  parseReference,
  REFERENCE_FILES,
  ReferenceError,
  thresholdsSchema,
  type Reference,
  type Thresholds,
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

export const THRESHOLDS_FILE = "thresholds.json";

/** Every threshold of the wall (data/thresholds.json); a bad value names the file and the field. */
export async function loadThresholds(dataDir: string): Promise<Thresholds> {
  const raw = await readJson(dataDir, THRESHOLDS_FILE);
  const result = thresholdsSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ReferenceError(
    `${THRESHOLDS_FILE}: field ${issue?.path.join(".") || "(file)"}: ${issue?.message ?? "invalid"}`,
  );
}
