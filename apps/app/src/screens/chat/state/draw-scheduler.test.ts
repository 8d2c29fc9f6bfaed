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

  it("draws an urgent change at once even after a draw in this frame, in place of the one waiting", () => {
    const frames = manualFrames();
    const drawing = createDrawScheduler(frames.requestFrame);
    const drawn: string[] = [];
    drawing.schedule(() => drawn.push("run started"));
    drawing.schedule(() => drawn.push("waiting"));
    drawing.schedule(() => drawn.push("first words"), { urgent: true });
    expect(drawn).toEqual(["run started", "first words"]);
    frames.frame();
    expect(drawn).toEqual(["run started", "first words"]);
  });

  it("asks for one frame however many draws it made in this one", () => {
    const asked: Array<() => void> = [];
    const drawing = createDrawScheduler((atFrame) => asked.push(atFrame));
    drawing.schedule(() => {});
    drawing.schedule(() => {}, { urgent: true });
    drawing.schedule(() => {}, { urgent: true });
    expect(asked).toHaveLength(1);
  });
});
