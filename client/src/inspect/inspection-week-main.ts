import { mountDesk } from "../shell/mount-desk.ts";
// After the shell's styles, so the print colours override the screen's.
import "./inspect.css";
import WeekPage from "./WeekPage.svelte";
import { inspectMessages } from "./inspect-format.ts";

mountDesk(WeekPage, (locale) => inspectMessages(locale.lang).weekTitle);
