import { mountDesk } from "../shell/mount-desk.ts";
import AuditPage from "./AuditPage.svelte";
import { auditMessages } from "./audit-messages.ts";

mountDesk(AuditPage, (locale) => auditMessages(locale.lang).title);
