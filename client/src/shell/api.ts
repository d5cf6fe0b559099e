/**
 * The desk pages' calls to the server: same-origin JSON with the session cookie. One answer type
 * for every call; a page whose session has ended is sent to sign in.
 */
import type { Role } from "../../../shared/wire.ts";

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: string; data: unknown };

/** Who is signed in, as GET /api/v1/session answers. */
export interface Who {
  kind: "account" | "token";
  name: string;
  role: Role;
  permissions: string[];
}

/** Reachability as the last call found it, for the shell's connection state. */
let listeners: ((online: boolean) => void)[] = [];
export function onReachability(listener: (online: boolean) => void): () => void {
  listeners.push(listener);
  return () => (listeners = listeners.filter((l) => l !== listener));
}

export function api<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  return call<T>(
    method,
    path,
    body === undefined
      ? undefined
      : {
          type: "application/json",
          text: JSON.stringify(body),
        },
  );
}

/** A body that is not JSON, such as a CSV file; the answer is JSON as ever. */
export function apiText<T>(
  method: string,
  path: string,
  body: { type: string; text: string },
): Promise<ApiResult<T>> {
  return call<T>(method, path, body);
}

async function call<T>(
  method: string,
  path: string,
  body: { type: string; text: string } | undefined,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers:
        body === undefined
          ? { accept: "application/json" }
          : { accept: "application/json", "content-type": body.type },
      body: body?.text,
      credentials: "same-origin",
    });
  } catch (error) {
    for (const listener of listeners) listener(false);
    return { ok: false, status: 0, error: (error as Error).message, data: null };
  }
  for (const listener of listeners) listener(true);
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) return { ok: true, status: response.status, data: data as T };
  const error = (data as { error?: unknown } | null)?.error;
  return {
    ok: false,
    status: response.status,
    error: typeof error === "string" ? error : `HTTP ${response.status}`,
    data,
  };
}

/** This page's address, for coming back to it after signing in. */
export function signInUrl(next = `${location.pathname}${location.search}`): string {
  return `/login?next=${encodeURIComponent(next)}`;
}

/** Only a path on this server: never send a signed-in browser elsewhere. */
export function safeNext(raw: string | null): string {
  return raw && raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\") ? raw : "/";
}
