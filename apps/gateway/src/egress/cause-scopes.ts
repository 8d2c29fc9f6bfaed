/*
 * The gateway's names for the cause of a connection: the run, or the feature, whose work opened it. Work says
 * what it is where it starts (the engine's run, the Cloud link's start, a config sync, a task report…), and the
 * guard reads it as it decides (see @multiclaw/egress/node's connection-causes.ts). Two ways to say it:
 * `withinFeature` names the feature for everything inside, even within other work (a task report made while a
 * run ends is the report's); `fetchFor` names it only for work that has no cause yet, for a fetch that serves a
 * feature of its own and others' calls too (the user session's fetch also carries the App's Cloud calls).
 */
import { type ConnectionCauses, createConnectionCauses } from "@multiclaw/egress/node";
import type { ConnectionCause, ConnectionFeature, Run } from "@multiclaw/protocol";

/** Runs `work` with `feature` (and `detail`: a server's name, a route) as the cause of its connections. */
export type WithinFeature = <T>(feature: ConnectionFeature, work: () => T, detail?: string) => T;

/** For a part built without cause scopes (tests): the work runs as it is. */
export const withoutCause: WithinFeature = (_feature, work) => work();

export interface CauseScopes {
  /** The cause of the work running now; the guard's `causeOf`. */
  current(): ConnectionCause | undefined;
  withinFeature: WithinFeature;
  /** The engine's `withinRun`: a run's model calls, tool calls and MCP calls are the run's. */
  withinRun<T>(run: Pick<Run, "id" | "agentId" | "conversationId">, work: () => T): T;
  /**
   * `fetch`, with `feature` as the cause of what it opens for work that has none.
   *
   * @example
   * createGatewayUpdates(settings, { fetch: scopes.fetchFor("update-check", guardedFetch), … });
   */
  fetchFor<A extends unknown[], R>(feature: ConnectionFeature, fetch: (...args: A) => R): (...args: A) => R;
}

export function createCauseScopes(
  causes: ConnectionCauses<ConnectionCause> = createConnectionCauses<ConnectionCause>(),
): CauseScopes {
  const withinFeature: WithinFeature = (feature, work, detail) =>
    causes.within({ kind: "feature", feature, detail: detail ?? null }, work);
  return {
    current: () => causes.current(),
    withinFeature,
    withinRun: (run, work) =>
      causes.within(
        { kind: "run", runId: run.id, agentId: run.agentId, conversationId: run.conversationId },
        work,
      ),
    fetchFor:
      (feature, fetch) =>
      (...args) =>
        causes.current() === undefined ? withinFeature(feature, () => fetch(...args)) : fetch(...args),
  };
}
