import { describe, expect, it } from "vitest";
import { launchApp } from "./launch-app.ts";
import type { OpenAppLink } from "./open-app-link.ts";

const link = {
  code: "Q2hvb3NlIGEgbG9uZyByYW5kb20gY29kZSBmb3IgdGh",
  url: "http://127.0.0.1:4801/#code=Q2hvb3NlIGEgbG9uZyByYW5kb20gY29kZSBmb3IgdGh",
  expiresAt: "2026-12-07T07:02:00.000Z",
};

describe("launching the App", () => {
  it("opens the link the gateway gave, passing on --no-open", async () => {
    const opened: Array<[string, boolean | undefined]> = [];
    const openLink: OpenAppLink = async (url, options) => {
      opened.push([url, options?.noOpen]);
      return { opened: false, why: "--no-open was given", asked: true };
    };
    const result = await launchApp({ requestCode: async () => link, openLink, noOpen: true });
    expect(opened).toEqual([[link.url, true]]);
    expect(result).toEqual({ link, outcome: { opened: false, why: "--no-open was given", asked: true } });
  });

  it("opens nothing when the gateway gives no code", async () => {
    let opens = 0;
    const refusal = new Error("the gateway refused");
    await expect(
      launchApp({
        requestCode: async () => {
          throw refusal;
        },
        openLink: async () => {
          opens += 1;
          return { opened: true, browser: "Chromium", appWindow: true };
        },
      }),
    ).rejects.toBe(refusal);
    expect(opens).toBe(0);
  });
});
