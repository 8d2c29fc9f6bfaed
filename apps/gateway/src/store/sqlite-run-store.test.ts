import type { RunEventBody } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { GatewayStoreError } from "./store-error.ts";
import {
  sampleApproval,
  sampleConversation,
  sampleGrant,
  sampleId,
  sampleMessage,
  samplePlan,
  sampleRun,
  sampleTime,
} from "./testing/sample-records.ts";
import { useTempGatewayStore } from "./testing/test-store.ts";

/* What the SQLite store adds to the RunStore contract (run-store-contract.test.ts): the file itself. */

const temp = useTempGatewayStore();

describe("the gateway's SQLite run store", () => {
  it("keeps every kind of record across a restart, exactly as written", async () => {
    const runs = temp.store.runs;
    const conversation = sampleConversation({ title: "Ünïcödé, emoji 🦀 and 'quotes' survive" });
    const run = sampleRun(conversation, { taskId: sampleId("task"), parentRunId: sampleId("run") });
    const message = sampleMessage(conversation.id, {
      runId: run.id,
      role: "assistant",
      parts: [
        { type: "text", text: "Line one\nline two\u0000 with a NUL" },
        {
          type: "tool-call",
          toolCallId: "call_7",
          tool: "files.read",
          input: { path: "a.md", range: [1, 2] },
        },
      ],
      usage: { inputTokens: 812, outputTokens: 40, totalTokens: 852 },
    });
    const event: RunEventBody = { type: "message", message };
    const plan = samplePlan(run.id, {
      steps: [{ number: 1, title: "Review", detail: "", delegateTo: sampleId("agent") }],
    });
    // Denied because it expired, with the rows it would have opened.
    const approval = sampleApproval(run.id, {
      decision: "deny",
      decidedAt: sampleTime(9),
      connections: [
        { rowId: "mcp:github", title: "MCP server github", hosts: ["api.github.com"], contactedHosts: [] },
      ],
      expiresAt: sampleTime(9),
      expired: true,
    });
    const grant = sampleGrant(conversation.agentId, {
      scope: "tool-for-run",
      runId: run.id,
      expiresAt: sampleTime(60),
    });
    await runs.createConversation(conversation);
    await runs.createRun(run);
    await runs.updateRun(run.id, {
      state: "failed",
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
      error: { code: "PROVIDER_TIMEOUT", message: "no answer in 60 s" },
      updatedAt: sampleTime(8),
    });
    await runs.appendMessage(message);
    const stored = await runs.appendEvent(run.id, sampleTime(1), event);
    await runs.savePlan(plan);
    await runs.saveApproval(approval);
    await runs.saveGrant(grant);

    const reopened = temp.reopen().runs;
    expect(await reopened.getConversation(conversation.id)).toEqual(conversation);
    expect(await reopened.getRun(run.id)).toEqual({
      ...run,
      state: "failed",
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
      error: { code: "PROVIDER_TIMEOUT", message: "no answer in 60 s" },
      updatedAt: sampleTime(8),
    });
    expect(await reopened.listMessages(conversation.id)).toEqual([message]);
    expect(await reopened.listEvents(run.id)).toEqual([stored]);
    expect(await reopened.getPlan(run.id)).toEqual(plan);
    expect(await reopened.getApproval(approval.id)).toEqual(approval);
    expect(await reopened.listGrants({ agentId: grant.agentId, runId: run.id, now: sampleTime() })).toEqual([
      grant,
    ]);
  });

  it("continues a run's event numbers after a restart", async () => {
    const conversation = sampleConversation();
    const run = sampleRun(conversation);
    await temp.store.runs.createConversation(conversation);
    await temp.store.runs.createRun(run);
    const state: RunEventBody = { type: "run-state", state: "running", error: null };
    await temp.store.runs.appendEvent(run.id, sampleTime(1), state);
    await temp.store.runs.appendEvent(run.id, sampleTime(2), state);
    const reopened = temp.reopen().runs;
    expect((await reopened.appendEvent(run.id, sampleTime(3), state)).seq).toBe(3);
    expect((await reopened.listEvents(run.id)).map((event) => event.seq)).toEqual([1, 2, 3]);
  });

  it("orders by time, not by the text of timestamps of different precision", async () => {
    // As text, "…10:00:00Z" sorts after "…10:00:00.500Z", though it is half a second earlier.
    const whole = sampleConversation({ updatedAt: "2026-12-01T10:00:00Z" });
    const later = sampleConversation({ updatedAt: "2026-12-01T10:00:00.500Z" });
    await temp.store.runs.createConversation(later);
    await temp.store.runs.createConversation(whole);
    expect((await temp.store.runs.listConversations()).map((c) => c.id)).toEqual([later.id, whole.id]);

    const first = sampleMessage(whole.id, { createdAt: "2026-12-01T10:00:00Z" });
    const second = sampleMessage(whole.id, { createdAt: "2026-12-01T10:00:00.250Z" });
    await temp.store.runs.appendMessage(second);
    await temp.store.runs.appendMessage(first);
    expect(await temp.store.runs.listMessages(whole.id)).toEqual([first, second]);
  });

  it("refuses a second record with an id it already has", async () => {
    const conversation = sampleConversation();
    await temp.store.runs.createConversation(conversation);
    await expect(temp.store.runs.createConversation(conversation)).rejects.toThrow(/UNIQUE/);
    const message = sampleMessage(conversation.id);
    await temp.store.runs.appendMessage(message);
    await expect(temp.store.runs.appendMessage(message)).rejects.toThrow(/UNIQUE/);
  });

  it("refuses records that point at a conversation or run it does not have", async () => {
    const runs = temp.store.runs;
    const missingConversation = sampleConversation();
    const missingRun = sampleId("run");
    await expect(runs.appendMessage(sampleMessage(missingConversation.id))).rejects.toThrow(/FOREIGN KEY/);
    await expect(runs.createRun(sampleRun(missingConversation))).rejects.toThrow(/FOREIGN KEY/);
    await expect(
      runs.appendEvent(missingRun, sampleTime(), { type: "run-state", state: "running", error: null }),
    ).rejects.toThrow(/FOREIGN KEY/);
    await expect(runs.savePlan(samplePlan(missingRun))).rejects.toThrow(/FOREIGN KEY/);
    await expect(runs.saveApproval(sampleApproval(missingRun))).rejects.toThrow(/FOREIGN KEY/);
  });

  it("answers NOT_FOUND when asked to change a conversation or run it does not have", async () => {
    const touch = temp.store.runs.touchConversation(sampleId("conversation"), sampleTime());
    await expect(touch).rejects.toBeInstanceOf(GatewayStoreError);
    await expect(touch).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      temp.store.runs.updateRun(sampleId("run"), { updatedAt: sampleTime() }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("stores a streamed token per event quickly enough (logged, not asserted)", async () => {
    const conversation = sampleConversation();
    const run = sampleRun(conversation);
    await temp.store.runs.createConversation(conversation);
    await temp.store.runs.createRun(run);
    const messageId = sampleId("message");
    const count = 500;
    const started = performance.now();
    for (let index = 0; index < count; index++) {
      await temp.store.runs.appendEvent(run.id, sampleTime(), {
        type: "text-delta",
        messageId,
        delta: "token ",
      });
    }
    const perWrite = (performance.now() - started) / count;
    console.log(
      `gateway store: ${perWrite.toFixed(3)} ms per appendEvent (durability "normal", ${count} writes)`,
    );
    expect((await temp.store.runs.listEvents(run.id, count - 1)).map((event) => event.seq)).toEqual([count]);
  });
});
