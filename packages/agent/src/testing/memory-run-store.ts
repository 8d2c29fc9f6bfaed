import {
  ApprovalGrant,
  ApprovalRequest,
  Conversation,
  Message,
  Plan,
  Run,
  type RunEvent,
  RunEventBody,
  Timestamp,
  terminalRunStates,
} from "@multiclaw/protocol";
import { z } from "zod";
import { EngineError } from "../engine/engine-error.ts";
import type { RunStore, StoredApproval } from "../engine/run-store.ts";
import { matchConversation, queryWords } from "./memory-search.ts";

/*
 * A RunStore in memory, for tests of the engine and of anything built on it. It keeps the contract of the
 * gateway's SQLite store (run-store-contract.ts checks both): records come back as copies, and every record
 * written is checked against its protocol schema, as the SQLite store checks what it reads back, so a test
 * fails where the engine writes something the wire contract does not allow.
 */

const StoredApprovalSchema = ApprovalRequest.extend({
  decision: z.enum(["approve", "deny"]).nullable(),
  decidedAt: Timestamp.nullable(),
  expired: z.boolean().optional(),
});

interface Positioned<T> {
  value: T;
  position: number;
}

/** Newest first by the given time, the later write first on a tie (as the SQLite store orders). */
function newestFirst<T>(items: Positioned<T>[], time: (value: T) => string): T[] {
  return items
    .toSorted((a, b) => Date.parse(time(b.value)) - Date.parse(time(a.value)) || b.position - a.position)
    .map((item) => structuredClone(item.value));
}

