import { dirname, join, sep } from "node:path";
import type { InstallMethod, UpdateInstruction, UpdateManifest } from "@multiclaw/protocol";

/*
 * How this copy of MultiClaw was installed decides what "update" means: a git checkout pulls and reinstalls,
 * an npm global install runs npm, anything else (an unpacked download) gets the release's download link.
 * The product's root is the nearest directory above the running code whose package.json is the `multiclaw`
 * package — the same from the sources, from the gateway's bundle in apps/gateway/dist and from an npm install.
 */

/** The file reads detection needs, so tests lay out a directory tree instead of depending on this one. */
export interface InstallFiles {
  exists(path: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
}

export interface Installation {
  method: InstallMethod;
  /** The product's root directory, when found. */
  root: string | undefined;
}

const PRODUCT_PACKAGE = "multiclaw";

function isProductRoot(directory: string, files: InstallFiles): boolean {
  const text = files.read(join(directory, "package.json"));
  if (text === undefined) return false;
  try {
    return (JSON.parse(text) as { name?: unknown }).name === PRODUCT_PACKAGE;
  } catch {
    return false;
  }
}

/** Finds the product root above `codeDirectory` and tells how it was installed. */
export function detectInstallation(codeDirectory: string, files: InstallFiles): Installation {
  let directory = codeDirectory;
  for (;;) {
    if (isProductRoot(directory, files)) break;
    const parent = dirname(directory);
    if (parent === directory) return { method: "other", root: undefined };
    directory = parent;
  }
  if (files.exists(join(directory, ".git"))) return { method: "git-checkout", root: directory };
  // npm's global prefix: <prefix>/lib/node_modules on Unix, %APPDATA%\npm\node_modules on Windows.
  const globalLayout = [`${sep}lib${sep}node_modules${sep}`, `${sep}npm${sep}node_modules${sep}`];
  if (globalLayout.some((part) => `${directory}${sep}`.includes(part))) {
    return { method: "npm-global", root: directory };
  }
  return { method: "other", root: directory };
}

/** What to tell the user to do to install `manifest`'s release, given how this copy was installed. */
export function updateInstructionFor(
  installation: Installation,
  manifest: UpdateManifest,
): UpdateInstruction {
  const { method, root } = installation;
  const npmCommand = manifest.install.command ?? `npm install -g ${PRODUCT_PACKAGE}@${manifest.version}`;
  if (method === "git-checkout" && root) {
    return {
      kind: "command",
      installedAs: method,
      command: `cd ${JSON.stringify(root)} && git pull --ff-only && npm install`,
    };
  }
  if (method === "npm-global") return { kind: "command", installedAs: method, command: npmCommand };
  const link = manifest.install.downloadUrl ?? manifest.notesUrl;
  return link
    ? { kind: "download", installedAs: method, url: link }
    : { kind: "command", installedAs: method, command: npmCommand };
}
