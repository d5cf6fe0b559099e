import "./admin.css";
import { mountDesk } from "../shell/mount-desk.ts";
import AdminPage from "./AdminPage.svelte";

mountDesk(AdminPage, (locale) => locale.m.admin.title);
