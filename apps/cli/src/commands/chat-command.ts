import type { GatewayClient } from "@multiclaw/gateway-client";
import type { RunState } from "@multiclaw/protocol";
import type { Command } from "commander";
import { runChat } from "../chat/chat-session.ts";
import { findAgent } from "../chat/find-agent.ts";
import type { CliContext } from "../cli-context.ts";
import { CliError, INTERRUPTED_EXIT_CODE } from "../cli-error.ts";
import {
  askLine,
  type ClosablePrompter,
  pipedPrompter,
  readAllInput,
  terminalPrompter,
} from "../prompts/prompters.ts";

const endings: Partial<Record<RunState, string>> = {
  failed: "the run failed",
  cancelled: "the run was cancelled",
  rejected: "the plan was rejected, so the run ended",
  interrupted: "the run was interrupted by a gateway restart",
};

interface ChatCommandOptions {
  task?: boolean;
  conversation?: string;
}

/** The message: the arguments, else a line typed on the terminal, else everything piped to stdin. */
async function readMessage(
  ctx: CliContext,
  words: readonly string[],
): Promise<{ text: string; fromStdin: boolean }> {
  const given = words.join(" ").trim();
  if (given) return { text: given, fromStdin: false };
  const text = ctx.stdin.isTTY
    ? await askLine({
        input: ctx.stdin,
        output: ctx.out.stdout,
        question: "Message: ",
        signal: ctx.signal,
        onInterrupt: () => ctx.interrupt(),
      })
    : await readAllInput(ctx.stdin);
  if (!text.trim()) {
    throw new CliError("no message: give it after the agent's name, or on stdin", {
      code: "VALIDATION_FAILED",
    });
  }
  return { text: text.trim(), fromStdin: true };
}

/**
 * Who answers plans and approvals: the person at the terminal, or the lines piped to stdin. A message read
 * from stdin used it all up, so then nobody does here and decisions are left for the app.
 */
function prompterFor(ctx: CliContext, messageFromStdin: boolean): ClosablePrompter | undefined {
  if (ctx.stdin.isTTY) {
    return terminalPrompter({
      input: ctx.stdin,
      output: ctx.out.stdout,
      signal: ctx.signal,
      onInterrupt: () => ctx.interrupt(),
    });
  }
  if (messageFromStdin) return undefined;
  return pipedPrompter({ input: ctx.stdin, write: ctx.out.write, signal: ctx.signal });
}

async function checkConversation(
  gateway: GatewayClient,
  conversationId: string,
  agentId: string,
  agentName: string,
) {
  const { conversation } = await gateway.getConversation(conversationId);
  if (conversation.agentId !== agentId) {
    throw new CliError(
      `conversation ${conversationId} is not with ${agentName} (its agent is ${conversation.agentId})`,
      {
        code: "CONFLICT",
      },
    );
  }
}

export function registerChatCommand(program: Command, ctx: CliContext): void {
  program
    .command("chat")
    .description("send a message to an agent and follow its reply; plans and approvals are asked inline")
    .argument("<agent>", "the agent's name (any case) or id")
    .argument("[message...]", "the message; read from stdin when omitted")
    .option("--task", "work as a task: the agent proposes a plan first and waits for your approval")
    .option("--conversation <id>", "continue this conversation instead of starting one")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        '  multiclaw chat researcher "Summarise the README"',
        '  multiclaw chat coder --task "Add a test for the parser"',
        "  cat notes.md | multiclaw chat writer",
        '  printf "y\\ny\\n" | multiclaw chat coder --task "Tidy the repo"   (answers piped line by line)',
        "",
        "Approvals: y = this call, r = this tool for the rest of the run, a = always for this agent, n = deny.",
        "Ctrl-C cancels the run. Exit code 0 when the run completed, 1 otherwise.",
      ].join("\n"),
    )
    .action(async (agentName: string, words: string[], options: ChatCommandOptions) => {
      const gateway = await ctx.connect();
      const { agents } = await gateway.listAgents({ signal: ctx.signal });
      const agent = findAgent(agents, agentName);
      if (options.conversation) await checkConversation(gateway, options.conversation, agent.id, agent.name);
      const message = await readMessage(ctx, words);
      const prompter = prompterFor(ctx, message.fromStdin);
      let outcome: Awaited<ReturnType<typeof runChat>>;
      try {
        outcome = await runChat({
          gateway,
          agentId: agent.id,
          text: message.text,
          mode: options.task ? "task" : "chat",
          ...(options.conversation ? { conversationId: options.conversation } : {}),
          write: ctx.out.write,
          ...(prompter ? { ask: prompter.ask } : {}),
          style: ctx.out.style,
          signal: ctx.signal,
        });
      } finally {
        prompter?.close();
      }
      const { run } = outcome;
      if (run.state === "completed") return;
      if (run.state === "cancelled" && ctx.signal.aborted) {
        ctx.exitCode = INTERRUPTED_EXIT_CODE;
        return;
      }
      const ended = endings[run.state] ?? `the run ended ${run.state}`;
      throw run.error
        ? new CliError(`${ended}: ${run.error.message}`, { code: run.error.code })
        : new CliError(ended);
    });
}
