import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const helper = fileURLToPath(new URL("./baseline-compile.ts", import.meta.url));

// V8's %GetOptimizationStatus bits (src/runtime/runtime.h): interpreted, and baseline (Sparkplug) code.
const INTERPRETED = 1 << 7;
const BASELINE = 1 << 15;

describe("compileNewFunctionsWithBaseline", () => {
  it("makes functions first called afterwards run as baseline code, where before they were interpreted", () => {
    const script = `
      import { compileNewFunctionsWithBaseline } from ${JSON.stringify(helper)};
      const status = (fn) => { fn(1); return %GetOptimizationStatus(fn); };
      const before = status(new Function("x", "return x + 1"));
      compileNewFunctionsWithBaseline();
      const after = status(new Function("x", "return x + 2"));
      console.log(JSON.stringify({ before, after }));
    `;
    const child = spawnSync(
      process.execPath,
      ["--allow-natives-syntax", "--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    expect(child.stderr).toBe("");
    const { before, after } = JSON.parse(child.stdout) as { before: number; after: number };
    expect(before & INTERPRETED).toBe(INTERPRETED);
    expect(before & BASELINE).toBe(0);
    expect(after & BASELINE).toBe(BASELINE);
  });
});
