import type { FakeGateway } from "@multiclaw/gateway/testing/fake-local-api";
import { newId } from "@multiclaw/gateway/testing/fake-local-api";
import type { Run, RunEvent, RunEventBody } from "@multiclaw/protocol";

/*
 * Plays the agent's side of runs on the fake gateway, driven only by the events the CLI causes:
 * - a chat message streams "Hello" + " there" and completes (a message containing "hold" streams one delta
 *   and then waits, so a test can interrupt it);
 * - a task proposes a plan; once approved it calls `shell.run`, which needs approval; approved, it reports the
 *   result, streams "There are 2 files." and completes; denied, the run fails with TOOL_DENIED.
 * The fake's run records do not follow states appended from outside, so reads of a run take its state and
 * usage from its events, the way the real store keeps them in step.
 */

export interface ScriptedAgent {
  /** The user messages the runs started with, by run id. */
  messages: Map<string, string>;
  stop(): void;
}

const usage = { inputTokens: 12, outputTokens: 5, totalTokens: 17 };

function lastOf<T extends RunEventBody["type"]>(events: readonly RunEvent[], type: T) {
  const found = events.findLast((event) => event.event.type === type);
  return found?.event as Extract<RunEventBody, { type: T }> | undefined;
}

export function scriptAgent(fake: FakeGateway): ScriptedAgent {
  const messages = new Map<string, string>();
  const planned = new Set<string>();
  let work: Promise<unknown> = Promise.resolve();

  const { engine, store } = fake.deps;
  const startRun = engine.startRun;
  engine.startRun = async (input) => {
    const run = await startRun(input);
    messages.set(run.id, input.text);
    return run;
  };
  const getRun = store.getRun;
  store.getRun = async (id) => {
    const run = await getRun(id);
    if (!run) return run;
    const events = fake.events.get(id) ?? [];
    const state = lastOf(events, "run-state");
    const used = lastOf(events, "usage");
    return {
      ...run,
      ...(state ? { state: state.state, error: state.error } : {}),
      ...(used ? { usage: used.usage } : {}),
    } satisfies Run;
  };

  const reply = async (runId: string, parts: string[]) => {
    const messageId = newId("msg");
    for (const delta of parts) await fake.append(runId, { type: "text-delta", messageId, delta });
  };
  const end = async (runId: string, body: Extract<RunEventBody, { type: "run-state" }>) => {
    await fake.append(runId, { type: "usage", usage });
    await fake.append(runId, body);
  };

  async function react(event: RunEvent): Promise<void> {
    const { runId, event: body } = event;
    if (body.type === "run-state" && body.state === "planning") {
      await fake.proposePlan(runId);
    } else if (body.type === "run-state" && body.state === "running" && !planned.has(runId)) {
      const plan = lastOf(fake.events.get(runId) ?? [], "plan-decided");
      if (plan?.plan.status === "approved") {
        planned.add(runId);
        await fake.append(runId, {
          type: "tool-call",
          toolCallId: "call-1",
          tool: "shell.run",
          input: { command: "ls" },
        });
        await fake.requestApproval(runId);
        return;
      }
      await reply(runId, ["Hello", " there"]);
      if (messages.get(runId)?.includes("hold")) return;
      await end(runId, { type: "run-state", state: "completed", error: null });
    } else if (body.type === "approval-decided") {
      if (body.decision === "approve") {
        await fake.append(runId, {
          type: "tool-result",
          toolCallId: "call-1",
          tool: "shell.run",
          ok: true,
          output: "README.md\nsrc",
          error: null,
        });
        await reply(runId, ["There are ", "2 files."]);
        await end(runId, { type: "run-state", state: "completed", error: null });
      } else {
        const error = { code: "TOOL_DENIED" as const, message: "You denied shell.run" };
        await fake.append(runId, {
          type: "tool-result",
          toolCallId: "call-1",
          tool: "shell.run",
          ok: false,
          output: "",
          error,
        });
        await end(runId, { type: "run-state", state: "failed", error });
      }
    }
  }

  // Reactions run one after another, outside the fake's announce loop (appending inside it would nest).
  const unsubscribe = engine.subscribe((event) => {
    work = work.then(() => react(event));
  });
  return {
    messages,
    stop: () => {
      unsubscribe();
      engine.startRun = startRun;
      store.getRun = getRun;
    },
  };
}
