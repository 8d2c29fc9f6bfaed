import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { type Agent, idPrefixes, type Run, type RunEvent, type RunState } from "@multiclaw/protocol";
import { MockLanguageModelV3 } from "ai/test";
import { z } from "zod";
import { createMemoryRunStore } from "../testing/memory-run-store.ts";
import { type Tool, type ToolContext, type ToolResult, zodInput } from "../tools/tool.ts";
import { type AgentEngine, createAgentEngine } from "./agent-engine.ts";
import type { AgentEngineDeps, EngineLimits, LocalIdKind } from "./engine-deps.ts";
import type { RunStore } from "./run-store.ts";

/*
 * Test helpers for the engine: a model that plays a script through the real AI SDK (MockLanguageModelV3 is the
 * SDK's own provider-level double), a controllable clock, counter ids in the real format, recording tools, and
 * an engine wired to the in-memory store.
 */

export interface ScriptedToolCall {
  id?: string;
  /** The model-facing name (`files_read` for `files.read`). */
  name: string;
  /** An object is sent as JSON; a string is sent as is (to send arguments that are not JSON). */
  input: unknown;
}

export interface Turn {
  text?: string | readonly string[];
  toolCalls?: readonly ScriptedToolCall[];
  usage?: { input: number; output: number };
  /** Sent as an error part after the text. */
  streamError?: unknown;
  /** Thrown by the provider before any stream (a rejected request). */
  requestError?: unknown;
  /** After the text, the stream neither ends nor listens to the abort signal. */
  hang?: boolean;
}

export type ScriptedTurn = Turn | ((call: LanguageModelV3CallOptions) => Turn);

/** A model that answers each call with the next turn of the script, and fails a call beyond it. */
export function scriptedModel(turns: readonly ScriptedTurn[]): MockLanguageModelV3 {
  let next = 0;
  return new MockLanguageModelV3({
    doStream: async (call) => {
      const scripted = turns[next++];
      if (scripted === undefined) throw new Error(`unexpected model call #${next}`);
      const turn = typeof scripted === "function" ? scripted(call) : scripted;
      if (turn.requestError !== undefined) throw turn.requestError;
      const parts: LanguageModelV3StreamPart[] = [{ type: "stream-start", warnings: [] }];
      const chunks = typeof turn.text === "string" ? [turn.text] : (turn.text ?? []);
      if (chunks.length > 0) {
        parts.push({ type: "text-start", id: "text" });
        for (const delta of chunks) parts.push({ type: "text-delta", id: "text", delta });
        if (turn.hang !== true) parts.push({ type: "text-end", id: "text" });
      }
      for (const [index, toolCall] of (turn.toolCalls ?? []).entries()) {
        parts.push({
          type: "tool-call",
          toolCallId: toolCall.id ?? `call_${next}_${index}`,
          toolName: toolCall.name,
          input: typeof toolCall.input === "string" ? toolCall.input : JSON.stringify(toolCall.input),
        });
      }
      if (turn.streamError !== undefined) parts.push({ type: "error", error: turn.streamError });
      const usage = turn.usage ?? { input: 10, output: 5 };
      if (turn.hang !== true) {
        parts.push({
          type: "finish",
          finishReason: {
            unified: (turn.toolCalls?.length ?? 0) > 0 ? "tool-calls" : "stop",
            raw: undefined,
          },
          usage: {
            inputTokens: { total: usage.input, noCache: usage.input, cacheRead: 0, cacheWrite: 0 },
            outputTokens: { total: usage.output, text: usage.output, reasoning: 0 },
          },
        });
      }
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          if (turn.hang !== true) controller.close();
        },
      });
      return { stream };
    },
  });
}

/** The system prompt and the tool names a recorded model call was given. */
export function describeCall(call: LanguageModelV3CallOptions | undefined) {
  if (call === undefined) throw new Error("no such model call");
  const system = call.prompt.find((message) => message.role === "system");
  return {
    system: system?.role === "system" ? system.content : "",
    tools: (call.tools ?? []).map((tool) => tool.name),
    toolChoice: call.toolChoice,
    messages: call.prompt.filter((message) => message.role !== "system"),
  };
}

export function testId(kind: keyof typeof idPrefixes, n: number): string {
  return `${idPrefixes[kind]}_${String(n).padStart(26, "0")}`;
}

