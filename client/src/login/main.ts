import { mountDesk } from "../shell/mount-desk.ts";
import LoginPage from "./LoginPage.svelte";

mountDesk(LoginPage, (locale) => locale.m.login.title);
