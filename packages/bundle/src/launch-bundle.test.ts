import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bundleEntry } from "../bin/launch-bundle.mjs";

describe("the bundle launcher", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "multiclaw-launch-bundle-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("says why when the build fails, and gives no entry, so the program runs from its sources", async () => {
    const builder = join(dir, "failing-builder.ts");
    await writeFile(builder, 'process.stderr.write("esbuild: could not resolve x\\n");\nprocess.exit(3);\n');
    const written: string[] = [];
    const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const entry = bundleEntry({
        name: "example",
        bundleDir: join(dir, "bundle"),
        manifestPath: join(dir, "bundle", "example-bundle.json"),
        repositoryRoot: dir,
        builder,
      });
      expect(entry).toBeUndefined();
    } finally {
      write.mockRestore();
    }
    expect(written.join("")).toBe(
      "example bundle: not built yet; building it\n" +
        "esbuild: could not resolve x\n" +
        "example bundle: the build failed (exit 3)\n",
    );
  });
});
