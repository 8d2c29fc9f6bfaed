import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findExecutable, isExecutableFile } from "./find-executable.ts";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "multiclaw-find-executable-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function stub(dir: string, name: string, mode = 0o755): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, "#!/bin/sh\nexit 0\n");
  await chmod(path, mode);
  return path;
}

const linux = (PATH: string) => ({
  env: { PATH },
  platform: "linux" as const,
  isExecutable: isExecutableFile,
});

describe("findExecutable", () => {
  it("finds a command in the first PATH directory that has it runnable", async () => {
    const first = join(root, "first");
    const second = join(root, "second");
    await stub(first, "chromium", 0o644); // there, but not executable
    const runnable = await stub(second, "chromium");
    await stub(join(root, "third"), "chromium");
    expect(findExecutable("chromium", linux([first, second, join(root, "third")].join(":")))).toBe(runnable);
  });

  it("finds nothing when no PATH directory has it, or PATH is unset", async () => {
    await stub(join(root, "bin"), "firefox");
    expect(findExecutable("chromium", linux(join(root, "bin")))).toBeUndefined();
    expect(
      findExecutable("chromium", { env: {}, platform: "linux", isExecutable: isExecutableFile }),
    ).toBeUndefined();
  });

  it("takes an absolute path as it is, when it is runnable, and skips relative PATH entries", async () => {
    const browser = await stub(join(root, "opt"), "my-browser");
    expect(findExecutable(browser, linux(""))).toBe(browser);
    expect(findExecutable(join(root, "opt", "missing"), linux(""))).toBeUndefined();
    expect(findExecutable("opt/my-browser", linux(root))).toBeUndefined();
    expect(findExecutable("my-browser", linux(`.:opt:${join(root, "nowhere")}`))).toBeUndefined();
  });

  it("does not take a directory for a program", async () => {
    await mkdir(join(root, "bin", "chromium"), { recursive: true });
    expect(findExecutable("chromium", linux(join(root, "bin")))).toBeUndefined();
  });

  it("on Windows looks up Path (any case) with PATHEXT's extensions", () => {
    const present = new Set(["C:\\Tools\\chromium.EXE"]);
    const found = findExecutable("chromium", {
      env: { Path: "C:\\Empty;C:\\Tools", PATHEXT: ".COM;.EXE" },
      platform: "win32",
      isExecutable: (path) => present.has(path),
    });
    expect(found).toBe("C:\\Tools\\chromium.EXE");
  });
});
