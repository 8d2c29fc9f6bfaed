import { APP_SESSION_COOKIE } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { appSessionCookie, appSessionIdOf, clearedAppSessionCookie } from "./app-session-cookie.ts";
import { APP_SESSION_LIFETIME_SECONDS } from "./app-sessions.ts";

const sessionId = "s".repeat(43);

function attributesOf(setCookie: string): string[] {
  return setCookie
    .split(";")
    .slice(1)
    .map((part) => part.trim());
}

describe("the App's session cookie", () => {
  it("is HttpOnly, SameSite=Strict, for the whole origin, for thirty days, and not Secure (plain loopback)", () => {
    const cookie = appSessionCookie(sessionId);
    expect(cookie.startsWith(`${APP_SESSION_COOKIE}=${sessionId};`)).toBe(true);
    expect(attributesOf(cookie).sort()).toEqual(
      ["HttpOnly", "Path=/", "SameSite=Strict", `Max-Age=${APP_SESSION_LIFETIME_SECONDS}`].sort(),
    );
    expect(APP_SESSION_LIFETIME_SECONDS).toBe(30 * 24 * 60 * 60);
  });

  it("is cleared with an empty value that has already expired", () => {
    const cookie = clearedAppSessionCookie();
    expect(cookie.startsWith(`${APP_SESSION_COOKIE}=;`)).toBe(true);
    expect(attributesOf(cookie)).toEqual(
      expect.arrayContaining(["Max-Age=0", "HttpOnly", "SameSite=Strict", "Path=/"]),
    );
    expect(cookie).toContain("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  });

  it("is read from a Cookie header among others, and not when empty or absent", () => {
    expect(appSessionIdOf(`theme=dark; ${APP_SESSION_COOKIE}=${sessionId}; other=1`)).toBe(sessionId);
    expect(appSessionIdOf(`${APP_SESSION_COOKIE}=`)).toBeUndefined();
    expect(appSessionIdOf("theme=dark")).toBeUndefined();
    expect(appSessionIdOf(undefined)).toBeUndefined();
  });
});
