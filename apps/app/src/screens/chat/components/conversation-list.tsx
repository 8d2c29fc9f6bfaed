import type { Conversation } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { Plus, Search } from "lucide-react";
import { type RefObject, useDeferredValue, useState } from "react";
import { Link } from "wouter";
import { Button } from "../../../ui/button.tsx";
import { ErrorNotice } from "../../../ui/error-notice.tsx";
import { useAgentNames } from "../hooks/use-agent-names.ts";
import { conversationsQuery } from "../queries/chat-queries.ts";
import { filterConversations } from "../state/filter-conversations.ts";
import { relativeTime } from "../state/relative-time.ts";

/**
 * The conversations, newest first, with a search box (Ctrl/Cmd+K) over titles and agents and the New chat
 * button (Ctrl/Cmd+Shift+O). The gateway keeps at most the newest 200 in this list.
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
  const conversations = useQuery(conversationsQuery());
  const agentNameOf = useAgentNames();
  const [query, setQuery] = useState("");
  const deferredQuery = useDeferredValue(query);
  const shown = filterConversations(conversations.data ?? [], deferredQuery, agentNameOf);
  const now = Date.now();
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
          placeholder="Search (Ctrl+K)"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape" && query) {
              event.preventDefault();
              setQuery("");
            }
          }}
          className="w-full rounded-md border border-zinc-300 bg-white py-1.5 pr-2 pl-8 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
      </search>
      <ErrorNotice error={conversations.error} />
      <ul className="-mx-1 flex min-h-0 flex-1 flex-col gap-0.5 overflow-y-auto px-1">
        {shown.map((conversation) => (
          <ConversationItem
            key={conversation.id}
            conversation={conversation}
            current={conversation.id === currentId}
            agentName={agentNameOf(conversation.agentId)}
            when={relativeTime(conversation.updatedAt, now)}
          />
        ))}
      </ul>
      {conversations.isSuccess && shown.length === 0 ? (
        <p className="px-2 text-sm text-zinc-600 dark:text-zinc-400">
          {query ? "No conversation matches." : "No conversations yet."}
        </p>
      ) : null}
    </nav>
  );
}

function ConversationItem({
  conversation,
  current,
  agentName,
  when,
}: {
  conversation: Conversation;
  current: boolean;
  agentName: string;
  when: string;
}) {
  return (
    <li>
      <Link
        href={`/chat/${conversation.id}`}
        aria-current={current ? "page" : undefined}
        className={clsx(
          "flex flex-col rounded-md px-2 py-1.5 text-sm",
          current ? "bg-indigo-100 dark:bg-indigo-950" : "hover:bg-zinc-100 dark:hover:bg-zinc-800",
        )}
      >
        <span className="truncate font-medium">{conversation.title || "Untitled"}</span>
        <span className="flex gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <span className="truncate">{agentName}</span>
          <span className="ml-auto shrink-0">{when}</span>
        </span>
      </Link>
    </li>
  );
}
