import { APP_CODE_LIFETIME_SECONDS, AppSecret } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { createAppCodes } from "./app-codes.ts";

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("the App's one-time codes", () => {
  it("issues 32 random bytes in base64url, different every time", () => {
    const codes = createAppCodes({ now: Date.now });
    const issued = new Set(Array.from({ length: 20 }, () => codes.issue().code));
    expect(issued.size).toBe(20);
    for (const code of issued) expect(AppSecret.safeParse(code).success).toBe(true);
  });

  it("redeems a code once only", () => {
    const codes = createAppCodes({ now: Date.now });
    const { code } = codes.issue();
    expect(codes.redeem(code)).toBe(true);
    expect(codes.redeem(code)).toBe(false);
  });

  it("refuses a code it never issued", () => {
    const codes = createAppCodes({ now: Date.now });
    codes.issue();
    expect(codes.redeem("A".repeat(43))).toBe(false);
  });

  it("refuses a code once its lifetime has passed, and not a moment before", () => {
    const time = clock();
    const codes = createAppCodes({ now: time.now });
    const early = codes.issue();
    const late = codes.issue();
    expect(early.expiresAt).toBe(time.now() + APP_CODE_LIFETIME_SECONDS * 1000);
    time.advance(APP_CODE_LIFETIME_SECONDS * 1000 - 1);
    expect(codes.redeem(early.code)).toBe(true);
    time.advance(1);
    expect(codes.redeem(late.code)).toBe(false);
  });

  it("keeps a handful outstanding at most, dropping the oldest for a new one", () => {
    const codes = createAppCodes({ now: Date.now, maxOutstanding: 3 });
    const [first, second, third, fourth] = [1, 2, 3, 4].map(() => codes.issue().code);
    expect(codes.redeem(first as string)).toBe(false);
    for (const code of [second, third, fourth]) expect(codes.redeem(code as string)).toBe(true);
  });
});
