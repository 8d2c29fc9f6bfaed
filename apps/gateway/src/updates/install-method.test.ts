import { join } from "node:path";
import type { UpdateManifest } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { detectInstallation, type InstallFiles, updateInstructionFor } from "./install-method.ts";

/** A directory tree of the given files (path → text; a directory is a path with no text). */
function tree(files: Record<string, string | null>): InstallFiles {
  return {
    exists: (path) => path in files,
    read: (path) => files[path] ?? undefined,
  };
}

const productPackage = JSON.stringify({ name: "multiclaw" });

const manifest: UpdateManifest = {
  product: "multiclaw",
  channel: "stable",
  os: "linux",
  version: "1.2.3",
  releasedAt: "2026-12-01T00:00:00.000Z",
  expiresAt: "2027-03-01T00:00:00.000Z",
  notesUrl: "https://multiclaw.io/releases/1.2.3",
  install: { command: "npm install -g multiclaw@1.2.3", downloadUrl: "https://multiclaw.io/download/1.2.3" },
};

describe("how this copy was installed", () => {
  it("recognises a git checkout from the gateway's bundle directory, and offers to pull", () => {
    const root = join("/home/ada/src/multiclaw");
    const files = tree({ [join(root, "package.json")]: productPackage, [join(root, ".git")]: null });
    const installation = detectInstallation(join(root, "apps/gateway/dist"), files);
    expect(installation).toEqual({ method: "git-checkout", root });
    expect(updateInstructionFor(installation, manifest)).toEqual({
      kind: "command",
      installedAs: "git-checkout",
      command: `cd "${root}" && git pull --ff-only && npm install`,
    });
  });

  it("recognises an npm global install and offers the release's npm command", () => {
    const root = "/usr/local/lib/node_modules/multiclaw";
    const installation = detectInstallation(
      join(root, "apps/gateway/dist"),
      tree({ [join(root, "package.json")]: productPackage }),
    );
    expect(installation.method).toBe("npm-global");
    expect(updateInstructionFor(installation, manifest)).toMatchObject({
      command: "npm install -g multiclaw@1.2.3",
    });
  });

  it("offers the download link to anything else, such as an unpacked download", () => {
    const root = "/opt/multiclaw";
    const installation = detectInstallation(
      join(root, "apps/gateway/dist"),
      tree({ [join(root, "package.json")]: productPackage }),
    );
    expect(installation.method).toBe("other");
    expect(updateInstructionFor(installation, manifest)).toEqual({
      kind: "download",
      installedAs: "other",
      url: "https://multiclaw.io/download/1.2.3",
    });
    // A package.json of another name above the code is not the product.
    expect(detectInstallation("/srv/app/x", tree({ "/srv/app/package.json": '{"name":"other"}' }))).toEqual({
      method: "other",
      root: undefined,
    });
  });
});
