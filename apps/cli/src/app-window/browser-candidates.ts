import { posix, win32 } from "node:path";

/*
 * The Chromium-family browsers that open a page as an app window (`--app=`): a window of its own with no tabs or
 * address bar, its own taskbar entry, as an installed desktop app looks. Firefox and Safari have no such mode,
 * so they are only used as the default browser. The order is the preference when several are installed: the
 * open-source build first, then the vendors' builds people install for themselves.
 */

/** A browser that may open the App as an app window, by what a person calls it. */
export interface BrowserCandidate {
  /** How the output names it: "Opened MultiClaw in Google Chrome (app window)." */
  readonly name: string;
  /** A command looked up on PATH, or an absolute path. */
  readonly command: string;
}

const onPath: readonly BrowserCandidate[] = [
  { name: "Chromium", command: "chromium" },
  { name: "Chromium", command: "chromium-browser" },
  { name: "Google Chrome", command: "google-chrome" },
  { name: "Google Chrome", command: "google-chrome-stable" },
  { name: "Microsoft Edge", command: "microsoft-edge" },
  { name: "Microsoft Edge", command: "microsoft-edge-stable" },
];

function macBundles(home: string | undefined): BrowserCandidate[] {
  const bundles = [
    { name: "Google Chrome", executable: "Google Chrome.app/Contents/MacOS/Google Chrome" },
    { name: "Chromium", executable: "Chromium.app/Contents/MacOS/Chromium" },
    { name: "Microsoft Edge", executable: "Microsoft Edge.app/Contents/MacOS/Microsoft Edge" },
  ];
  // A browser dragged into ~/Applications (no admin rights) is as installed as one in /Applications.
  const roots = ["/Applications", ...(home ? [posix.join(home, "Applications")] : [])];
  return roots.flatMap((root) =>
    bundles.map((bundle) => ({ name: bundle.name, command: posix.join(root, bundle.executable) })),
  );
}

function windowsInstalls(env: NodeJS.ProcessEnv): BrowserCandidate[] {
  const installs = [
    { name: "Google Chrome", executable: "Google\\Chrome\\Application\\chrome.exe" },
    { name: "Chromium", executable: "Chromium\\Application\\chrome.exe" },
    { name: "Microsoft Edge", executable: "Microsoft\\Edge\\Application\\msedge.exe" },
  ];
  // Chrome installs per user under LocalAppData when the user is not an administrator.
  const roots = [env.ProgramFiles, env["ProgramFiles(x86)"], env.LOCALAPPDATA].filter(
    (root): root is string => root !== undefined && root !== "",
  );
  return installs.flatMap((install) =>
    roots.map((root) => ({ name: install.name, command: win32.join(root, install.executable) })),
  );
}

/** Where to look for an app-window browser on this platform, most preferred first. */
export function browserCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): BrowserCandidate[] {
  if (platform === "darwin") return [...onPath, ...macBundles(env.HOME)];
  if (platform === "win32") return [...onPath, ...windowsInstalls(env)];
  return [...onPath];
}

const chromiumFamily = /chrom(e|ium)|msedge|microsoft-edge|brave|vivaldi/i;

/**
 * Whether a browser the person named (MULTICLAW_BROWSER, BROWSER) is of the Chromium family, so it takes `--app=`.
 * By its file name: a Chromium-family build has no other mark a launcher could read without starting it.
 */
export function isChromiumFamily(executable: string): boolean {
  const base = executable.split(/[\\/]/).pop() ?? executable;
  return chromiumFamily.test(base);
}
