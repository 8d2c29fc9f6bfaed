import { describe, expect, it } from "vitest";
import { type CpuProfile, originOf, selfTimeByOrigin } from "./cpu-profile.ts";

describe("CPU profile by origin", () => {
  it("names packages, workspaces, Node built-ins and V8's own entries", () => {
    const at = (url: string, functionName = "f") => originOf({ url, functionName });
    expect(at("file:///work/main/node_modules/@ai-sdk/openai/dist/index.mjs")).toBe("@ai-sdk/openai");
    expect(at("file:///work/main/node_modules/zod/v4/core/schemas.js")).toBe("zod");
    expect(at("file:///work/main/packages/agent/src/engine/run-log.ts")).toBe("packages/agent");
    expect(at("file:///work/main/apps/gateway/src/gateway.ts")).toBe("apps/gateway");
    expect(at("node:internal/webstreams/readablestream")).toBe("node:internal/webstreams");
    expect(at("node:fs")).toBe("node:fs");
    expect(at("", "(garbage collector)")).toBe("(garbage collector)");
    expect(at("", "writev")).toBe("(native)");
  });

  it("charges each sample the interval to the next one, inside the window only", () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: "(idle)", url: "" } },
        { id: 2, callFrame: { functionName: "parse", url: "file:///x/node_modules/zod/a.js" } },
      ],
      startTime: 1_000_000,
      samples: [1, 2, 2, 1, 2],
      // samples at 1.000, 1.001, 1.002, 1.004, 1.005 s
      timeDeltas: [0, 1000, 1000, 2000, 1000],
    };
    expect(selfTimeByOrigin(profile, 1_001_000, 1_004_500)).toEqual([
      ["zod", 3],
      ["(idle)", 1],
    ]);
  });
});
