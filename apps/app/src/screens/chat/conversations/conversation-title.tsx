import type { Conversation } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { useSession } from "../hooks/session-context.ts";
import { useSessionSlice } from "../hooks/use-conversation-session.ts";
import { conversationsQuery } from "../queries/chat-queries.ts";
import { ConversationMenu } from "./conversation-menu.tsx";
import { DeleteConversationDialog } from "./delete-conversation-dialog.tsx";
import { RenameField } from "./rename-field.tsx";

/**
 * The open conversation's title in the chat header: double-click (or its menu) renames it in place; the menu
 * also deletes it, after asking. A rename shows at once here and in the list: the title is read from the
 * rename's answer, else the list's cache (which the rename patches), else the conversation as it was loaded.
 */
export function ConversationTitle({
  conversationId,
  loadedTitle,
}: {
  conversationId: string;
  /** The title as the open conversation was loaded. */
  loadedTitle: string;
}) {
  const listed = useQuery({
    ...conversationsQuery(),
    select: (list) => list.find((conversation) => conversation.id === conversationId),
  });
  const loaded = useSessionSlice(useSession(), (snapshot) => snapshot.transcript.conversation);
  const [renamed, setRenamed] = useState<Conversation | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState<Conversation | null>(null);
  const conversation =
    (renamed?.id === conversationId ? renamed : null) ??
    listed.data ??
    (loaded?.id === conversationId ? loaded : null);
  const title = conversation?.title || loadedTitle;

  if (renaming && conversation) {
    return (
      <RenameField
        conversation={conversation}
        onDone={() => setRenaming(false)}
        onRenamed={setRenamed}
        className="max-w-md"
      />
    );
  }
  return (
    <div className="flex min-w-0 items-center gap-1">
      <h1
        className="truncate text-base font-semibold"
        title={conversation ? "Double-click to rename" : undefined}
        onDoubleClick={() => conversation && setRenaming(true)}
      >
        {title}
      </h1>
      {conversation ? (
        <ConversationMenu
          label={`Actions for ${title}`}
          items={[
            { label: "Rename", icon: Pencil, onSelect: () => setRenaming(true) },
            { label: "Delete…", icon: Trash2, danger: true, onSelect: () => setDeleting(conversation) },
          ]}
        />
      ) : null}
      <DeleteConversationDialog
        conversation={deleting}
        openId={conversationId}
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}
