/**
 * helmet with a strict Content-Security-Policy the built client satisfies: scripts only from our
 * own origin, never inline; styles from our own origin plus the inline `<style>` blocks of the
 * built pages, allowed one by one by their hash (the wall's index.html paints its background
 * before the CSS arrives, so a wall screen never flashes white). No 'unsafe-inline' anywhere.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import helmet from "helmet";

/** `'sha256-…'` of every inline `<style>` in the built HTML pages. */
export function inlineStyleHashes(clientDir: string): string[] {
  if (!existsSync(clientDir)) return [];
  const hashes = new Set<string>();
  for (const file of readdirSync(clientDir).filter((name) => name.endsWith(".html"))) {
    const html = readFileSync(path.join(clientDir, file), "utf8");
    for (const match of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
      hashes.add(
        `'sha256-${createHash("sha256")
          .update(match[1] ?? "")
          .digest("base64")}'`,
      );
    }
  }
  return [...hashes];
}

export function securityHeaders(options: { clientDir: string; https: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", ...inlineStyleHashes(options.clientDir)],
        // client/vite.config.ts inlines nothing as data: URLs (assetsInlineLimit 0).
        "font-src": ["'self'"],
        "img-src": ["'self'"],
        // 'self' covers the socket's ws:/wss: on our own host.
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        ...(options.https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    // Only a server reached over HTTPS may tell browsers to insist on it.
    strictTransportSecurity: options.https,
    referrerPolicy: { policy: "no-referrer" },
  });
}
