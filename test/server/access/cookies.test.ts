import { describe, expect, it } from "vitest";
import { readCookie, sessionCookie, sessionCookieName } from "../../../server/access/cookies.ts";

describe("the session cookie", () => {
  it("is read from a Cookie header among others, skipping what does not parse", () => {
    expect(readCookie("a=1; samad-session=abc_-9; b=2", "samad-session")).toBe("abc_-9");
    expect(readCookie('samad-session="quoted"', "samad-session")).toBe("quoted");
    expect(readCookie("junk; =x; samad-session=%E2%9C%93", "samad-session")).toBe("✓");
    expect(readCookie("samad-session=%E0%A4%A", "samad-session")).toBeNull();
    expect(readCookie("other=1", "samad-session")).toBeNull();
    expect(readCookie(undefined, "samad-session")).toBeNull();
    expect(readCookie("xsamad-session=1", "samad-session")).toBeNull();
  });

  it("is httpOnly and SameSite, Secure with a __Host- name behind HTTPS", () => {
    expect(sessionCookie("samad-session", "v", { maxAgeSec: 60, secure: false })).toBe(
      "samad-session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60",
    );
    expect(sessionCookie(sessionCookieName(true), "v", { maxAgeSec: 0, secure: true })).toBe(
      "__Host-samad-session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure",
    );
  });
});
