/**
 * Every route the Express app answers, read from its router (and the routers mounted in it), with
 * the rule its guard carries: what the allow/deny test enumerates, so a route added without a
 * guard cannot go unnoticed.
 */
import type { Express } from "express";
import { RULE, type Guard, type Rule } from "./access.ts";

export interface RouteInfo {
  method: string;
  path: string;
  /** Null when no guard of access.ts is on the route: a defect. */
  rule: Rule | null;
  page: boolean;
}

/** The parts of Express's router layers this reads; they are not in its public typings. */
interface LayerLike {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
}

function guardOf(stack: { handle: unknown }[]): Guard | null {
  for (const layer of stack) {
    const handle = layer.handle as Partial<Guard> | undefined;
    if (handle && typeof handle === "function" && RULE in handle) return handle as Guard;
  }
  return null;
}

function walk(layers: readonly LayerLike[], prefix: string, out: RouteInfo[]): void {
  for (const layer of layers) {
    if (layer.route) {
      const guard = guardOf(layer.route.stack);
      for (const method of Object.keys(layer.route.methods)) {
        out.push({
          method: method.toUpperCase(),
          path: `${prefix}${layer.route.path}`,
          rule: guard?.[RULE] ?? null,
          page: guard?.page ?? false,
        });
      }
    } else if (layer.handle?.stack) {
      // A mounted router: its routes are under the path it is mounted at.
      const mount = typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : "";
      walk(layer.handle.stack, `${prefix}${mount}`, out);
    }
  }
}

export function listRoutes(app: Express): RouteInfo[] {
  const out: RouteInfo[] = [];
  walk((app.router as unknown as { stack: LayerLike[] }).stack, "", out);
  return out;
}
