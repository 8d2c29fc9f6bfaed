import { type GatewayClient, isGatewayApiError } from "@multiclaw/gateway-client";
import {
  type ApprovalDecision,
  type ApprovalRequest,
  endsRun,
  type Plan,
  type PlanDecision,
  type Run,
  type RunEvent,
  type RunMode,
} from "@multiclaw/protocol";
import { lineAwareWriter } from "./line-aware-writer.ts";
import { renderApprovalReach } from "./render-approval.ts";
import {
  renderContinueHint,
  renderPlan,
  renderRunEvent,
  renderUsage,
  type Style,
  summariseInput,
} from "./render-run-event.ts";

/*
 * `multiclaw chat`: sends one message and follows the run to its end — the reply streams, tool calls show as
 * they happen, and plans and approvals are asked inline. Runs delegated to subagents are followed too, since
 * their tool calls may need approval as well. The terminal is behind the `Prompter` and `write` seams, so the
 * whole conversation is testable as text. The run ends with two closing lines, the token usage and how to
 * continue the conversation, written together so they stay in order and on lines of their own.
 */

/** Asks the user something; resolves with the answer line. */
export type Prompter = (question: string) => Promise<string>;

export interface ChatOptions {
  gateway: GatewayClient;
  agentId: string;
  text: string;
  mode: RunMode;
  /** Continue this conversation instead of starting one. */
  conversationId?: string;
  write: (text: string) => void;
  /** Without a prompter (no terminal), plans and approvals are left for the app or a later command. */
  ask?: Prompter;
  style: Style;
  /** Ctrl-C: cancels the run; the chat ends once the gateway reports it cancelled. */
  signal?: AbortSignal;
}

export interface ChatOutcome {
  run: Run;
  conversationId: string;
}

/** Turns an answer to the approval question into a decision, or undefined if it is not one. */
export function parseApprovalAnswer(answer: string): ApprovalDecision | undefined {
  switch (answer.trim().toLowerCase()) {
    case "y":
    case "yes":
      return { decision: "approve", scope: "call" };
    case "r":
    case "run":
      return { decision: "approve", scope: "tool-for-run" };
    case "a":
    case "always":
      return { decision: "approve", scope: "tool-for-agent" };
    case "n":
    case "no":
      return { decision: "deny" };
    default:
      return undefined;
  }
}

/** Turns an answer to the plan question into a decision (edits come from `editSteps`). */
export function parsePlanAnswer(answer: string): "approve" | "edit" | "reject" | undefined {
  const word = answer.trim().toLowerCase();
  if (word === "y" || word === "yes" || word === "approve") return "approve";
  if (word === "e" || word === "edit") return "edit";
  if (word === "n" || word === "no" || word === "reject") return "reject";
  return undefined;
}

async function askUntil<T>(
  ask: Prompter,
  question: string,
  parse: (answer: string) => T | undefined,
): Promise<T> {
  for (;;) {
    const parsed = parse(await ask(question));
    if (parsed !== undefined) return parsed;
  }
}

/** Lets the user rewrite the plan one step per line; an empty line keeps the step, `-` drops it. */
async function editSteps(plan: Plan, ask: Prompter, write: (text: string) => void): Promise<PlanDecision> {
  write("Edit each step (Enter keeps it, - drops it); then add steps, an empty line ends:\n");
  const steps: { title: string; detail: string; delegateTo: string | null }[] = [];
  for (const step of plan.steps) {
    const answer = (await ask(`  ${step.number}. ${step.title}\n     > `)).trim();
    if (answer === "-") continue;
    steps.push({
      title: answer || step.title,
      detail: answer ? "" : step.detail,
      delegateTo: step.delegateTo,
    });
  }
  for (;;) {
    const added = (await ask(`  ${steps.length + 1}. (new) > `)).trim();
    if (!added) break;
    steps.push({ title: added, detail: "", delegateTo: null });
  }
  if (steps.length === 0) return { decision: "reject", reason: "every step was removed" };
  return {
    decision: "edit",
    steps: steps.map((step, index) => ({ number: index + 1, ...step })),
  };
}

