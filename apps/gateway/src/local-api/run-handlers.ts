import { activeRunStates, terminalRunStates } from "@multiclaw/protocol";
import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";
import { notFound } from "./local-api-error.ts";

/** Runs, their plans and approvals, and the standing grants approvals leave behind. */
export function bindRunHandlers(binder: GatewayRouteBinder, { engine, store, agents }: LocalApiDeps): void {
  async function requireRun(runId: string) {
    const run = await store.getRun(runId);
    if (!run) throw notFound("run");
    return run;
  }

  binder.bind("listRuns", async ({ query }) => ({
    runs: await store.listRuns({
      limit: query.limit,
      ...(query.conversationId ? { conversationId: query.conversationId } : {}),
      ...(query.active ? { states: activeRunStates } : {}),
    }),
  }));

  binder.bind("getRun", async ({ params }) => {
    const run = await requireRun(params.runId);
    // A run that ended answers no more questions: approvals it left open are moot, not pending.
    const ended = terminalRunStates.includes(run.state);
    const [plan, pendingApprovals] = await Promise.all([
      store.getPlan(run.id),
      ended ? [] : store.listApprovals({ runId: run.id, pendingOnly: true }),
    ]);
    return { run, plan: plan ?? null, pendingApprovals };
  });

  binder.bind("listRunEvents", async ({ params, query }) => {
    await requireRun(params.runId);
    // One more than asked tells whether there is more; the store may return more still (its limit is a hint).
    const events = await store.listEvents(params.runId, query.after, query.limit + 1);
    return { events: events.slice(0, query.limit), hasMore: events.length > query.limit };
  });

  binder.bind("decidePlan", async ({ params, body }) => engine.decidePlan(params.runId, body));

  binder.bind("cancelRun", async ({ params }) => {
    await requireRun(params.runId);
    return engine.cancel(params.runId);
  });

  binder.bind("decideApproval", async ({ params, body }) => {
    await engine.decideApproval(params.approvalId, body);
    return undefined;
  });

  binder.bind("listGrants", async ({ query }) => {
    if (query.runId) {
      const run = await requireRun(query.runId);
      if (query.agentId && query.agentId !== run.agentId) return { grants: [] };
      return { grants: await engine.listGrants({ agentId: run.agentId, runId: run.id }) };
    }
    const agentIds = query.agentId ? [query.agentId] : (await agents()).map((agent) => agent.id);
    const perAgent = await Promise.all(agentIds.map((agentId) => engine.listGrants({ agentId })));
    return { grants: perAgent.flat() };
  });

  binder.bind("revokeGrant", async ({ body }) => {
    const standing = await engine.listGrants({
      agentId: body.agentId,
      ...(body.runId === null ? {} : { runId: body.runId }),
    });
    const exists = standing.some(
      (grant) => grant.tool === body.tool && grant.scope === body.scope && grant.runId === body.runId,
    );
    if (!exists) throw notFound("grant");
    await engine.revokeGrant(body);
    return undefined;
  });
}
