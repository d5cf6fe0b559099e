// The wall's only typeface, bundled: with only the fonts Debian's Chromium brings, Persian is boxes.
import "@fontsource/vazirmatn/400.css";
import "@fontsource/vazirmatn/700.css";
import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { displayOptions } from "./lib/display-options.ts";
import { createLocale, langFromQuery } from "./lib/i18n/locale.ts";

const locale = createLocale(langFromQuery(window.location.search));
document.documentElement.lang = locale.lang;
document.documentElement.dir = locale.dir;
document.title = locale.messages.documentTitle;

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element to mount the wall into");

const display = displayOptions(window.location.search);
if (display.kiosk) document.documentElement.classList.add("kiosk");

export default mount(App, { target, props: { locale, display } });
