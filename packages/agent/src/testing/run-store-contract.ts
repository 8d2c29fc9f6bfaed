import type { ApprovalGrant, Conversation, Message, Plan, Run } from "@multiclaw/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunStore, StoredApproval } from "../engine/run-store.ts";
import { describeConversationAdminContract } from "./conversation-admin-contract.ts";

/*
 * What every RunStore must do, as one suite any implementation runs:
 *
 *   describeRunStoreContract("SQLite run store", async () => {
 *     const db = openTestDatabase();
 *     return { store: createSqliteRunStore(db), dispose: () => db.close() };
 *   });
 */

export interface RunStoreFixture {
  store: RunStore;
  dispose?(): void | Promise<void>;
}

/** A well-formed local id (`run_000…0042`) for fixtures. */
export function fixtureId(prefix: string, n: number): string {
  return `${prefix}_${String(n).padStart(26, "0")}`;
}

/** An ISO timestamp `seconds` after a fixed instant. */
export function fixtureTime(seconds: number): string {
  return new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + seconds * 1000).toISOString();
}

const agentA = fixtureId("agt", 1);
const agentB = fixtureId("agt", 2);

function conversation(n: number, seconds: number, agentId = agentA): Conversation {
  return {
    id: fixtureId("conv", n),
    agentId,
    title: `Conversation ${n}`,
    createdAt: fixtureTime(seconds),
    updatedAt: fixtureTime(seconds),
  };
}

function run(n: number, seconds: number, overrides: Partial<Run> = {}): Run {
  return {
    id: fixtureId("run", n),
    conversationId: fixtureId("conv", 1),
    agentId: agentA,
    mode: "chat",
    taskId: null,
    parentRunId: null,
    state: "running",
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    error: null,
    createdAt: fixtureTime(seconds),
    updatedAt: fixtureTime(seconds),
    ...overrides,
  };
}

function message(n: number, conv: number, seconds: number, parts: Message["parts"]): Message {
  return {
    id: fixtureId("msg", n),
    conversationId: fixtureId("conv", conv),
    runId: fixtureId("run", 1),
    role: "assistant",
    parts,
    createdAt: fixtureTime(seconds),
  };
}

function plan(n: number, runN: number, seconds: number, overrides: Partial<Plan> = {}): Plan {
  return {
    id: fixtureId("plan", n),
    runId: fixtureId("run", runN),
    status: "proposed",
    steps: [{ number: 1, title: "Look around", detail: "", delegateTo: null }],
    edited: false,
    createdAt: fixtureTime(seconds),
    decidedAt: null,
    ...overrides,
  };
}

function approval(
  n: number,
  runN: number,
  seconds: number,
  overrides: Partial<StoredApproval> = {},
): StoredApproval {
  return {
    id: fixtureId("apr", n),
    runId: fixtureId("run", runN),
    toolCallId: `call_${n}`,
    tool: "shell.run",
    input: { command: "ls -la", cwd: "." },
    reason: "always",
    createdAt: fixtureTime(seconds),
    decision: null,
    decidedAt: null,
    ...overrides,
  };
}

function grant(overrides: Partial<ApprovalGrant> = {}): ApprovalGrant {
  return {
    tool: "files.write",
    scope: "tool-for-agent",
    agentId: agentA,
    runId: null,
    expiresAt: null,
    createdAt: fixtureTime(0),
    ...overrides,
  };
}

