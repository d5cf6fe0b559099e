/** The desk pages' language: Persian by default, English with `?lang=en`, as on the wall. */
import { createFormat, type Format, type Lang } from "../lib/format.ts";
import { deskEn } from "./desk-en.ts";
import { deskFa } from "./desk-fa.ts";
import type { DeskMessages } from "./desk-messages.ts";

export interface DeskLocale {
  lang: Lang;
  dir: "rtl" | "ltr";
  m: DeskMessages;
  format: Format;
  /** This page in the other language. */
  otherLanguageUrl: string;
  /** A path on this server in this page's language. */
  href(path: string): string;
}

export function deskLocale(location: { pathname: string; search: string }): DeskLocale {
  // As the wall reads it (lib/i18n/locale.ts), without pulling in the wall's catalogues.
  const lang: Lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "fa";
  const other = new URLSearchParams(location.search);
  if (lang === "en") other.delete("lang");
  else other.set("lang", "en");
  const query = other.toString();
  return {
    lang,
    dir: lang === "en" ? "ltr" : "rtl",
    m: lang === "en" ? deskEn : deskFa,
    format: createFormat(lang),
    otherLanguageUrl: `${location.pathname}${query ? `?${query}` : ""}`,
    href: (path) => (lang === "en" ? `${path}${path.includes("?") ? "&" : "?"}lang=en` : path),
  };
}
