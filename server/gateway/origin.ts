/**
 * Where a request comes from. Browsers send `Origin` on every cross-site request and on every
 * WebSocket, so a cookie can only be abused from another site when `Origin` says so: refuse a
 * foreign one. Allowed: the server's own host (as the request names it), or a configured list.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

/** How the server sits behind a reverse proxy (TRUST_PROXY). */
export type TrustProxy = "none" | "http" | "https";

export interface OriginPolicy {
  /** Extra origins allowed, e.g. "https://wall.example.org" (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
}

/** True when there is no Origin (not a cross-site browser request) or it is one we serve. */
export function originAllowed(headers: IncomingHttpHeaders, policy: OriginPolicy): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (policy.allowedOrigins.includes(origin)) return true;
  try {
    const { host } = new URL(origin);
    return host !== "" && host === headers.host;
  } catch {
    return false;
  }
}

/**
 * The caller's address: the socket's peer, or behind a trusted proxy the address the proxy
 * appended last to X-Forwarded-For (one hop: the proxy in front of us, nothing further).
 */
export function clientAddress(req: IncomingMessage, trustProxy: TrustProxy): string | null {
  if (trustProxy !== "none") {
    const forwarded = req.headers["x-forwarded-for"];
    const list = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",");
    const last = list
      .map((part) => part.trim())
      .filter(Boolean)
      .at(-1);
    if (last) return last.slice(0, 64);
  }
  return req.socket.remoteAddress ?? null;
}
