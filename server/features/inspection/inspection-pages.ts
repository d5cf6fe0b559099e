/**
 * The inspection office's two pages: the inspection tables (/inspection) and the weekly account
 * the province publishes (/inspection/week). Both need inspect:read (inspector, admin); their
 * figures come from the inspection API, behind the same permission.
 */
import express, { type Router } from "express";
import { requirePagePermission } from "../../gateway/access.ts";
import { sendPage } from "../../gateway/pages.ts";

export function inspectionPages(deps: { clientDir: string }): Router {
  const router = express.Router();
  const inspect = requirePagePermission("inspect:read");
  router.get("/inspection", inspect, sendPage(deps.clientDir, "inspection.html"));
  router.get("/inspection/week", inspect, sendPage(deps.clientDir, "inspection-week.html"));
  return router;
}
