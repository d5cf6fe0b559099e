import { mountDesk } from "../shell/mount-desk.ts";
import ControlPage from "./ControlPage.svelte";
import { controlMessages } from "./control-messages.ts";

mountDesk(ControlPage, (locale) => controlMessages(locale.lang).title);
