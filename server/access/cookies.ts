/** The one cookie samad-live sets: read from a Cookie header, written as a Set-Cookie header. */

/** The value of cookie `name` in a Cookie header, or null. Malformed pairs are skipped. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

export interface CookieOptions {
  /** Seconds; 0 removes the cookie. */
  maxAgeSec: number;
  secure: boolean;
}

/** httpOnly, SameSite=Lax (a link from elsewhere still opens the wall signed in), path /. */
export function sessionCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSec))}`,
  ];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

/** `__Host-` binds the cookie to this host and path; browsers accept it only when Secure. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-samad-session" : "samad-session";
}
