import { describe, expect, it } from "vitest";
import { createDrawScheduler } from "./draw-scheduler.ts";

/** Frames by hand: `frame()` runs what was asked for the next one, as the browser does before it paints. */
function manualFrames() {
  let next: Array<() => void> = [];
  return {
    requestFrame: (atFrame: () => void) => next.push(atFrame),
    frame() {
      const due = next;
      next = [];
      for (const atFrame of due) atFrame();
    },
  };
}

describe("drawing streamed text", () => {
  it("draws a change at once when nothing was drawn in this frame", () => {
    const frames = manualFrames();
    const drawing = createDrawScheduler(frames.requestFrame);
    const drawn: string[] = [];
    drawing.schedule(() => drawn.push("first"));
    expect(drawn).toEqual(["first"]);
    frames.frame();
    drawing.schedule(() => drawn.push("second"));
    expect(drawn).toEqual(["first", "second"]);
  });

  it("coalesces the changes that follow within the same frame into one draw at the next frame", () => {
    const frames = manualFrames();
    const drawing = createDrawScheduler(frames.requestFrame);
    const drawn: string[] = [];
    drawing.schedule(() => drawn.push("a"));
    drawing.schedule(() => drawn.push("b"));
    drawing.schedule(() => drawn.push("c"));
    expect(drawn).toEqual(["a"]);
    frames.frame();
    expect(drawn).toEqual(["a", "c"]);
    frames.frame();
    expect(drawn).toEqual(["a", "c"]);
  });

  it("draws at most once per frame during a burst", () => {
    const frames = manualFrames();
    const drawing = createDrawScheduler(frames.requestFrame);
    let draws = 0;
    for (let frame = 0; frame < 5; frame++) {
      for (let token = 0; token < 10; token++) drawing.schedule(() => draws++);
      frames.frame();
    }
    // One at the first token, then one per frame for the tokens each frame coalesced.
    expect(draws).toBe(6);
  });

  it("counts a draw made at a frame against that frame", () => {
    const frames = manualFrames();
    const drawing = createDrawScheduler(frames.requestFrame);
    const drawn: string[] = [];
    drawing.schedule(() => drawn.push("now"));
    drawing.schedule(() => drawn.push("coalesced"));
    frames.frame();
    drawing.schedule(() => drawn.push("after"));
    expect(drawn).toEqual(["now", "coalesced"]);
    frames.frame();
    expect(drawn).toEqual(["now", "coalesced", "after"]);
  });

  it("draws nothing once cancelled", () => {
    const frames = manualFrames();
    const drawing = createDrawScheduler(frames.requestFrame);
    const drawn: string[] = [];
    drawing.schedule(() => drawn.push("now"));
    drawing.schedule(() => drawn.push("waiting"));
    drawing.cancel();
    frames.frame();
    drawing.schedule(() => drawn.push("later"));
    expect(drawn).toEqual(["now"]);
  });
});
