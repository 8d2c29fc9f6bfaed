import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AppOpenPlanInput, chooseAppOpening } from "./app-open-plan.ts";
import { isExecutableFile } from "./find-executable.ts";

let root: string;
let bin: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "multiclaw-open-plan-"));
  bin = join(root, "bin");
  await mkdir(bin);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Puts runnable stand-ins of these programs in the fake PATH directory. */
async function install(...names: string[]): Promise<void> {
  for (const name of names) {
    await writeFile(join(bin, name), "#!/bin/sh\nexit 0\n");
    await chmod(join(bin, name), 0o755);
  }
}

function plan(env: NodeJS.ProcessEnv, overrides: Partial<AppOpenPlanInput> = {}) {
  return chooseAppOpening({
    env: { PATH: bin, DISPLAY: ":0", ...env },
    platform: "linux",
    noOpen: false,
    isExecutable: isExecutableFile,
    ...overrides,
  });
}

describe("how the App is opened", () => {
  it("opens nothing when asked not to, whatever is installed", async () => {
    await install("chromium", "xdg-open");
    expect(plan({}, { noOpen: true })).toEqual({
      kind: "print-link",
      why: "--no-open was given",
      asked: true,
    });
    expect(plan({ MULTICLAW_NO_OPEN: "1" })).toEqual({
      kind: "print-link",
      why: "MULTICLAW_NO_OPEN is set",
      asked: true,
    });
    expect(plan({ BROWSER: "none" })).toEqual({ kind: "print-link", why: "BROWSER=none", asked: true });
    expect(plan({ BROWSER: "None" })).toMatchObject({ kind: "print-link", asked: true });
    // "0" and an empty value mean "not set", as people write them in .env files.
    expect(plan({ MULTICLAW_NO_OPEN: "0" })).toMatchObject({ kind: "app-window" });
    expect(plan({ MULTICLAW_NO_OPEN: "" })).toMatchObject({ kind: "app-window" });
  });

  it("prefers Chromium, then Chrome, then Edge on PATH, as an app window", async () => {
    await install("microsoft-edge-stable", "google-chrome-stable", "xdg-open");
    expect(plan({})).toEqual({
      kind: "app-window",
      browser: { name: "Google Chrome", executable: join(bin, "google-chrome-stable") },
    });
    await install("chromium-browser");
    expect(plan({})).toEqual({
      kind: "app-window",
      browser: { name: "Chromium", executable: join(bin, "chromium-browser") },
    });
  });

  it("uses MULTICLAW_BROWSER first, as a path or a command, and says so when it is not there", async () => {
    await install("chromium", "brave-browser");
    const own = join(root, "opt", "thorium");
    await mkdir(join(root, "opt"));
    await writeFile(own, "#!/bin/sh\n");
    await chmod(own, 0o755);
    expect(plan({ MULTICLAW_BROWSER: own })).toEqual({
      kind: "app-window",
      browser: { name: "thorium", executable: own },
    });
    expect(plan({ MULTICLAW_BROWSER: "brave-browser" })).toMatchObject({
      browser: { executable: join(bin, "brave-browser") },
    });
    expect(plan({ MULTICLAW_BROWSER: "/nowhere/chrome" })).toEqual({
      kind: "print-link",
      why: "MULTICLAW_BROWSER=/nowhere/chrome is not a program here",
      asked: false,
    });
  });

  it("honours BROWSER: a Chromium-family one as an app window, any other in a tab", async () => {
    await install("chromium", "firefox", "google-chrome", "xdg-open");
    expect(plan({ BROWSER: "firefox" })).toEqual({
      kind: "browser",
      name: "firefox",
      launcher: { program: join(bin, "firefox"), argsBefore: [] },
    });
    expect(plan({ BROWSER: "google-chrome" })).toEqual({
      kind: "app-window",
      browser: { name: "google-chrome", executable: join(bin, "google-chrome") },
    });
    // A BROWSER that is not a program here (a template, a typo) is passed over.
    expect(plan({ BROWSER: "firefox %s" })).toMatchObject({
      kind: "app-window",
      browser: { name: "Chromium" },
    });
  });

  it("prints the link on Linux without a display, unless MULTICLAW_BROWSER names a browser", async () => {
    await install("chromium", "xdg-open");
    const why = "there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)";
    expect(plan({ DISPLAY: "" })).toEqual({ kind: "print-link", why, asked: false });
    expect(plan({ DISPLAY: "", WAYLAND_DISPLAY: "wayland-0" })).toMatchObject({ kind: "app-window" });
    expect(plan({ DISPLAY: "", MULTICLAW_BROWSER: "chromium" })).toMatchObject({ kind: "app-window" });
  });

  it("falls back to the default browser through xdg-open, and to the link when there is none", async () => {
    await install("firefox", "xdg-open");
    expect(plan({})).toEqual({
      kind: "browser",
      name: null,
      launcher: { program: join(bin, "xdg-open"), argsBefore: [] },
    });
    await rm(join(bin, "xdg-open"));
    expect(plan({})).toEqual({
      kind: "print-link",
      why: "no Chromium, Chrome or Edge is installed and there is no xdg-open to find another browser",
      asked: false,
    });
  });

  it("finds the macOS application bundles, and uses open(1) for the default browser", () => {
    const home = "/Users/ada";
    const edge = `${home}/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge`;
    const mac = (present: string[]) =>
      plan({ HOME: home }, { platform: "darwin", isExecutable: (path) => present.includes(path) });
    expect(mac([edge, "/usr/bin/open"])).toEqual({
      kind: "app-window",
      browser: { name: "Microsoft Edge", executable: edge },
    });
    const chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    expect(mac([edge, chrome])).toMatchObject({ browser: { name: "Google Chrome", executable: chrome } });
    expect(mac(["/usr/bin/open"])).toEqual({
      kind: "browser",
      name: null,
      launcher: { program: "/usr/bin/open", argsBefore: [] },
    });
  });

  it("finds Chrome and Edge in the Windows install folders, and uses cmd's start for the default browser", () => {
    const env = {
      Path: "C:\\Windows",
      ProgramFiles: "C:\\Program Files",
      "ProgramFiles(x86)": "C:\\Program Files (x86)",
      LOCALAPPDATA: "C:\\Users\\ada\\AppData\\Local",
      ComSpec: "C:\\Windows\\System32\\cmd.exe",
    };
    const windows = (present: string[]) =>
      chooseAppOpening({
        env,
        platform: "win32",
        noOpen: false,
        isExecutable: (path) => present.includes(path),
      });
    const edge = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe";
    const chrome = "C:\\Users\\ada\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe";
    expect(windows([edge])).toMatchObject({
      kind: "app-window",
      browser: { name: "Microsoft Edge", executable: edge },
    });
    expect(windows([edge, chrome])).toMatchObject({ browser: { name: "Google Chrome", executable: chrome } });
    expect(windows([])).toEqual({
      kind: "browser",
      name: null,
      launcher: {
        program: "C:\\Windows\\System32\\cmd.exe",
        argsBefore: ["/d", "/c", "start", '""'],
        throughCmd: true,
      },
    });
  });
});
