import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APP_BROWSER_PROFILE_DIR_NAME } from "./app-browser-profile.ts";
import { createDetachedLauncher, type LaunchRequest, type LaunchResult } from "./launch-detached.ts";
import { createAppLinkOpener } from "./open-app-link.ts";

const url = "http://127.0.0.1:4801/#code=Q2hvb3NlIGEgbG9uZyByYW5kb20gY29kZSBmb3IgdGh";

let home: string;
let bin: string;
const groups: number[] = [];
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "multiclaw-open-app-"));
  bin = join(home, "bin");
  await mkdir(bin);
});
afterEach(async () => {
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  await rm(home, { recursive: true, force: true });
});

async function install(name: string, body = "exit 0"): Promise<string> {
  const path = join(bin, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** A launcher that starts nothing and remembers what it was asked to start. */
function recordingLauncher(result: LaunchResult = { started: true }) {
  const requests: LaunchRequest[] = [];
  return {
    requests,
    launch: async (request: LaunchRequest) => {
      requests.push(request);
      return result;
    },
  };
}

describe("opening the App's link", () => {
  it("starts Chromium as an app window with exactly these arguments, in a 0700 profile of its own", async () => {
    const record = join(home, "argv");
    // Its pid first (to end it afterwards), then each argument on a line; written whole, then renamed.
    await install(
      "chromium",
      `{ echo $$; for arg in "$@"; do echo "$arg"; done; } > "${record}.part"; mv "${record}.part" "${record}"\n` +
        "exec sleep 30",
    );
    const env = { PATH: `${bin}:/usr/bin:/bin`, MULTICLAW_HOME: home, DISPLAY: ":0" };
    const open = createAppLinkOpener({
      env,
      launch: createDetachedLauncher({ settleMs: 300 }),
      platform: "linux",
    });

    expect(await open(url)).toEqual({ opened: true, browser: "Chromium", appWindow: true });

    const profile = join(home, APP_BROWSER_PROFILE_DIR_NAME);
    const deadline = Date.now() + 5000;
    let argv = "";
    while (argv === "" && Date.now() < deadline) {
      argv = await readFile(record, "utf8").catch(() => "");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [pid, ...args] = argv.trimEnd().split("\n");
    groups.push(Number(pid));
    expect(args).toEqual([
      `--app=${url}`,
      `--user-data-dir=${profile}`,
      "--no-first-run",
      "--no-default-browser-check",
    ]);
    expect((await stat(profile)).mode & 0o777).toBe(0o700);
  });

  it("tightens a profile directory that was made readable by others", async () => {
    await install("google-chrome");
    const profile = join(home, APP_BROWSER_PROFILE_DIR_NAME);
    await mkdir(profile, { mode: 0o755 });
    await chmod(profile, 0o755);
    const { launch } = recordingLauncher();
    await createAppLinkOpener({
      env: { PATH: bin, MULTICLAW_HOME: home, DISPLAY: ":0" },
      launch,
      platform: "linux",
    })(url);
    expect((await stat(profile)).mode & 0o777).toBe(0o700);
  });

  it("opens a tab of the default browser with the link as the launcher's last argument", async () => {
    const xdgOpen = await install("xdg-open");
    const { launch, requests } = recordingLauncher();
    const env = { PATH: bin, MULTICLAW_HOME: home, DISPLAY: ":0" };
    const outcome = await createAppLinkOpener({ env, launch, platform: "linux" })(url);
    expect(outcome).toEqual({ opened: true, browser: null, appWindow: false });
    expect(requests).toEqual([{ program: xdgOpen, args: [url], env }]);
  });

  it("starts nothing when asked not to", async () => {
    await install("chromium");
    const { launch, requests } = recordingLauncher();
    const env = { PATH: bin, MULTICLAW_HOME: home, DISPLAY: ":0" };
    const open = createAppLinkOpener({ env, launch, platform: "linux" });
    expect(await open(url, { noOpen: true })).toEqual({
      opened: false,
      why: "--no-open was given",
      asked: true,
    });
    const none = createAppLinkOpener({ env: { ...env, BROWSER: "none" }, launch, platform: "linux" });
    expect(await none(url)).toMatchObject({ opened: false, asked: true });
    expect(requests).toEqual([]);
  });

  it("passes on why the browser could not start", async () => {
    await install("chromium");
    const { launch } = recordingLauncher({ started: false, why: "chromium exited with code 1" });
    const open = createAppLinkOpener({
      env: { PATH: bin, MULTICLAW_HOME: home, DISPLAY: ":0" },
      launch,
      platform: "linux",
    });
    expect(await open(url)).toEqual({ opened: false, why: "chromium exited with code 1", asked: false });
  });

  it("starts no browser when its profile directory cannot be made", async () => {
    await install("chromium");
    const notADirectory = join(home, "file");
    await writeFile(notADirectory, "");
    const { launch, requests } = recordingLauncher();
    const open = createAppLinkOpener({
      env: { PATH: bin, MULTICLAW_HOME: notADirectory, DISPLAY: ":0" },
      launch,
      platform: "linux",
    });
    const outcome = await open(url);
    expect(outcome).toMatchObject({ opened: false, asked: false });
    expect(outcome.opened === false && outcome.why).toMatch(/^the App's browser profile cannot be created: /);
    expect(requests).toEqual([]);
  });
});
