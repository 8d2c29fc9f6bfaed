import type { StoredApproval } from "@multiclaw/agent";
import {
  type ApprovalGrant,
  type Conversation,
  idPrefixes,
  type Message,
  type Plan,
  type Run,
} from "@multiclaw/protocol";
import { monotonicFactory } from "ulid";

/* Valid records for store tests: each call gets fresh ids; `overrides` sets what a test is about. */

const nextUlid = monotonicFactory();

export function sampleId(kind: keyof typeof idPrefixes): string {
  return `${idPrefixes[kind]}_${nextUlid().toLowerCase()}`;
}

/** `2026-12-01T10:00:00.000Z` plus `seconds`. */
export function sampleTime(seconds = 0): string {
  return new Date(Date.UTC(2026, 11, 1, 10, 0, 0) + seconds * 1000).toISOString();
}

export function sampleConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: sampleId("conversation"),
    agentId: sampleId("agent"),
    title: "Tidy the release notes",
    createdAt: sampleTime(),
    updatedAt: sampleTime(),
    ...overrides,
  };
}

export function sampleMessage(conversationId: string, overrides: Partial<Message> = {}): Message {
  return {
    id: sampleId("message"),
    conversationId,
    runId: null,
    role: "user",
    parts: [{ type: "text", text: "Please sort the changelog by date." }],
    createdAt: sampleTime(),
    ...overrides,
  };
}

export function sampleRun(conversation: Conversation, overrides: Partial<Run> = {}): Run {
  return {
    id: sampleId("run"),
    conversationId: conversation.id,
    agentId: conversation.agentId,
    mode: "task",
    taskId: null,
    parentRunId: null,
    state: "planning",
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    error: null,
    createdAt: sampleTime(),
    updatedAt: sampleTime(),
    ...overrides,
  };
}

export function samplePlan(runId: string, overrides: Partial<Plan> = {}): Plan {
  return {
    id: sampleId("plan"),
    runId,
    status: "proposed",
    steps: [
      { number: 1, title: "Read CHANGELOG.md", detail: "", delegateTo: null },
      { number: 2, title: "Sort the entries", detail: "Newest first", delegateTo: null },
    ],
    edited: false,
    createdAt: sampleTime(),
    decidedAt: null,
    ...overrides,
  };
}

export function sampleApproval(runId: string, overrides: Partial<StoredApproval> = {}): StoredApproval {
  return {
    id: sampleId("approval"),
    runId,
    toolCallId: "call_1",
    tool: "shell",
    input: { command: "ls -la", timeoutSeconds: 10 },
    reason: "always",
    createdAt: sampleTime(),
    decision: null,
    decidedAt: null,
    ...overrides,
  };
}

export function sampleGrant(agentId: string, overrides: Partial<ApprovalGrant> = {}): ApprovalGrant {
  return {
    tool: "files.write",
    scope: "tool-for-agent",
    agentId,
    runId: null,
    expiresAt: null,
    createdAt: sampleTime(),
    ...overrides,
  };
}
