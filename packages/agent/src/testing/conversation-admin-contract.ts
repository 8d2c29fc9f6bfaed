import type { Conversation, Message, Run, SearchSnippet } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import type { RunStore } from "../engine/run-store.ts";
import { fixtureId, fixtureTime } from "./run-store-contract.ts";

/*
 * Search, rename and delete, as every RunStore must do them: part of the RunStore contract
 * (run-store-contract.ts runs it with the store of each test).
 */

const agent = fixtureId("agt", 1);

function conversation(n: number, title: string, seconds: number): Conversation {
  return {
    id: fixtureId("conv", n),
    agentId: agent,
    title,
    createdAt: fixtureTime(0),
    updatedAt: fixtureTime(seconds),
  };
}

function run(n: number, conv: number, state: Run["state"]): Run {
  return {
    id: fixtureId("run", n),
    conversationId: fixtureId("conv", conv),
    agentId: agent,
    mode: "chat",
    taskId: null,
    parentRunId: null,
    state,
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    error: null,
    createdAt: fixtureTime(n),
    updatedAt: fixtureTime(n),
  };
}

function said(n: number, conv: number, text: string, runN: number | null = null): Message {
  return {
    id: fixtureId("msg", n),
    conversationId: fixtureId("conv", conv),
    runId: runN === null ? null : fixtureId("run", runN),
    role: "user",
    parts: [{ type: "text", text }],
    createdAt: fixtureTime(n),
  };
}

/** The snippet's marked words, as the App would highlight them. */
function marked(snippet: SearchSnippet): string[] {
  return snippet.highlights.map((range) => snippet.text.slice(range.start, range.end));
}

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return "resolved";
}

