/**
 * Mounts a desk page (sign-in, setup, admin): the wall's font and colours, the desk layout, the
 * page's language set on the document before anything shows.
 */
import "@fontsource/vazirmatn/400.css";
import "@fontsource/vazirmatn/700.css";
import "../app.css";
import "./desk.css";
import { mount, type Component } from "svelte";
import { deskLocale, type DeskLocale } from "./desk-locale.ts";

export function mountDesk(
  page: Component<{ locale: DeskLocale }>,
  title: (locale: DeskLocale) => string,
): void {
  const locale = deskLocale(window.location);
  document.documentElement.lang = locale.lang;
  document.documentElement.dir = locale.dir;
  document.title = title(locale);
  const target = document.getElementById("app");
  if (!target) throw new Error("the page has no #app element");
  mount(page, { target, props: { locale } });
}
