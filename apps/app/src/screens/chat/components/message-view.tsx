import type { Message } from "@multiclaw/protocol";
import clsx from "clsx";
import { CopyButton } from "../../../ui/copy-button.tsx";
import { useSession } from "../hooks/session-context.ts";
import { useSessionSlice } from "../hooks/use-conversation-session.ts";
import { MessageLinkPreviews } from "../links/message-link-previews.tsx";
import { Markdown } from "../markdown/markdown.tsx";
import { describeUsage } from "../state/usage.ts";
import { ToolCallCard } from "./tool-call-card.tsx";

function textOf(message: Message): string {
  return message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n\n");
}

/**
 * A stored message: the person's words as they typed them, the agent's as Markdown with its tool calls as
 * cards; the title cards of its links (a stored message is a finished one); copy, and the tokens the model call
 * that wrote it used, in small muted text.
 */
export function MessageView({ messageId }: { messageId: string }) {
  const session = useSession();
  const message = useSessionSlice(session, (s) => s.transcript.messages.get(messageId));
  const seenUsage = useSessionSlice(session, (s) => s.transcript.messageUsage.get(messageId));
  if (!message) return null;
  // Stored with the message (so a reload or another window shows it); older messages only have the run's events.
  const usage = message.usage ?? seenUsage;
  const text = textOf(message);
  if (message.role === "user") {
    return (
      <article aria-label="You said" className="flex flex-col items-end gap-1">
        <div className="max-w-[85%] rounded-2xl bg-zinc-100 px-4 py-2 whitespace-pre-wrap break-words dark:bg-zinc-800">
          {text}
        </div>
        <MessageLinkPreviews text={text} align="end" />
        <CopyButton label="Copy message" getText={() => text} />
      </article>
    );
  }
  return (
    <article aria-label="The agent said" className="flex flex-col gap-1">
      {message.parts.map((part, index) => {
        if (part.type === "text") {
          // biome-ignore lint/suspicious/noArrayIndexKey: a stored message's parts never move
          return <Markdown key={index} text={part.text} partId={`${messageId}:${index}`} />;
        }
        if (part.type === "tool-call")
          return <ToolCallCard key={part.toolCallId} toolCallId={part.toolCallId} />;
        return null;
      })}
      <MessageLinkPreviews text={text} />
      <footer
        className={clsx(
          "flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400",
          !text && !usage && "hidden",
        )}
      >
        {text ? <CopyButton label="Copy message" getText={() => text} /> : null}
        {usage ? <span>{describeUsage(usage)}</span> : null}
      </footer>
    </article>
  );
}
