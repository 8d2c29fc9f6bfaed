import { describe, expect, it } from "vitest";
import { appContentSecurityPolicy, serialiseContentSecurityPolicy } from "./app-csp.ts";

describe("the App's Content-Security-Policy", () => {
  it("allows the page's own origin and its gateway's WebSocket, and nothing else", () => {
    expect(serialiseContentSecurityPolicy(appContentSecurityPolicy(4801))).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self' ws://127.0.0.1:4801 ws://localhost:4801; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'; form-action 'self'",
    );
  });

  it("names no inline script, no eval and no other host in any directive", () => {
    for (const sources of Object.values(appContentSecurityPolicy(4801))) {
      for (const source of sources) {
        expect(source).not.toMatch(/unsafe|https?:|\*/);
      }
    }
  });
});
