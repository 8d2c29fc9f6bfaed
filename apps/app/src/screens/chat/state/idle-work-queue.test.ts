import { describe, expect, it } from "vitest";
import { createIdleWorkQueue, type IdleTime } from "./idle-work-queue.ts";

/** Idle moments by hand: `idle(ms)` runs what waits for one, with `ms` of idle time that each job uses up. */
function manualIdle(jobCostMs: number) {
  let waiting: Array<(idle: IdleTime) => void> = [];
  let clock = 0;
  return {
    requestIdle: (run: (idle: IdleTime) => void) => waiting.push(run),
    now: () => clock,
    /** Time passes as jobs run. */
    work(counter: { ran: number }) {
      counter.ran += 1;
      clock += jobCostMs;
    },
    get pending() {
      return waiting.length;
    },
    idle(ms: number, counter: { ran: number }) {
      const due = waiting;
      waiting = [];
      const start = counter.ran;
      for (const run of due) run({ timeRemaining: () => ms - (counter.ran - start) * jobCostMs });
    },
  };
}

describe("work done while the page is idle", () => {
  it("does nothing until the page is idle, then the newest job first", () => {
    const idle = manualIdle(1);
    const work = createIdleWorkQueue(idle.requestIdle, idle.now);
    const done: string[] = [];
    const counter = { ran: 0 };
    for (const name of ["a", "b", "c"])
      work.add(() => {
        done.push(name);
        idle.work(counter);
      });
    expect(done).toEqual([]);
    idle.idle(50, counter);
    expect(done).toEqual(["c", "b", "a"]);
    expect(idle.pending).toBe(0);
  });

  it("stops when the idle moment is used up and goes on at the next one, one job at least each time", () => {
    const idle = manualIdle(3);
    const work = createIdleWorkQueue(idle.requestIdle, idle.now);
    const counter = { ran: 0 };
    for (let job = 0; job < 6; job++) work.add(() => idle.work(counter));
    // 10 ms: after one job 7 ms are left, after two 4, too little for a third.
    idle.idle(10, counter);
    expect(counter.ran).toBe(2);
    idle.idle(0, counter);
    expect(counter.ran).toBe(3);
    idle.idle(50, counter);
    expect(counter.ran).toBe(6);
    expect(idle.pending).toBe(0);
  });

  it("does at most a slice of 12 ms per idle moment, however long the browser offers", () => {
    const idle = manualIdle(5);
    const work = createIdleWorkQueue(idle.requestIdle, idle.now);
    const counter = { ran: 0 };
    for (let job = 0; job < 10; job++) work.add(() => idle.work(counter));
    idle.idle(50, counter);
    // 0, 5, 10 ms in: three jobs; at 15 ms the slice is used.
    expect(counter.ran).toBe(3);
  });

  it("drops a job taken back before it ran", () => {
    const idle = manualIdle(1);
    const work = createIdleWorkQueue(idle.requestIdle, idle.now);
    const done: string[] = [];
    work.add(() => done.push("kept"));
    const cancel = work.add(() => done.push("gone"));
    cancel();
    idle.idle(50, { ran: 0 });
    expect(done).toEqual(["kept"]);
  });
});