function oldestFirst<T>(items: Positioned<T>[], time: (value: T) => string): T[] {
  return items
    .toSorted((a, b) => Date.parse(time(a.value)) - Date.parse(time(b.value)) || a.position - b.position)
    .map((item) => structuredClone(item.value));
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checked<T>(schema: z.ZodType<T>, value: T, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what} does not match its schema: ${z.prettifyError(result.error)}`);
  return structuredClone(value);
}

export function createMemoryRunStore(): RunStore {
  let position = 0;
  const conversations = new Map<string, Positioned<Conversation>>();
  const messages: Positioned<Message>[] = [];
  const runs = new Map<string, Positioned<Run>>();
  const events = new Map<string, RunEvent[]>();
  const plans = new Map<string, Positioned<Plan>>();
  const approvals = new Map<string, Positioned<StoredApproval>>();
  const grants = new Map<string, ApprovalGrant>();

  /** What a failed appendEvents puts back, so that an event and its rows are stored together or not at all. */
  function snapshot(): () => void {
    const savedConversations = new Map([...conversations].map(([id, item]) => [id, { ...item }]));
    const savedRuns = new Map([...runs].map(([id, item]) => [id, { ...item }]));
    const savedEvents = new Map([...events].map(([id, log]) => [id, log.length]));
    const savedMessages = messages.length;
    return () => {
      conversations.clear();
      for (const [id, item] of savedConversations) conversations.set(id, item);
      runs.clear();
      for (const [id, item] of savedRuns) runs.set(id, item);
      for (const id of [...events.keys()]) {
        const length = savedEvents.get(id);
        if (length === undefined) events.delete(id);
        else events.get(id)?.splice(length);
      }
      messages.splice(savedMessages);
    };
  }

  const grantKey = (grant: Pick<ApprovalGrant, "agentId" | "runId" | "tool" | "scope">) =>
    JSON.stringify([grant.agentId, grant.runId ?? "", grant.tool, grant.scope]);

  const store: RunStore = {
    async createConversation(conversation) {
      if (conversations.has(conversation.id)) throw new Error(`Conversation ${conversation.id} exists`);
      conversations.set(conversation.id, {
        value: checked(Conversation, conversation, "conversation"),
        position: position++,
      });
    },

    async getConversation(id) {
      const stored = conversations.get(id);
      return stored === undefined ? undefined : structuredClone(stored.value);
    },

    async listConversations(options = {}) {
      const matching = [...conversations.values()].filter(
        (item) => options.agentId === undefined || item.value.agentId === options.agentId,
      );
      return newestFirst(matching, (conversation) => conversation.updatedAt).slice(0, options.limit);
    },

    async touchConversation(id, updatedAt) {
      const stored = conversations.get(id);
      if (stored === undefined) throw new Error(`No conversation ${id}`);
      stored.value = { ...stored.value, updatedAt: checked(Timestamp, updatedAt, "updatedAt") };
    },

    async searchConversations(query, limit) {
      const words = queryWords(query);
      const results = [];
      for (const conversation of await store.listConversations()) {
        const match = matchConversation(conversation, await store.listMessages(conversation.id), words);
        if (match) results.push({ conversation, ...match });
        if (results.length === limit) break;
      }
      return results;
    },

    async renameConversation(id, title) {
      const stored = conversations.get(id);
      if (stored === undefined) throw new EngineError("NOT_FOUND", `No conversation ${id}`);
      stored.value = checked(Conversation, { ...stored.value, title }, "conversation");
      return structuredClone(stored.value);
    },

    async deleteConversation(id) {
      if (!conversations.has(id)) throw new EngineError("NOT_FOUND", `No conversation ${id}`);
      const ownRuns = [...runs.values()].filter((item) => item.value.conversationId === id);
      if (ownRuns.some((item) => !terminalRunStates.includes(item.value.state))) {
        throw new EngineError("CONFLICT", "A run of this conversation is still active: stop it first");
      }
      for (const { value: run } of ownRuns) {
        runs.delete(run.id);
        events.delete(run.id);
        for (const [planId, plan] of plans) if (plan.value.runId === run.id) plans.delete(planId);
        for (const [approvalId, approval] of approvals) {
          if (approval.value.runId === run.id) approvals.delete(approvalId);
        }
      }
      const kept = messages.filter((item) => item.value.conversationId !== id);
      messages.splice(0, messages.length, ...kept);
      conversations.delete(id);
    },

    async appendMessage(message) {
      if (!conversations.has(message.conversationId))
        throw new Error(`No conversation ${message.conversationId}`);
      messages.push({ value: checked(Message, message, "message"), position: position++ });
    },

    async listMessages(conversationId) {
      return oldestFirst(
        messages.filter((item) => item.value.conversationId === conversationId),
        (message) => message.createdAt,
      );
    },

    async createRun(run) {
      if (runs.has(run.id)) throw new Error(`Run ${run.id} exists`);
      if (!conversations.has(run.conversationId)) throw new Error(`No conversation ${run.conversationId}`);
      runs.set(run.id, { value: checked(Run, run, "run"), position: position++ });
      events.set(run.id, []);
    },

    async updateRun(id, update) {
      const stored = runs.get(id);
      if (stored === undefined) throw new Error(`No run ${id}`);
      const next: Run = {
        ...stored.value,
        ...(update.state === undefined ? {} : { state: update.state }),
        ...(update.usage === undefined ? {} : { usage: update.usage }),
        ...(update.error === undefined ? {} : { error: update.error }),
        updatedAt: update.updatedAt,
      };
      stored.value = checked(Run, next, "run");
    },

    async getRun(id) {
      const stored = runs.get(id);
      return stored === undefined ? undefined : structuredClone(stored.value);
    },

    async listRuns(options = {}) {
      const matching = [...runs.values()].filter(
        (item) =>
          (options.conversationId === undefined || item.value.conversationId === options.conversationId) &&
          (options.states === undefined || options.states.includes(item.value.state)) &&
          (options.taskId === undefined || item.value.taskId === options.taskId) &&
          (options.tasks !== true || item.value.taskId !== null) &&
          (options.topLevel !== true || item.value.parentRunId === null),
      );
      return newestFirst(matching, (run) => run.createdAt).slice(0, options.limit);
    },

    async appendEvent(runId, at, body, rows) {
      const [event] = await store.appendEvents(runId, [
        rows === undefined ? { at, body } : { at, body, rows },
      ]);
      return event as RunEvent;
    },

    async appendEvents(runId, entries) {
      const restore = snapshot();
      try {
        const appended: RunEvent[] = [];
        for (const { at, body, rows = {} } of entries) {
          if (rows.conversation !== undefined) await store.createConversation(rows.conversation);
          if (rows.run !== undefined) {
            if (rows.run.id !== runId) throw new Error(`Run ${rows.run.id} is not the event's run ${runId}`);
            await store.createRun(rows.run);
          }
          if (rows.runUpdate !== undefined) await store.updateRun(runId, rows.runUpdate);
          if (rows.message !== undefined) await store.appendMessage(rows.message);
          const touched = rows.conversationTouched;
          if (touched !== undefined) await store.touchConversation(touched.id, touched.updatedAt);
          const log = events.get(runId);
          if (log === undefined) throw new Error(`No run ${runId}`);
          const event: RunEvent = {
            runId,
            seq: log.length + 1,
            at: checked(Timestamp, at, "event time"),
            event: checked(RunEventBody, body, `event ${body.type}`),
          };
          log.push(event);
          appended.push(structuredClone(event));
        }
        return appended;
      } catch (error) {
        restore();
        throw error;
      }
    },

    async listEvents(runId, afterSeq = 0) {
      return structuredClone((events.get(runId) ?? []).filter((event) => event.seq > afterSeq));
    },

    async savePlan(plan) {
      if (!runs.has(plan.runId)) throw new Error(`No run ${plan.runId}`);
      const existing = plans.get(plan.id);
      plans.set(plan.id, { value: checked(Plan, plan, "plan"), position: existing?.position ?? position++ });
    },

    async getPlan(runId) {
      const ofRun = [...plans.values()].filter((item) => item.value.runId === runId);
      return newestFirst(ofRun, (plan) => plan.createdAt)[0];
    },

    async saveApproval(approval) {
      if (!runs.has(approval.runId)) throw new Error(`No run ${approval.runId}`);
      const existing = approvals.get(approval.id);
      approvals.set(approval.id, {
        value: checked(StoredApprovalSchema, approval, "approval"),
        position: existing?.position ?? position++,
      });
    },

    async getApproval(id) {
      const stored = approvals.get(id);
      return stored === undefined ? undefined : structuredClone(stored.value);
    },

    async listApprovals(options) {
      const matching = [...approvals.values()].filter(
        (item) =>
          (options.runId === undefined || item.value.runId === options.runId) &&
          (!options.pendingOnly || item.value.decision === null),
      );
      return oldestFirst(matching, (approval) => approval.createdAt);
    },

    async saveGrant(grant) {
      grants.set(grantKey(grant), checked(ApprovalGrant, grant, "grant"));
    },

    async listGrants(options) {
      const now = Date.parse(options.now);
      return [...grants.values()]
        .filter(
          (grant) =>
            grant.agentId === options.agentId &&
            (grant.runId === null || grant.runId === options.runId) &&
            (grant.expiresAt === null || Date.parse(grant.expiresAt) > now),
        )
        .toSorted(
          (a, b) =>
            Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
            byCodeUnits(a.tool, b.tool) ||
            byCodeUnits(a.scope, b.scope),
        )
        .map((grant) => structuredClone(grant));
    },

    async deleteGrant(grant) {
      grants.delete(grantKey(grant));
    },
  };
  return store;
}
