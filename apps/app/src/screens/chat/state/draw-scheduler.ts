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
 * drawing.schedule(draw, { urgent: true }); // drawn now all the same (an answer's first words)
 */
export interface DrawScheduler {
  /**
   * Runs `draw` now, or once at the next frame if something was drawn in this one; the latest `draw` wins.
   * An `urgent` draw runs now even so, and takes the place of a draw waiting for the frame: for a change the
   * reader is waiting on (an answer's first words, once per answer — a stream still draws once per frame).
   */
  schedule(draw: () => void, options?: { urgent?: boolean }): void;
  /** Drops a draw still waiting; nothing is drawn after this. */
  cancel(): void;
}

export function createDrawScheduler(requestFrame: (atFrame: () => void) => void): DrawScheduler {
  /** Something was drawn since the last frame began. */
  let drewThisFrame = false;
  let waiting: (() => void) | null = null;
  let cancelled = false;

  /** A frame was asked for and has not come yet: one is enough. */
  let frameAsked = false;

  function drawNow(draw: () => void): void {
    drewThisFrame = true;
    if (!frameAsked) {
      frameAsked = true;
      requestFrame(atFrame);
    }
    draw();
  }

  function atFrame(): void {
    frameAsked = false;
    drewThisFrame = false;
    if (cancelled || waiting === null) return;
    const draw = waiting;
    waiting = null;
    drawNow(draw);
  }

  return {
    schedule(draw, options) {
      if (cancelled) return;
      if (drewThisFrame && options?.urgent !== true) {
        waiting = draw;
        return;
      }
      waiting = null;
      drawNow(draw);
    },
    cancel() {
      cancelled = true;
      waiting = null;
    },
  };
}
