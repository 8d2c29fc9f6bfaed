/**
 * Draws as soon as it can and at most once per frame: a change in a frame that has drawn nothing yet is drawn
 * at once, and the changes that follow it within the same frame are coalesced into one draw at the next frame.
 * A token that arrives alone (the usual case: a model streams every 20-50 ms) is on screen without waiting for
 * a frame; a burst still costs one draw per frame.
 *
 * @example
 * const drawing = createDrawScheduler((next) => requestAnimationFrame(next));
 * drawing.schedule(draw); // drawn now
 * drawing.schedule(draw); // drawn at the next frame, with anything else scheduled before it
 */
export interface DrawScheduler {
  /** Runs `draw` now, or once at the next frame if something was drawn in this one; the latest `draw` wins. */
  schedule(draw: () => void): void;
  /** Drops a draw still waiting; nothing is drawn after this. */
  cancel(): void;
}

export function createDrawScheduler(requestFrame: (atFrame: () => void) => void): DrawScheduler {
  /** Something was drawn since the last frame began. */
  let drewThisFrame = false;
  let waiting: (() => void) | null = null;
  let cancelled = false;

  function drawNow(draw: () => void): void {
    drewThisFrame = true;
    requestFrame(atFrame);
    draw();
  }

  function atFrame(): void {
    drewThisFrame = false;
    if (cancelled || waiting === null) return;
    const draw = waiting;
    waiting = null;
    drawNow(draw);
  }

  return {
    schedule(draw) {
      if (cancelled) return;
      if (drewThisFrame) waiting = draw;
      else drawNow(draw);
    },
    cancel() {
      cancelled = true;
      waiting = null;
    },
  };
}
