import type { Conversation, SearchSnippet } from "@multiclaw/protocol";
import clsx from "clsx";
import { Download, Pencil, Trash2 } from "lucide-react";
import { Link } from "wouter";
import { ConversationMenu } from "./conversation-menu.tsx";
import { RenameField } from "./rename-field.tsx";
import { SnippetText } from "./snippet-text.tsx";

export interface ConversationRowActions {
  rename(conversation: Conversation): void;
  export(conversation: Conversation): void;
  delete(conversation: Conversation): void;
}

/**
 * One conversation of the list (or of search results, with the matching words): a link to it, renamed in
 * place by double click, F2 or its menu, and the menu (rename, export, delete).
 */
export function ConversationRow({
  conversation,
  current,
  agentName,
  when,
  snippet,
  renaming,
  onRenameDone,
  actions,
}: {
  conversation: Conversation;
  current: boolean;
  agentName: string;
  when: string;
  snippet?: SearchSnippet;
  renaming: boolean;
  onRenameDone(): void;
  actions: ConversationRowActions;
}) {
  const title = conversation.title || "Untitled";
  return (
    <li
      className={clsx(
        "group relative rounded-md",
        current ? "bg-indigo-100 dark:bg-indigo-950" : "hover:bg-zinc-100 dark:hover:bg-zinc-800",
      )}
    >
      {renaming ? (
        <div className="px-2 py-1.5">
          <RenameField conversation={conversation} onDone={onRenameDone} />
        </div>
      ) : (
        <Link
          href={`/chat/${conversation.id}`}
          aria-current={current ? "page" : undefined}
          aria-keyshortcuts="F2"
          title="Double-click or F2 to rename"
          onDoubleClick={(event) => {
            event.preventDefault();
            actions.rename(conversation);
          }}
          onKeyDown={(event) => {
            if (event.key === "F2") {
              event.preventDefault();
              actions.rename(conversation);
            }
          }}
          className="flex flex-col rounded-md py-1.5 pr-8 pl-2 text-sm"
        >
          <span className="truncate font-medium">{title}</span>
          {snippet && snippet.text.length > 0 ? (
            <SnippetText
              snippet={snippet}
              className="line-clamp-2 text-xs text-zinc-700 dark:text-zinc-300"
            />
          ) : null}
          <span className="flex gap-2 text-xs text-zinc-600 dark:text-zinc-400">
            <span className="truncate">{agentName}</span>
            <span className="ml-auto shrink-0">{when}</span>
          </span>
        </Link>
      )}
      {renaming ? null : (
        <div className="absolute top-1 right-1 opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 has-[[aria-expanded=true]]:opacity-100 [@media(hover:none)]:opacity-100">
          <ConversationMenu
            label={`Actions for ${title}`}
            items={[
              { label: "Rename", icon: Pencil, onSelect: () => actions.rename(conversation) },
              { label: "Export as Markdown", icon: Download, onSelect: () => actions.export(conversation) },
              { label: "Delete…", icon: Trash2, danger: true, onSelect: () => actions.delete(conversation) },
            ]}
          />
        </div>
      )}
    </li>
  );
}
