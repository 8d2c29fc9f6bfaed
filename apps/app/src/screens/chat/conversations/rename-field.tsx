import { CONVERSATION_TITLE_MAX, type Conversation } from "@multiclaw/protocol";
import { useId, useState } from "react";
import { describeError } from "../../../api/describe-error.ts";
import { useRenameConversation } from "./conversation-queries.ts";
import { titleDraftOutcome } from "./title-draft.ts";

/**
 * A conversation's title as a text box: Enter or leaving the box saves, Escape puts the title back. A refusal
 * (or an empty title) keeps the box open with the typed text and says why, so nothing typed is lost.
 */
export function RenameField({
  conversation,
  onDone,
  onRenamed,
  className,
}: {
  conversation: Conversation;
  onDone(): void;
  /** The conversation as the gateway answered the rename. */
  onRenamed?(renamed: Conversation): void;
  className?: string;
}) {
  const [draft, setDraft] = useState(conversation.title);
  const [problem, setProblem] = useState<string | null>(null);
  const rename = useRenameConversation();
  const problemId = useId();

  async function save() {
    if (rename.isPending) return;
    const outcome = titleDraftOutcome(draft, conversation.title);
    if (outcome.kind === "unchanged") return onDone();
    if (outcome.kind === "invalid") return setProblem(outcome.reason);
    try {
      const renamed = await rename.mutateAsync({ id: conversation.id, title: outcome.title });
      onRenamed?.(renamed);
      onDone();
    } catch (error) {
      setProblem(describeError(error));
    }
  }

  return (
    <div className={className}>
      <input
        // The box opens because the person asked to rename: the focus belongs in it.
        // biome-ignore lint/a11y/noAutofocus: opened on request, like a file name being renamed
        autoFocus
        aria-label="Conversation title"
        aria-invalid={problem !== null}
        aria-describedby={problem ? problemId : undefined}
        maxLength={CONVERSATION_TITLE_MAX + 50}
        value={draft}
        disabled={rename.isPending}
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => {
          setDraft(event.target.value);
          setProblem(null);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            void save();
          } else if (event.key === "Escape") {
            // Escape here cancels the rename, not a streaming answer (the chat's Esc).
            event.preventDefault();
            event.stopPropagation();
            onDone();
          }
        }}
        onBlur={() => void save()}
        className="w-full rounded border border-indigo-400 bg-white px-1.5 py-0.5 text-sm font-medium dark:bg-zinc-900"
      />
      {problem ? (
        <p id={problemId} role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
