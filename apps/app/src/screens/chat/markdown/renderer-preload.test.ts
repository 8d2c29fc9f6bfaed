import { describe, expect, it } from "vitest";
import type { IdleTime } from "../state/idle-work-queue.ts";
import { createRendererPreload, type WhenIdle } from "./renderer-preload.ts";

function manualIdle() {
  const waiting: Array<(idle: IdleTime) => void> = [];
  const whenIdle: WhenIdle = (run) => waiting.push(run);
  return {
    whenIdle,
    get waiting() {
      return waiting.length;
    },
    idle() {
      for (const run of waiting.splice(0)) run({ timeRemaining: () => 50 });
    },
  };
}

describe("fetching the Markdown renderer", () => {
  it("does not fetch it when the module loads, only once the page is idle after its first screen", async () => {
    const idle = manualIdle();
    let imports = 0;
    const renderer = createRendererPreload(async () => ++imports, idle.whenIdle);
    expect(imports).toBe(0);
    renderer.preloadWhenIdle();
    expect(imports).toBe(0);
    idle.idle();
    expect(imports).toBe(1);
    expect(await renderer.load()).toBe(1);
    expect(imports).toBe(1);
  });

  it("offers the chunk without waiting once it has arrived, and nothing before", async () => {
    const renderer = createRendererPreload(async () => "chunk", manualIdle().whenIdle);
    expect(renderer.loaded()).toBeNull();
    const loading = renderer.load();
    expect(renderer.loaded()).toBeNull();
    await loading;
    expect(renderer.loaded()).toBe("chunk");
  });

  it("fetches it at once for a message that needs it, and not again when the page is idle", async () => {
    const idle = manualIdle();
    let imports = 0;
    const renderer = createRendererPreload(async () => ++imports, idle.whenIdle);
    renderer.preloadWhenIdle();
    await renderer.load();
    idle.idle();
    renderer.preloadWhenIdle();
    expect(imports).toBe(1);
    expect(idle.waiting).toBe(0);
  });

  it("warms the preloaded chunk up at a later idle moment, once", async () => {
    const idle = manualIdle();
    const warmed: string[] = [];
    const renderer = createRendererPreload(
      async () => "chunk",
      idle.whenIdle,
      (chunk) => warmed.push(chunk),
    );
    renderer.preloadWhenIdle();
    idle.idle();
    await renderer.load();
    expect(warmed).toEqual([]);
    idle.idle();
    expect(warmed).toEqual(["chunk"]);
    renderer.preloadWhenIdle();
    idle.idle();
    expect(warmed).toEqual(["chunk"]);
  });

  it("asks for one idle moment however often the screen asks it to preload", () => {
    const idle = manualIdle();
    const renderer = createRendererPreload(async () => 1, idle.whenIdle);
    renderer.preloadWhenIdle();
    renderer.preloadWhenIdle();
    expect(idle.waiting).toBe(1);
  });
});
