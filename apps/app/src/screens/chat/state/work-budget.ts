/**
 * A cap on how long synchronous work may take within any short window: work that fits runs now, the rest is
 * left to the caller to do later. The transcript parses Markdown now while the cap allows and at the next idle
 * moment beyond it, so opening a long conversation draws its first rows formatted without a long task.
 *
 * @example
 * const budget = createWorkBudget({ now: () => performance.now(), windowMs: 50, budgetMs: 16 });
 * if (!budget.spend(() => parse(text))) later(() => parse(text));
 */
export interface WorkBudget {
  /** Runs `work` and returns true if the window has budget left; returns false, without running it, if not. */
  spend(work: () => void): boolean;
}

export function createWorkBudget(options: { now(): number; windowMs: number; budgetMs: number }): WorkBudget {
  let windowStart = Number.NEGATIVE_INFINITY;
  let spent = 0;
  return {
    spend(work) {
      const start = options.now();
      if (start - windowStart >= options.windowMs) {
        windowStart = start;
        spent = 0;
      }
      if (spent >= options.budgetMs) return false;
      work();
      spent += options.now() - start;
      return true;
    },
  };
}
