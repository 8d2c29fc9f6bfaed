/*
 * What caused a connection. The work that opens one (a run, a Cloud sync, a link preview) starts far from the
 * socket: several awaits, a pool and a DNS lookup lie between. AsyncLocalStorage carries a value along that
 * whole chain (promises, timers, callbacks scheduled inside it) without threading a parameter through every
 * library in between, so the guard can read the cause at the moment it decides. A connection a pool opened for
 * one piece of work and another reuses keeps the cause of the work that opened it.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** Names the cause of the connections opened inside some work. */
export interface ConnectionCauses<Cause> {
  /**
   * Runs `work` with `cause` as the cause of every connection it opens, including in what it schedules
   * (promises, timers, callbacks). An inner call names its own cause for its own work.
   *
   * @example
   * causes.within({ kind: "feature", feature: "config-sync", detail: null }, () => syncConfig());
   */
  within<T>(cause: Cause, work: () => T): T;
  /** The cause of the work running now, or undefined outside any. */
  current(): Cause | undefined;
}

/** Creates one store of causes; the guard reads `current` when it decides. */
export function createConnectionCauses<Cause>(): ConnectionCauses<Cause> {
  const storage = new AsyncLocalStorage<Cause>();
  return {
    within: (cause, work) => storage.run(cause, work),
    current: () => storage.getStore(),
  };
}
