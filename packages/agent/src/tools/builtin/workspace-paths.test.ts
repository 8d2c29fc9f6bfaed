import { constants } from "node:fs";
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createWorkspacePaths, WorkspacePathError } from "./workspace-paths.ts";

let base: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), "agent-paths-"));
  await mkdir(join(base, "workspace", "dir"), { recursive: true });
  await mkdir(join(base, "outside"));
  await writeFile(join(base, "workspace", "dir", "file.txt"), "inside");
  await writeFile(join(base, "outside", "file.txt"), "outside");
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

// The race a path check alone loses: the path is checked, then a directory on it is swapped for a symlink
// before the open. The descriptor check after the open must catch it.
it("refuses a file whose directory became a symlink between the check and the open", async () => {
  const paths = createWorkspacePaths(join(base, "workspace"));
  const checked = await paths.resolveExisting("dir/file.txt");
  await rename(join(base, "workspace", "dir"), join(base, "workspace", "moved"));
  await symlink(join(base, "outside"), join(base, "workspace", "dir"));
  await expect(paths.openInside(checked, constants.O_RDONLY)).rejects.toBeInstanceOf(WorkspacePathError);
});

it("refuses a file swapped for a symlink between the check and the open", async () => {
  const paths = createWorkspacePaths(join(base, "workspace"));
  const checked = await paths.resolveExisting("dir/file.txt");
  await rm(checked);
  await symlink(join(base, "outside", "file.txt"), checked);
  await expect(paths.openInside(checked, constants.O_RDONLY)).rejects.toThrow("dir/file.txt is a symlink");
});

it("opens a checked file that did not change", async () => {
  const paths = createWorkspacePaths(join(base, "workspace"));
  const handle = await paths.openInside(await paths.resolveExisting("dir/file.txt"), constants.O_RDONLY);
  try {
    expect(await handle.readFile("utf8")).toBe("inside");
  } finally {
    await handle.close();
  }
});
