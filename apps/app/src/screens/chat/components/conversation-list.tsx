import type { Conversation } from "@multiclaw/protocol";
import { Plus, Search } from "lucide-react";
import { type RefObject, useId, useRef, useState } from "react";
import { useLocation } from "wouter";
import { Button } from "../../../ui/button.tsx";
import { ErrorNotice } from "../../../ui/error-notice.tsx";
import { ConversationRow, type ConversationRowActions } from "../conversations/conversation-row.tsx";
import { DeleteConversationDialog } from "../conversations/delete-conversation-dialog.tsx";
import { exportConversation } from "../conversations/export-conversation.ts";
import { useConversationSearch } from "../conversations/use-conversation-search.ts";
import { useAgentNames } from "../hooks/use-agent-names.ts";
import { relativeTime } from "../state/relative-time.ts";

/**
 * The conversations, newest first, with a search box (Ctrl/Cmd+K) that searches titles and messages at the
 * gateway, and the New chat button (Ctrl/Cmd+Shift+O). Each row renames in place and has a menu: rename,
 * export as Markdown, delete. The gateway keeps at most the newest 200 in this list; search reaches them all.
 */
export function ConversationList({
  currentId,
  searchRef,
  onNewChat,
}: {
  currentId: string | undefined;
  searchRef: RefObject<HTMLInputElement | null>;
  onNewChat(): void;
}) {
  const agentNameOf = useAgentNames();
  const [query, setQuery] = useState("");
  const view = useConversationSearch(query, agentNameOf);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Conversation | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [, navigate] = useLocation();
  const results = useRef<HTMLUListElement>(null);
  const statusId = useId();
  const now = Date.now();

  const actions: ConversationRowActions = {
    rename: (conversation) => setRenamingId(conversation.id),
    delete: setDeleting,
    export: (conversation) => {
      setActionError(null);
      exportConversation(conversation, agentNameOf(conversation.agentId)).catch(setActionError);
    },
  };
  const searching = query.trim().length > 0;
  const status =
    view.state === "searching"
      ? "Searching messages…"
      : view.state === "results"
        ? view.rows.length === 0
          ? `No conversation matches “${query.trim()}”.`
          : `${view.rows.length} ${view.rows.length === 1 ? "conversation matches" : "conversations match"}`
        : "";

  return (
    <nav aria-label="Conversations" className="flex h-full min-h-0 flex-col gap-2 p-3">
      <Button variant="primary" onClick={onNewChat} aria-keyshortcuts="Control+Shift+O Meta+Shift+O">
        <Plus aria-hidden className="size-4" /> New chat
      </Button>
      <search className="relative">
        <Search
          aria-hidden
          className="pointer-events-none absolute top-2 left-2 size-4 text-zinc-600 dark:text-zinc-400"
        />
        <input
          ref={searchRef}
          type="search"
          aria-label="Search conversations"
          aria-keyshortcuts="Control+K Meta+K"
          aria-describedby={statusId}
          placeholder="Search (Ctrl+K)"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            const first = view.rows[0];
            if (event.key === "Escape" && query) {
              event.preventDefault();
              setQuery("");
            } else if (event.key === "Enter" && searching && first) {
              event.preventDefault();
              navigate(`/chat/${first.conversation.id}`);
            } else if (event.key === "ArrowDown" && view.rows.length > 0) {
              event.preventDefault();
              results.current?.querySelector<HTMLElement>("a")?.focus();
            }
          }}
          className="w-full rounded-md border border-zinc-300 bg-white py-1.5 pr-2 pl-8 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
      </search>
      <p
        id={statusId}
        aria-live="polite"
        className={status ? "px-2 text-xs text-zinc-600 dark:text-zinc-400" : "sr-only"}
      >
        {status}
      </p>
      <ErrorNotice error={view.error ?? actionError} />
      {/* A search with no result says so in the status line above; this is the list that has none at all. */}
      {view.loaded && view.rows.length === 0 && !searching ? (
        <p className="px-2 text-sm text-zinc-600 dark:text-zinc-400">No conversations yet.</p>
      ) : null}
      <ul
        ref={results}
        aria-label={searching ? "Search results" : undefined}
        className="-mx-1 flex min-h-0 flex-1 flex-col gap-0.5 overflow-y-auto px-1"
      >
        {view.rows.map(({ conversation, snippet }) => (
          <ConversationRow
            key={conversation.id}
            conversation={conversation}
            current={conversation.id === currentId}
            agentName={agentNameOf(conversation.agentId)}
            when={relativeTime(conversation.updatedAt, now)}
            {...(snippet ? { snippet } : {})}
            renaming={renamingId === conversation.id}
            onRenameDone={() => setRenamingId(null)}
            actions={actions}
          />
        ))}
      </ul>
      <DeleteConversationDialog
        conversation={deleting}
        openId={currentId}
        onClose={() => setDeleting(null)}
      />
    </nav>
  );
}
