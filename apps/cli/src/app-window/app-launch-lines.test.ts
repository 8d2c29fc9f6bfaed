import { describe, expect, it } from "vitest";
import { describeAppLaunch, linkLifetime } from "./app-launch-lines.ts";
import type { AppLaunch } from "./launch-app.ts";

const now = Date.parse("2026-12-07T07:00:00.000Z");
const link = {
  code: "Q2hvb3NlIGEgbG9uZyByYW5kb20gY29kZSBmb3IgdGh",
  url: "http://127.0.0.1:4801/#code=Q2hvb3NlIGEgbG9uZyByYW5kb20gY29kZSBmb3IgdGh",
  expiresAt: "2026-12-07T07:02:00.000Z",
};

function launch(outcome: AppLaunch["outcome"]): AppLaunch {
  return { link, outcome };
}

describe("what the person reads about the App", () => {
  it("says in one line where it opened, without the link", () => {
    expect(describeAppLaunch(launch({ opened: true, browser: "Chromium", appWindow: true }), now)).toEqual({
      lines: ["Opened MultiClaw in Chromium (app window)."],
    });
    expect(describeAppLaunch(launch({ opened: true, browser: null, appWindow: false }), now)).toEqual({
      lines: ["Opened MultiClaw in your default browser."],
    });
    expect(
      describeAppLaunch(launch({ opened: true, browser: "firefox", appWindow: false }), now).lines,
    ).toEqual(["Opened MultiClaw in firefox."]);
  });

  it("prints the link, once-only and for how long, when no browser was wanted", () => {
    expect(describeAppLaunch(launch({ opened: false, why: "BROWSER=none", asked: true }), now)).toEqual({
      lines: [
        `Open MultiClaw in a browser on this machine: ${link.url}`,
        "This link works once, within 2 minutes; `multiclaw app` makes a new one.",
      ],
    });
  });

  it("warns why when a browser could not be opened, and still gives the link", () => {
    const text = describeAppLaunch(
      launch({ opened: false, why: "/usr/bin/chromium exited with code 1", asked: false }),
      now,
      "MULTICLAW_HOME=/data npx multiclaw app",
    );
    expect(text).toEqual({
      warning: "Could not open a browser: /usr/bin/chromium exited with code 1.",
      lines: [
        `Open MultiClaw in a browser on this machine: ${link.url}`,
        "This link works once, within 2 minutes; `MULTICLAW_HOME=/data npx multiclaw app` makes a new one.",
      ],
    });
  });

  it("counts the link's lifetime from the gateway's expiry", () => {
    expect(linkLifetime("2026-12-07T07:02:00.000Z", now)).toBe("2 minutes");
    expect(linkLifetime("2026-12-07T07:01:10.000Z", now)).toBe("1 minute");
    expect(linkLifetime("2026-12-07T07:00:45.000Z", now)).toBe("45 seconds");
    expect(linkLifetime("2026-12-07T06:59:00.000Z", now)).toBe("0 seconds");
  });
});