export function describeConversationAdminContract(storeOf: () => RunStore) {
  describe("searching conversations", () => {
    it("finds messages and titles by word prefixes, ignoring case and accents, newest conversation first", async () => {
      const store = storeOf();
      await store.createConversation(conversation(1, "Trip planning", 10));
      await store.createConversation(conversation(2, "Deployment notes", 20));
      await store.createConversation(conversation(3, "Groceries", 30));
      await store.appendMessage(said(1, 1, "We could visit the Café Müller in Köln on Sunday"));
      await store.appendMessage(said(2, 2, "The deploy failed twice; the cafe wifi was down"));
      await store.appendMessage(said(3, 3, "Milk, eggs, bread"));

      const cafe = await store.searchConversations("CAFE", 10);
      expect(cafe.map((result) => result.conversation.id)).toEqual([
        fixtureId("conv", 2),
        fixtureId("conv", 1),
      ]);
      expect(cafe.map((result) => result.messageId)).toEqual([fixtureId("msg", 2), fixtureId("msg", 1)]);
      expect(cafe.map((result) => marked(result.snippet))).toEqual([["cafe"], ["Café"]]);

      const deploy = await store.searchConversations("deplo", 10);
      expect(deploy).toHaveLength(1);
      expect(deploy[0]?.conversation).toEqual(conversation(2, "Deployment notes", 20));
      // A message match is preferred to the title's: it says where in the conversation to look.
      expect(deploy[0]?.messageId).toBe(fixtureId("msg", 2));

      const title = await store.searchConversations("groceries", 10);
      expect(title.map((result) => [result.messageId, marked(result.snippet)])).toEqual([
        [null, ["Groceries"]],
      ]);
    });

    it("needs every word in one message or the title, takes the query as plain words, and limits", async () => {
      const store = storeOf();
      await store.createConversation(conversation(1, "One", 10));
      await store.createConversation(conversation(2, "Two", 20));
      await store.appendMessage(said(1, 1, "alpha beta"));
      await store.appendMessage(said(2, 1, "gamma"));
      await store.appendMessage(said(3, 2, "alpha gamma"));

      expect((await store.searchConversations("alpha gamma", 10)).map((r) => r.messageId)).toEqual([
        fixtureId("msg", 3),
      ]);
      expect(await store.searchConversations('"alpha" OR NOT beta*', 10)).toEqual([]);
      expect((await store.searchConversations("alpha", 1)).map((r) => r.conversation.id)).toEqual([
        fixtureId("conv", 2),
      ]);
      expect(await store.searchConversations("*** ()", 10)).toEqual([]);
    });

    it("searches text parts only: tool inputs and outputs are not conversation text", async () => {
      const store = storeOf();
      await store.createConversation(conversation(1, "Tools", 10));
      await store.appendMessage({
        ...said(1, 1, ""),
        parts: [
          { type: "tool-call", toolCallId: "c1", tool: "shell.run", input: { command: "zebrafish" } },
          {
            type: "tool-result",
            toolCallId: "c1",
            tool: "shell.run",
            ok: true,
            output: "zebrafish",
            error: null,
          },
        ],
      });
      expect(await store.searchConversations("zebrafish", 10)).toEqual([]);
    });
  });

  describe("renaming a conversation", () => {
    it("changes the title (found by search under it) and keeps when it was last active", async () => {
      const store = storeOf();
      await store.createConversation(conversation(1, "Untitled", 10));
      const renamed = await store.renameConversation(fixtureId("conv", 1), "Quarterly budget");
      expect(renamed).toEqual(conversation(1, "Quarterly budget", 10));
      expect(await store.getConversation(fixtureId("conv", 1))).toEqual(renamed);
      expect((await store.searchConversations("budget", 10)).map((r) => r.conversation)).toEqual([renamed]);
      expect(await store.searchConversations("untitled", 10)).toEqual([]);
    });

    it("refuses a conversation that does not exist with NOT_FOUND", async () => {
      expect(await codeOf(storeOf().renameConversation(fixtureId("conv", 9), "x"))).toBe("NOT_FOUND");
    });
  });

  describe("deleting a conversation", () => {
    it("removes it with its messages, runs, events, plans and approvals, and nothing of other conversations", async () => {
      const store = storeOf();
      await store.createConversation(conversation(1, "Doomed", 10));
      await store.createConversation(conversation(2, "Kept", 20));
      await store.createRun(run(1, 1, "completed"));
      await store.createRun(run(2, 2, "completed"));
      await store.appendMessage(said(1, 1, "secret words", 1));
      await store.appendMessage(said(2, 2, "secret words", 2));
      await store.appendEvent(fixtureId("run", 1), fixtureTime(1), {
        type: "run-state",
        state: "completed",
        error: null,
      });
      await store.savePlan({
        id: fixtureId("plan", 1),
        runId: fixtureId("run", 1),
        status: "approved",
        steps: [{ number: 1, title: "Step", detail: "", delegateTo: null }],
        edited: false,
        createdAt: fixtureTime(1),
        decidedAt: fixtureTime(2),
      });
      await store.saveApproval({
        id: fixtureId("apr", 1),
        runId: fixtureId("run", 1),
        toolCallId: "c1",
        tool: "shell.run",
        input: null,
        reason: "always",
        createdAt: fixtureTime(1),
        decision: "approve",
        decidedAt: fixtureTime(2),
      });

      await store.deleteConversation(fixtureId("conv", 1));

      expect(await store.getConversation(fixtureId("conv", 1))).toBeUndefined();
      expect(await store.listMessages(fixtureId("conv", 1))).toEqual([]);
      expect(await store.getRun(fixtureId("run", 1))).toBeUndefined();
      expect(await store.listEvents(fixtureId("run", 1))).toEqual([]);
      expect(await store.getPlan(fixtureId("run", 1))).toBeUndefined();
      expect(await store.getApproval(fixtureId("apr", 1))).toBeUndefined();
      expect((await store.searchConversations("secret", 10)).map((r) => r.conversation.id)).toEqual([
        fixtureId("conv", 2),
      ]);
      expect(await store.listConversations()).toEqual([conversation(2, "Kept", 20)]);
      expect(await store.listMessages(fixtureId("conv", 2))).toHaveLength(1);
      expect(await store.getRun(fixtureId("run", 2))).toBeDefined();
    });

    it("refuses with CONFLICT while a run of it has not ended, and keeps everything", async () => {
      const store = storeOf();
      await store.createConversation(conversation(1, "Busy", 10));
      await store.createRun(run(1, 1, "completed"));
      await store.createRun(run(2, 1, "awaiting-tool-approval"));
      await store.appendMessage(said(1, 1, "still here", 2));
      expect(await codeOf(store.deleteConversation(fixtureId("conv", 1)))).toBe("CONFLICT");
      expect(await store.getConversation(fixtureId("conv", 1))).toBeDefined();
      expect(await store.listMessages(fixtureId("conv", 1))).toHaveLength(1);
      expect(await store.listRuns({ conversationId: fixtureId("conv", 1) })).toHaveLength(2);
    });

    it("refuses a conversation that does not exist with NOT_FOUND", async () => {
      expect(await codeOf(storeOf().deleteConversation(fixtureId("conv", 9)))).toBe("NOT_FOUND");
    });
  });
}
