import type { Conversation } from "@multiclaw/protocol";
import { useEffect, useId, useRef } from "react";
import { Button } from "../../../ui/button.tsx";
import { ErrorNotice } from "../../../ui/error-notice.tsx";
import { useDeleteConversation } from "./conversation-queries.ts";

/**
 * Asks before deleting a conversation, opened from a menu (ui/confirm-button.tsx is the same dialog behind its
 * own button). The browser's modal dialog keeps focus, Escape and the backdrop as people expect; Cancel takes
 * the focus first; a refusal (a run still active: CONFLICT) stays in the dialog with the gateway's reason.
 */
export function DeleteConversationDialog({
  conversation,
  openId,
  onClose,
}: {
  /** The conversation to delete; null keeps the dialog closed. */
  conversation: Conversation | null;
  /** The conversation open on the page: deleting it goes to a new chat. */
  openId: string | undefined;
  onClose(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const remove = useDeleteConversation(openId);
  const { reset } = remove;

  useEffect(() => {
    if (conversation) {
      reset();
      if (!dialog.current?.open) dialog.current?.showModal();
    } else dialog.current?.close();
  }, [conversation, reset]);

  async function confirm() {
    if (!conversation) return;
    try {
      await remove.mutateAsync(conversation.id);
      onClose();
    } catch {
      // Shown from the mutation's error below; the dialog stays open.
    }
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        if (remove.isPending) event.preventDefault();
      }}
      onClose={onClose}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id={titleId} className="text-base font-semibold">
        Delete “{conversation?.title || "Untitled"}”?
      </h2>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">
        Its messages, runs, plans and approvals are deleted from this computer. This cannot be undone; export
        it first to keep a copy.
      </p>
      <ErrorNotice error={remove.error} className="mt-3" />
      <div className="mt-5 flex justify-end gap-2">
        <Button onClick={() => dialog.current?.close()} disabled={remove.isPending} autoFocus>
          Cancel
        </Button>
        <Button variant="danger" busy={remove.isPending} onClick={() => void confirm()}>
          Delete conversation
        </Button>
      </div>
    </dialog>
  );
}
