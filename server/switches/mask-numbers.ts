/**
 * Phone numbers in switch text are personal data: before any switch text reaches a log line,
 * every run that looks like a number is replaced. Iranian numbers are written in many forms
 * (09121234567, +98 (912) 123-4567, 0912 123 4567, (051) 3222-1234, in Persian or Arabic-Indic
 * digits, or mixed), so a run is digits of any of the three scripts with the separators people
 * put between them; a run of at least MIN_DIGITS digits is masked whole. Pure.
 */

/** ASCII, Arabic-Indic (U+0660–0669) and Persian (U+06F0–06F9) digits. */
const DIGIT = "[0-9\\u0660-\\u0669\\u06F0-\\u06F9]";
/** What people write between the digits of one number: spaces, dashes, dots, brackets, slashes. */
const SEPARATOR = "[\\s\\-.()/\\u2010-\\u2015\\u2212]";
const RUN = new RegExp(`[+(]*${DIGIT}(?:${SEPARATOR}{0,3}${DIGIT})*\\)?`, "gu");
const ONE_DIGIT = new RegExp(DIGIT, "gu");

/** Shorter runs stay: queue positions, extensions (1001), seconds. */
export const MIN_DIGITS = 6;

export const NUMBER_MASK = "[number]";

export function maskNumbers(text: string): string {
  return text.replace(RUN, (run) =>
    (run.match(ONE_DIGIT)?.length ?? 0) >= MIN_DIGITS ? NUMBER_MASK : run,
  );
}
