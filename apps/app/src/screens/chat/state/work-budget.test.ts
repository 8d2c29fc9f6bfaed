import { describe, expect, it } from "vitest";
import { createWorkBudget } from "./work-budget.ts";

function clock() {
  let time = 0;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe("a budget for synchronous work", () => {
  it("runs work while the window has budget left, then refuses until the next window", () => {
    const time = clock();
    const budget = createWorkBudget({ now: time.now, windowMs: 50, budgetMs: 16 });
    const ran: number[] = [];
    for (let job = 0; job < 5; job++)
      budget.spend(() => {
        ran.push(job);
        time.advance(6);
      });
    // 6 + 6 + 6 = 18 ms ≥ 16 after the third job.
    expect(ran).toEqual([0, 1, 2]);
    time.advance(50);
    expect(budget.spend(() => ran.push(9))).toBe(true);
    expect(ran).toEqual([0, 1, 2, 9]);
  });

  it("runs one job however long it takes, and nothing after it in that window", () => {
    const time = clock();
    const budget = createWorkBudget({ now: time.now, windowMs: 50, budgetMs: 16 });
    expect(budget.spend(() => time.advance(40))).toBe(true);
    expect(budget.spend(() => {})).toBe(false);
  });
});
