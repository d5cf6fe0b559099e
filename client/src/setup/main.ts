import { mountDesk } from "../shell/mount-desk.ts";
import SetupPage from "./SetupPage.svelte";

mountDesk(SetupPage, (locale) => locale.m.setup.title);
