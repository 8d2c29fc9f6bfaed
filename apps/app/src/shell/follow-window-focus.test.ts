import { describe, expect, it } from "vitest";
import { followWindowFocus } from "./follow-window-focus.ts";

describe("followWindowFocus", () => {
  it("calls back each time the window is focused again, until unsubscribed", () => {
    const window = new EventTarget();
    let calls = 0;
    const stop = followWindowFocus(window, () => calls++);
    window.dispatchEvent(new Event("focus"));
    window.dispatchEvent(new Event("blur"));
    window.dispatchEvent(new Event("focus"));
    expect(calls).toBe(2);
    stop();
    window.dispatchEvent(new Event("focus"));
    expect(calls).toBe(2);
  });
});
