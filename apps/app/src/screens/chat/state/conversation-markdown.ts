import type { Conversation, Message } from "@multiclaw/protocol";

/**
 * A conversation as a Markdown document, for "Export as Markdown": the title, then each message under who
 * said it; tool calls and their results as fenced blocks.
 */
export function conversationToMarkdown(
  conversation: Conversation,
  messages: readonly Message[],
  agentName: string,
): string {
  const lines = [
    `# ${conversation.title || "Untitled conversation"}`,
    "",
    `With ${agentName}, started ${conversation.createdAt}.`,
  ];
  for (const message of messages) {
    if (lines.at(-1) !== "") lines.push("");
    lines.push(`## ${speakerOf(message, agentName)}`, "");
    for (const part of message.parts) {
      if (part.type === "text") lines.push(part.text, "");
      else if (part.type === "tool-call") {
        lines.push(
          `Called \`${part.tool}\`:`,
          "",
          fenced(JSON.stringify(part.input ?? null, null, 2), "json"),
          "",
        );
      } else {
        const outcome = part.ok ? "returned" : `failed${part.error ? ` (${part.error.code})` : ""}`;
        lines.push(`\`${part.tool}\` ${outcome}:`, "", fenced(part.output, ""), "");
      }
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function speakerOf(message: Message, agentName: string): string {
  if (message.role === "user") return "You";
  if (message.role === "tool") return "Tool results";
  return agentName;
}

/** A fence longer than any backtick run inside, so tool output cannot close it early. */
function fenced(text: string, language: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** "conversation title.md", safe as a file name on every OS. */
export function markdownFileName(conversation: Conversation): string {
  const base = conversation.title
    .replace(/[\\/:*?"<>|]+/g, " ")
    .split("")
    // Control characters cannot be in a file name on Windows.
    .map((char) => (char.charCodeAt(0) < 32 ? " " : char))
    .join("")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 80);
  return `${base || conversation.id}.md`;
}