export async function runChat(options: ChatOptions): Promise<ChatOutcome> {
  const { gateway, ask, style } = options;
  const out = lineAwareWriter(options.write);
  const write = out.write;
  const run = options.conversationId
    ? await gateway.sendMessage(options.conversationId, { text: options.text, mode: options.mode })
    : await gateway.createConversation({ agentId: options.agentId, text: options.text, mode: options.mode });

  const followed = new Set([run.id]);
  const finished = new Set<string>();
  let latest = run;
  /** Prompts run one at a time, in event order, without holding up the stream. */
  let prompts: Promise<void> = Promise.resolve();
  let settle: (outcome: ChatOutcome) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<ChatOutcome>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });

  // After Ctrl-C a question in flight is abandoned (the run is being cancelled), not a failure of the chat.
  const prompt = (work: () => Promise<void>) => {
    prompts = prompts.then(work).catch((error: unknown) => {
      if (!options.signal?.aborted) fail(error);
    });
  };

  const cancel = () => {
    // Always a line break first: Ctrl-C may come while a question is on screen, which this writer never saw.
    write(`\n${style.yellow("cancelling the run…")}\n`);
    gateway.cancelRun(run.id).catch(fail);
  };
  if (options.signal?.aborted) cancel();
  else options.signal?.addEventListener("abort", cancel, { once: true });

  const decideApproval = (approval: ApprovalRequest) =>
    prompt(async () => {
      if (!ask) {
        write(
          `${style.yellow(`waiting for approval of ${approval.tool} (approval ${approval.id})`)}\n` +
            renderApprovalReach(approval, style, Date.now()),
        );
        return;
      }
      const question =
        `${style.yellow("?")} ${style.bold(approval.tool)} ${summariseInput(approval.input, 200)}\n` +
        renderApprovalReach(approval, style, Date.now()) +
        "  Allow? [y] once  [r] for this run  [a] always for this agent  [n] deny > ";
      const decision = await askUntil(ask, question, parseApprovalAnswer);
      try {
        await gateway.decideApproval(approval.id, decision);
      } catch (error) {
        // Answered too late: the run already went on without the call, which its events show.
        if (!(isGatewayApiError(error) && error.code === "APPROVAL_EXPIRED")) throw error;
        write(`${style.yellow(`  too late: ${error.message}`)}\n`);
      }
    });

  const decidePlan = (plan: Plan) =>
    prompt(async () => {
      write(`\n${renderPlan(plan, style)}\n`);
      if (!ask) {
        write(`${style.yellow(`waiting for the plan to be approved (run ${plan.runId})`)}\n`);
        return;
      }
      const answer = await askUntil(
        ask,
        "Approve this plan? [y] yes  [e] edit  [n] reject > ",
        parsePlanAnswer,
      );
      const decision: PlanDecision =
        answer === "approve"
          ? { decision: "approve" }
          : answer === "reject"
            ? { decision: "reject" }
            : await editSteps(plan, ask, write);
      await gateway.decidePlan(plan.runId, decision);
    });

  const onEvent = (event: RunEvent) => {
    const body = event.event;
    if (event.runId === run.id || body.type !== "text-delta") {
      const text = renderRunEvent(body, style);
      if (text !== null && (event.runId === run.id || body.type !== "run-state")) write(text);
    }
    if (body.type === "plan-proposed") decidePlan(body.plan);
    if (body.type === "approval-requested") decideApproval(body.approval);
    if (body.type === "delegation" && body.state === "started" && !followed.has(body.childRunId)) {
      followed.add(body.childRunId);
      subscription.add([body.childRunId]);
    }
    if (endsRun(body)) {
      finished.add(event.runId);
      if (event.runId === run.id) {
        void prompts.then(async () => {
          latest = await gateway.getRun(run.id).then((detail) => detail.run);
          out.writeLines([renderUsage(latest.usage, style), renderContinueHint(run.conversationId, style)]);
          settle({ run: latest, conversationId: run.conversationId });
        }, fail);
      }
    }
  };

  const subscription = gateway.subscribeRunEvents({
    subscribe: [run.id],
    onEvent,
    onError: (error) => fail(error),
  });
  try {
    return await done;
  } finally {
    options.signal?.removeEventListener("abort", cancel);
    subscription.close();
  }
}
