import { describe, expect, it } from "vitest";
import { nextSteps } from "./start-next-steps.ts";

const now = Date.parse("2026-12-07T07:00:00.000Z");
const link = {
  code: "Q2hvb3NlIGEgbG9uZyByYW5kb20gY29kZSBmb3IgdGh",
  url: "http://127.0.0.1:4801/#code=Q2hvb3NlIGEgbG9uZyByYW5kb20gY29kZSBmb3IgdGh",
  expiresAt: "2026-12-07T07:02:00.000Z",
};

describe("npm start's closing lines", () => {
  it("name the opened App first and the terminal's commands as the other way", () => {
    const text = nextSteps({
      userEmail: "owner@multiclaw.local",
      environment: [],
      app: { launch: { link, outcome: { opened: true, browser: "Chromium", appWindow: true } } },
      now,
    });
    expect(text).toBe(`
  Opened MultiClaw in Chromium (app window).
  Chat, agents, keys, team and connections are all there.
  \`npx multiclaw app\` opens it again.

  Or in another terminal of this directory (you act as owner@multiclaw.local):
    npx multiclaw keys set openai        the key is read from a prompt or standard input
    npx multiclaw agents create --name helper --provider openai --model gpt-5-mini
    npx multiclaw chat helper "Hello"
  Also: npx multiclaw agents | tasks | team | connections | status (each with --help and --json).
  Stop with Ctrl-C.
`);
    expect(text).not.toContain(link.code);
  });

  it("print the link when no window was opened, with what another terminal needs to make a new one", () => {
    const text = nextSteps({
      userEmail: undefined,
      environment: ["MULTICLAW_HOME=/data", "MULTICLAW_GATEWAY_PORT=4901"],
      app: { launch: { link, outcome: { opened: false, why: "BROWSER=none", asked: true } } },
      now,
    });
    expect(text.split("\n").slice(0, 6)).toEqual([
      "",
      `  Open MultiClaw in a browser on this machine: ${link.url}`,
      "  This link works once, within 2 minutes; `MULTICLAW_HOME=/data MULTICLAW_GATEWAY_PORT=4901 npx multiclaw app` makes a new one.",
      "",
      "  Or in another terminal of this directory:",
      "  (with MULTICLAW_HOME=/data MULTICLAW_GATEWAY_PORT=4901 set, as this start has)",
    ]);
    expect(text).toContain("npx multiclaw login --user");
  });

  it("say why a browser did not open, and why there is no link when the gateway gave none", () => {
    const failed = nextSteps({
      userEmail: undefined,
      environment: [],
      app: { launch: { link, outcome: { opened: false, why: "chromium exited with code 1", asked: false } } },
      now,
    });
    expect(failed).toContain(
      `\n  Could not open a browser: chromium exited with code 1.\n  Open MultiClaw in a browser on this machine: ${link.url}\n`,
    );
    const noCode = nextSteps({
      userEmail: undefined,
      environment: [],
      app: { failed: "NOT_FOUND: no such route" },
      now,
    });
    expect(noCode).toContain(
      "\n  The app could not be opened: NOT_FOUND: no such route\n  Try again with `npx multiclaw app`.\n",
    );
  });
});
