import { mountDesk } from "../shell/mount-desk.ts";
// After the shell's styles, so the print colours override the screen's.
import "./inspect.css";
import InspectionPage from "./InspectionPage.svelte";
import { inspectMessages } from "./inspect-format.ts";

mountDesk(InspectionPage, (locale) => inspectMessages(locale.lang).title);
