/**
 * The wall's language: Persian by default, English with `?lang=en`. One object carries the
 * direction, the catalogue and the formatters, so a component never mixes two languages.
 */
import { createFormat, type Format, type Lang } from "../format.ts";
import { en } from "./en.ts";
import { fa } from "./fa.ts";
import type { Messages } from "./messages.ts";

export interface Locale {
  lang: Lang;
  dir: "rtl" | "ltr";
  messages: Messages;
  format: Format;
}

/** The language asked for in the page's query string; anything unknown falls back to Persian. */
export function langFromQuery(search: string): Lang {
  return new URLSearchParams(search).get("lang") === "en" ? "en" : "fa";
}

export function createLocale(lang: Lang): Locale {
  return lang === "en"
    ? { lang, dir: "ltr", messages: en, format: createFormat("en") }
    : { lang, dir: "rtl", messages: fa, format: createFormat("fa") };
}