export function counterIds(): (kind: LocalIdKind) => string {
  let n = 0;
  return (kind) => testId(kind, ++n);
}

export function testClock(start = "2026-03-01T09:00:00.000Z") {
  let current = Date.parse(start);
  return {
    now: () => new Date(current).toISOString(),
    advance(seconds: number) {
      current += seconds * 1000;
    },
  };
}

export function testAgent(n: number, overrides: Partial<Agent> = {}): Agent {
  return {
    id: testId("agent", n),
    workspaceId: testId("workspace", 1),
    name: `Agent ${n}`,
    instructions: "",
    provider: "openai",
    model: "test-model",
    toolPolicy: { requireApproval: [], deny: [] },
    mcpServers: {},
    revision: 1,
    createdBy: testId("user", 1),
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

export interface RecordingTool extends Tool<{ path: string }> {
  calls: { input: { path: string }; context: ToolContext }[];
}

/** A tool taking `{ path: string }` that records its calls and answers with `run` (default: "did <path>"). */
export function recordingTool(
  name: string,
  options: {
    alwaysNeedsApproval?: boolean;
    run?: (input: { path: string }, context: ToolContext) => Promise<ToolResult>;
  } = {},
): RecordingTool {
  const calls: RecordingTool["calls"] = [];
  return {
    name,
    description: `The ${name} tool.`,
    input: zodInput(z.strictObject({ path: z.string().min(1) })),
    alwaysNeedsApproval: options.alwaysNeedsApproval,
    calls,
    async execute(input, context) {
      calls.push({ input, context });
      return options.run === undefined
        ? { ok: true, output: `did ${input.path}` }
        : options.run(input, context);
    },
  };
}

export interface TestEngineOptions {
  agents: readonly Agent[];
  /** Each agent's model by agent id; an agent without one has "no key". */
  models: Record<string, MockLanguageModelV3>;
  tools?: readonly Tool[] | ((agent: Agent) => readonly Tool[]);
  limits?: Partial<EngineLimits>;
  store?: RunStore;
  classifyError?: AgentEngineDeps["classifyError"];
  describeConnections?: AgentEngineDeps["describeConnections"];
}

export function createTestEngine(options: TestEngineOptions) {
  const store = options.store ?? createMemoryRunStore();
  const clock = testClock();
  const events: RunEvent[] = [];
  const reported: unknown[] = [];
  const tools = options.tools ?? [];
  const engine: AgentEngine = createAgentEngine({
    store,
    clock,
    newId: counterIds(),
    agents: {
      get: (id) => options.agents.find((agent) => agent.id === id),
      list: () => options.agents,
    },
    resolveModel(agent) {
      const model = options.models[agent.id];
      if (model === undefined) {
        throw Object.assign(new Error(`No API key is configured for ${agent.provider}.`), {
          code: "KEY_NOT_CONFIGURED",
        });
      }
      return model;
    },
    toolsFor: (agent) => (typeof tools === "function" ? tools(agent) : tools),
    limits: { toolTimeoutMs: 5_000, ...options.limits },
    classifyError: options.classifyError,
    ...(options.describeConnections ? { describeConnections: options.describeConnections } : {}),
    reportError: (error) => reported.push(error),
  });
  engine.subscribe((event) => events.push(event));

  /** Resolves with the run once it is in `state` (now or later); fails after 5 s. */
  async function reach(runId: string, state: RunState): Promise<Run> {
    const current = await store.getRun(runId);
    if (current?.state === state) return current;
    return new Promise<Run>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`run ${runId} did not reach ${state}`));
      }, 5_000);
      const stop = engine.onRunState((run) => {
        if (run.id !== runId || run.state !== state) return;
        clearTimeout(timer);
        stop();
        resolve(run);
      });
    });
  }

  const eventsOf = (runId: string) =>
    events.filter((event) => event.runId === runId).map((event) => event.event);

  return { engine, store, clock, events, eventsOf, reported, reach };
}

/** Lets every pending promise and timer of the engine run (to show that nothing more happens). */
/** Resolves once `check()` holds; fails after `timeoutMs` (the first model call also loads the AI SDK). */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`the condition did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function settleBriefly(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