export function describeRunStoreContract(
  name: string,
  setup: () => RunStoreFixture | Promise<RunStoreFixture>,
) {
  describe(`${name} (RunStore contract)`, () => {
    let fixture: RunStoreFixture;
    let store: RunStore;

    beforeEach(async () => {
      fixture = await setup();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.dispose?.();
    });

    describeConversationAdminContract(() => store);

    describe("conversations", () => {
      it("returns what was created, and nothing for an unknown id", async () => {
        await store.createConversation(conversation(1, 0));
        expect(await store.getConversation(fixtureId("conv", 1))).toEqual(conversation(1, 0));
        expect(await store.getConversation(fixtureId("conv", 9))).toBeUndefined();
      });

      it("lists the most recently updated first, filtered by agent and limited", async () => {
        await store.createConversation(conversation(1, 0));
        await store.createConversation(conversation(2, 10));
        await store.createConversation(conversation(3, 20, agentB));
        await store.touchConversation(fixtureId("conv", 1), fixtureTime(30));
        const ids = (list: Conversation[]) => list.map((item) => item.id);
        expect(ids(await store.listConversations())).toEqual([1, 3, 2].map((n) => fixtureId("conv", n)));
        expect(ids(await store.listConversations({ agentId: agentA }))).toEqual(
          [1, 2].map((n) => fixtureId("conv", n)),
        );
        expect(ids(await store.listConversations({ limit: 1 }))).toEqual([fixtureId("conv", 1)]);
        expect((await store.getConversation(fixtureId("conv", 1)))?.updatedAt).toBe(fixtureTime(30));
      });

      it("refuses to touch a conversation that does not exist", async () => {
        await expect(store.touchConversation(fixtureId("conv", 9), fixtureTime(1))).rejects.toThrow();
      });
    });

    describe("messages", () => {
      it("lists a conversation's messages oldest first, with their parts intact", async () => {
        await store.createConversation(conversation(1, 0));
        await store.createConversation(conversation(2, 0));
        const first = message(1, 1, 1, [
          { type: "text", text: "Reading it." },
          {
            type: "tool-call",
            toolCallId: "call_1",
            tool: "files.read",
            input: { path: "a.txt", lines: [1, 2] },
          },
        ]);
        const second = message(2, 1, 2, [
          {
            type: "tool-result",
            toolCallId: "call_1",
            tool: "files.read",
            ok: false,
            output: "no such file",
            error: { code: "TOOL_FAILED", message: "no such file" },
          },
        ]);
        // Same instant as `second`: the order of writing decides.
        const third = message(3, 1, 2, [{ type: "text", text: "It is not there." }]);
        await store.appendMessage(first);
        await store.appendMessage(message(4, 2, 0, [{ type: "text", text: "elsewhere" }]));
        await store.appendMessage(second);
        await store.appendMessage(third);
        expect(await store.listMessages(fixtureId("conv", 1))).toEqual([first, second, third]);
        expect(await store.listMessages(fixtureId("conv", 3))).toEqual([]);
      });

      it("keeps an assistant message's token usage with it, written alone or with its event", async () => {
        await store.createConversation(conversation(1, 0));
        await store.createRun(run(1, 0));
        const usage = { inputTokens: 1200, outputTokens: 34, totalTokens: 1234 };
        const alone = { ...message(1, 1, 1, [{ type: "text", text: "Hello." }]), usage };
        const withEvent = {
          ...message(2, 1, 2, [{ type: "text", text: "Again." }]),
          usage: { inputTokens: 5, outputTokens: 0, totalTokens: 5 },
        };
        const without = message(3, 1, 3, [{ type: "text", text: "No usage reported." }]);
        await store.appendMessage(alone);
        await store.appendEvent(
          fixtureId("run", 1),
          fixtureTime(2),
          { type: "message", message: withEvent },
          { message: withEvent },
        );
        await store.appendMessage(without);
        const stored = await store.listMessages(fixtureId("conv", 1));
        expect(stored).toEqual([alone, withEvent, without]);
        expect(stored[2]).not.toHaveProperty("usage");
      });
    });

    describe("runs", () => {
      beforeEach(async () => {
        await store.createConversation(conversation(1, 0));
        await store.createConversation(conversation(2, 0));
      });

      it("updates only the fields given, and clears the error with null", async () => {
        await store.createRun(run(1, 0));
        await store.updateRun(fixtureId("run", 1), {
          state: "failed",
          error: { code: "PROVIDER_ERROR", message: "upstream said no" },
          updatedAt: fixtureTime(5),
        });
        await store.updateRun(fixtureId("run", 1), {
          usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
          updatedAt: fixtureTime(6),
        });
        expect(await store.getRun(fixtureId("run", 1))).toEqual(
          run(1, 0, {
            state: "failed",
            error: { code: "PROVIDER_ERROR", message: "upstream said no" },
            usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
            updatedAt: fixtureTime(6),
          }),
        );
        await store.updateRun(fixtureId("run", 1), {
          state: "running",
          error: null,
          updatedAt: fixtureTime(7),
        });
        expect(await store.getRun(fixtureId("run", 1))).toMatchObject({ state: "running", error: null });
      });

      it("refuses to update a run that does not exist", async () => {
        await expect(
          store.updateRun(fixtureId("run", 9), { state: "failed", updatedAt: fixtureTime(1) }),
        ).rejects.toThrow();
        expect(await store.getRun(fixtureId("run", 9))).toBeUndefined();
      });

      it("lists runs newest first, filtered by conversation and by state, and limited", async () => {
        await store.createRun(run(1, 0, { state: "completed" }));
        await store.createRun(run(2, 10, { state: "awaiting-tool-approval", mode: "task" }));
        await store.createRun(
          run(3, 20, { conversationId: fixtureId("conv", 2), state: "planning", mode: "task" }),
        );
        await store.createRun(run(4, 30, { state: "cancelled" }));
        const ids = (list: Run[]) => list.map((item) => item.id);
        expect(ids(await store.listRuns())).toEqual([4, 3, 2, 1].map((n) => fixtureId("run", n)));
        expect(ids(await store.listRuns({ conversationId: fixtureId("conv", 1) }))).toEqual(
          [4, 2, 1].map((n) => fixtureId("run", n)),
        );
        expect(
          ids(await store.listRuns({ states: ["planning", "awaiting-tool-approval", "running"] })),
        ).toEqual([3, 2].map((n) => fixtureId("run", n)));
        expect(
          ids(
            await store.listRuns({
              conversationId: fixtureId("conv", 1),
              states: ["awaiting-tool-approval"],
            }),
          ),
        ).toEqual([fixtureId("run", 2)]);
        expect(await store.listRuns({ states: [] })).toEqual([]);
        expect(ids(await store.listRuns({ limit: 2 }))).toEqual([4, 3].map((n) => fixtureId("run", n)));
      });

      it("finds a task's runs, any task's runs, and leaves subagent runs out when asked", async () => {
        const task = (n: number) => fixtureId("tsk", n);
        await store.createRun(run(1, 0, { mode: "task", taskId: task(1) }));
        await store.createRun(run(2, 10));
        await store.createRun(run(3, 20, { mode: "task", taskId: task(2) }));
        await store.createRun(
          run(4, 30, { mode: "task", taskId: task(1), parentRunId: fixtureId("run", 1) }),
        );
        const ids = (list: Run[]) => list.map((item) => item.id);
        expect(ids(await store.listRuns({ taskId: task(1) }))).toEqual(
          [4, 1].map((n) => fixtureId("run", n)),
        );
        expect(ids(await store.listRuns({ taskId: task(1), topLevel: true }))).toEqual([fixtureId("run", 1)]);
        expect(ids(await store.listRuns({ tasks: true, topLevel: true }))).toEqual(
          [3, 1].map((n) => fixtureId("run", n)),
        );
        expect(ids(await store.listRuns({ tasks: true, limit: 1 }))).toEqual([fixtureId("run", 4)]);
        expect(await store.listRuns({ taskId: task(9) })).toEqual([]);
      });

      it("hands out copies: changing a returned run changes nothing stored", async () => {
        await store.createRun(run(1, 0));
        const copy = await store.getRun(fixtureId("run", 1));
        if (copy === undefined) throw new Error("run missing");
        copy.state = "failed";
        copy.usage.totalTokens = 99;
        expect(await store.getRun(fixtureId("run", 1))).toEqual(run(1, 0));
      });
    });

    describe("run events", () => {
      beforeEach(async () => {
        await store.createConversation(conversation(1, 0));
        await store.createRun(run(1, 0));
        await store.createRun(run(2, 0));
      });

      it("numbers each run's events from 1 and returns them in order", async () => {
        const first = await store.appendEvent(fixtureId("run", 1), fixtureTime(1), {
          type: "run-state",
          state: "running",
          error: null,
        });
        expect(first).toEqual({
          runId: fixtureId("run", 1),
          seq: 1,
          at: fixtureTime(1),
          event: { type: "run-state", state: "running", error: null },
        });
        const other = await store.appendEvent(fixtureId("run", 2), fixtureTime(1), {
          type: "usage",
          usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        });
        expect(other.seq).toBe(1);
        const delta = await store.appendEvent(fixtureId("run", 1), fixtureTime(2), {
          type: "text-delta",
          messageId: fixtureId("msg", 1),
          delta: "Hel",
        });
        expect(delta.seq).toBe(2);
        const events = await store.listEvents(fixtureId("run", 1));
        expect(events).toEqual([first, delta]);
        expect(await store.listEvents(fixtureId("run", 1), 1)).toEqual([delta]);
        expect(await store.listEvents(fixtureId("run", 1), 2)).toEqual([]);
      });

      it("gives concurrent appends distinct numbers without gaps, in the order they were made", async () => {
        const appended = await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            store.appendEvent(fixtureId("run", 1), fixtureTime(index), {
              type: "text-delta",
              messageId: fixtureId("msg", 1),
              delta: String(index),
            }),
          ),
        );
        expect(appended.map((event) => event.seq)).toEqual(
          Array.from({ length: 20 }, (_, index) => index + 1),
        );
        const stored = await store.listEvents(fixtureId("run", 1));
        expect(stored.map((event) => (event.event.type === "text-delta" ? event.event.delta : ""))).toEqual(
          Array.from({ length: 20 }, (_, index) => String(index)),
        );
      });
    });

    describe("an event with the rows it changes", () => {
      const usage = { inputTokens: 3, outputTokens: 2, totalTokens: 5 };

      it("stores a new conversation and run with the run's first event, then messages and updates with theirs", async () => {
        const newRun = run(1, 0, { conversationId: fixtureId("conv", 1) });
        const first = await store.appendEvent(
          newRun.id,
          fixtureTime(0),
          { type: "run-state", state: "running", error: null },
          { conversation: conversation(1, 0), run: newRun },
        );
        expect(first.seq).toBe(1);
        expect(await store.getRun(newRun.id)).toEqual(newRun);
        expect(await store.getConversation(fixtureId("conv", 1))).toEqual(conversation(1, 0));

        const said = message(1, 1, 1, [{ type: "text", text: "Hello" }]);
        await store.appendEvent(
          newRun.id,
          fixtureTime(1),
          { type: "message", message: said },
          { message: said, conversationTouched: { id: fixtureId("conv", 1), updatedAt: fixtureTime(1) } },
        );
        await store.appendEvent(
          newRun.id,
          fixtureTime(2),
          { type: "usage", usage },
          { runUpdate: { usage, updatedAt: fixtureTime(2) } },
        );
        expect(await store.listMessages(fixtureId("conv", 1))).toEqual([said]);
        expect((await store.getConversation(fixtureId("conv", 1)))?.updatedAt).toBe(fixtureTime(1));
        expect(await store.getRun(newRun.id)).toEqual({ ...newRun, usage, updatedAt: fixtureTime(2) });
        expect((await store.listEvents(newRun.id)).map((event) => event.event.type)).toEqual([
          "run-state",
          "message",
          "usage",
        ]);
      });

      it("stores nothing of an event whose rows fail, and the run's next event takes the number it left", async () => {
        await store.createConversation(conversation(1, 0));
        await store.createRun(run(1, 0));
        const said = message(1, 1, 1, [{ type: "text", text: "lost" }]);
        // The message lands first, then touching a conversation that does not exist fails the whole write.
        await expect(
          store.appendEvent(
            fixtureId("run", 1),
            fixtureTime(1),
            { type: "message", message: said },
            {
              runUpdate: { state: "completed", updatedAt: fixtureTime(1) },
              message: said,
              conversationTouched: { id: fixtureId("conv", 9), updatedAt: fixtureTime(1) },
            },
          ),
        ).rejects.toThrow();
        expect(await store.listEvents(fixtureId("run", 1))).toEqual([]);
        expect(await store.listMessages(fixtureId("conv", 1))).toEqual([]);
        expect((await store.getRun(fixtureId("run", 1)))?.state).toBe("running");

        // A run created by an event that fails is not there either.
        await expect(
          store.appendEvent(
            fixtureId("run", 2),
            fixtureTime(2),
            { type: "run-state", state: "running", error: null },
            { run: run(2, 2, { conversationId: fixtureId("conv", 9) }) },
          ),
        ).rejects.toThrow();
        expect(await store.getRun(fixtureId("run", 2))).toBeUndefined();

        const next = await store.appendEvent(fixtureId("run", 1), fixtureTime(3), { type: "usage", usage });
        expect(next.seq).toBe(1);
      });

      it("stores a group of events with their rows in one write, numbered in order, or none of it", async () => {
        const newRun = run(1, 0);
        const said = message(1, 1, 0, [{ type: "text", text: "Hi" }]);
        const group = await store.appendEvents(newRun.id, [
          {
            at: fixtureTime(0),
            body: { type: "run-state", state: "running", error: null },
            rows: { conversation: conversation(1, 0), run: newRun },
          },
          { at: fixtureTime(0), body: { type: "message", message: said }, rows: { message: said } },
        ]);
        expect(group.map((event) => [event.seq, event.event.type])).toEqual([
          [1, "run-state"],
          [2, "message"],
        ]);
        expect(await store.listEvents(newRun.id)).toEqual(group);
        expect(await store.listMessages(fixtureId("conv", 1))).toEqual([said]);

        // The second event's rows fail: the first event of the group is not kept either.
        await expect(
          store.appendEvents(newRun.id, [
            {
              at: fixtureTime(1),
              body: { type: "usage", usage },
              rows: { runUpdate: { usage, updatedAt: fixtureTime(1) } },
            },
            {
              at: fixtureTime(1),
              body: { type: "run-state", state: "completed", error: null },
              rows: { conversationTouched: { id: fixtureId("conv", 9), updatedAt: fixtureTime(1) } },
            },
          ]),
        ).rejects.toThrow();
        expect(await store.listEvents(newRun.id)).toEqual(group);
        expect(await store.getRun(newRun.id)).toEqual(newRun);

        // A later group continues the numbering, and the run takes every update of it.
        const end = await store.appendEvents(newRun.id, [
          {
            at: fixtureTime(2),
            body: { type: "usage", usage },
            rows: { runUpdate: { usage, updatedAt: fixtureTime(2) } },
          },
          {
            at: fixtureTime(3),
            body: { type: "run-state", state: "completed", error: null },
            rows: { runUpdate: { state: "completed", error: null, updatedAt: fixtureTime(3) } },
          },
        ]);
        expect(end.map((event) => event.seq)).toEqual([3, 4]);
        expect(await store.getRun(newRun.id)).toEqual({
          ...newRun,
          usage,
          state: "completed",
          updatedAt: fixtureTime(3),
        });
      });

      it("refuses to create a run under another run's event", async () => {
        await store.createConversation(conversation(1, 0));
        await expect(
          store.appendEvent(
            fixtureId("run", 1),
            fixtureTime(1),
            { type: "run-state", state: "running", error: null },
            { run: run(2, 1) },
          ),
        ).rejects.toThrow();
        expect(await store.getRun(fixtureId("run", 2))).toBeUndefined();
      });
    });

    describe("plans", () => {
      beforeEach(async () => {
        await store.createConversation(conversation(1, 0));
        await store.createRun(run(1, 0, { mode: "task" }));
        await store.createRun(run(2, 0, { mode: "task" }));
      });

      it("replaces a plan saved again under its id, and gives the run's newest plan", async () => {
        await store.savePlan(plan(1, 1, 0));
        const edited = plan(1, 1, 0, {
          status: "approved",
          edited: true,
          steps: [
            { number: 1, title: "Look around", detail: "only the docs folder", delegateTo: null },
            { number: 2, title: "Write the summary", detail: "", delegateTo: agentB },
          ],
          decidedAt: fixtureTime(5),
        });
        await store.savePlan(edited);
        expect(await store.getPlan(fixtureId("run", 1))).toEqual(edited);

        const newer = plan(2, 1, 10);
        await store.savePlan(newer);
        await store.savePlan(plan(3, 2, 20));
        expect(await store.getPlan(fixtureId("run", 1))).toEqual(newer);
        // Saving the older plan again does not make it the newest.
        await store.savePlan({ ...edited, status: "superseded" });
        expect(await store.getPlan(fixtureId("run", 1))).toEqual(newer);
        expect(await store.getPlan(fixtureId("run", 9))).toBeUndefined();
      });
    });

    describe("approvals", () => {
      beforeEach(async () => {
        await store.createConversation(conversation(1, 0));
        await store.createRun(run(1, 0));
        await store.createRun(run(2, 0));
      });

      it("stores requests, replaces them with their decision, and lists pending ones per run", async () => {
        await store.saveApproval(approval(1, 1, 0));
        await store.saveApproval(approval(2, 2, 1));
        await store.saveApproval(
          approval(3, 1, 2, { reason: "policy", tool: "files.write", input: undefined }),
        );
        const decided = approval(1, 1, 0, { decision: "approve", decidedAt: fixtureTime(3) });
        await store.saveApproval(decided);
        expect(await store.getApproval(fixtureId("apr", 1))).toEqual(decided);
        expect(await store.getApproval(fixtureId("apr", 9))).toBeUndefined();

        const ids = (list: StoredApproval[]) => list.map((item) => item.id);
        expect(ids(await store.listApprovals({ runId: fixtureId("run", 1) }))).toEqual(
          [1, 3].map((n) => fixtureId("apr", n)),
        );
        expect(ids(await store.listApprovals({ pendingOnly: true }))).toEqual(
          [2, 3].map((n) => fixtureId("apr", n)),
        );
        expect(ids(await store.listApprovals({ runId: fixtureId("run", 1), pendingOnly: true }))).toEqual([
          fixtureId("apr", 3),
        ]);
      });

      it("keeps a request's connection rows and expiry, and marks one that expired", async () => {
        const connections = [
          { rowId: "web-fetch", title: "Web fetch", hosts: ["example.org"], contactedHosts: [] },
          {
            rowId: "mcp:github",
            title: "MCP server github",
            hosts: ["api.githubcopilot.com"],
            contactedHosts: ["api.githubcopilot.com"],
          },
        ];
        const waiting = approval(1, 1, 0, { connections, expiresAt: fixtureTime(1800) });
        const local = approval(2, 1, 1, { connections: [], expiresAt: fixtureTime(1801) });
        await store.saveApproval(waiting);
        await store.saveApproval(local);
        expect(await store.getApproval(fixtureId("apr", 1))).toEqual(waiting);
        expect(await store.getApproval(fixtureId("apr", 2))).toEqual(local);

        const expired: StoredApproval = {
          ...waiting,
          decision: "deny",
          decidedAt: fixtureTime(1800),
          expired: true,
        };
        await store.saveApproval(expired);
        expect(await store.getApproval(fixtureId("apr", 1))).toEqual(expired);
        expect(await store.listApprovals({ pendingOnly: true })).toEqual([local]);
        // One stored before requests carried either: neither is made up.
        const older = await store.getApproval(fixtureId("apr", 9));
        expect(older).toBeUndefined();
        await store.saveApproval(approval(3, 1, 2));
        const plain = await store.getApproval(fixtureId("apr", 3));
        expect(plain).not.toHaveProperty("connections");
        expect(plain).not.toHaveProperty("expiresAt");
        expect(plain).not.toHaveProperty("expired");
      });
    });

    describe("grants", () => {
      const now = fixtureTime(100);

      it("lists an agent's unexpired grants; a run's grants only when that run is asked for", async () => {
        const forever = grant();
        const later = grant({ tool: "files.read", expiresAt: fixtureTime(101) });
        const expired = grant({ tool: "web.fetch", expiresAt: fixtureTime(100) });
        const runOne = grant({ tool: "shell.run", scope: "tool-for-run", runId: fixtureId("run", 1) });
        const runTwo = grant({ tool: "shell.run", scope: "tool-for-run", runId: fixtureId("run", 2) });
        const otherAgent = grant({ agentId: agentB });
        for (const item of [forever, later, expired, runOne, runTwo, otherAgent]) await store.saveGrant(item);

        const listed = await store.listGrants({ agentId: agentA, now });
        expect(listed).toHaveLength(2);
        expect(listed).toEqual(expect.arrayContaining([forever, later]));

        const withRun = await store.listGrants({ agentId: agentA, runId: fixtureId("run", 1), now });
        expect(withRun).toHaveLength(3);
        expect(withRun).toEqual(expect.arrayContaining([forever, later, runOne]));

        expect(await store.listGrants({ agentId: agentA, now: fixtureTime(101) })).toEqual([forever]);
      });

      it("replaces a grant saved again for the same tool and scope, and deletes only the one named", async () => {
        await store.saveGrant(grant({ expiresAt: fixtureTime(50) }));
        await store.saveGrant(grant({ expiresAt: fixtureTime(500), createdAt: fixtureTime(60) }));
        await store.saveGrant(grant({ tool: "files.read" }));
        await store.saveGrant(grant({ scope: "tool-for-run", runId: fixtureId("run", 1) }));
        expect(await store.listGrants({ agentId: agentA, runId: fixtureId("run", 1), now })).toHaveLength(3);

        await store.deleteGrant({
          agentId: agentA,
          runId: null,
          tool: "files.write",
          scope: "tool-for-agent",
        });
        const left = await store.listGrants({ agentId: agentA, runId: fixtureId("run", 1), now });
        expect(left.map((item) => [item.tool, item.scope])).toEqual(
          expect.arrayContaining([
            ["files.read", "tool-for-agent"],
            ["files.write", "tool-for-run"],
          ]),
        );
        expect(left).toHaveLength(2);
      });
    });
  });
}
