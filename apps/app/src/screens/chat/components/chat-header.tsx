import type { RunEventStreamStatus } from "@multiclaw/gateway-client";
import { useQuery } from "@tanstack/react-query";
import { Inbox, KeyRound, PanelLeft } from "lucide-react";
import { useParams } from "wouter";
import { ConversationTitle } from "../conversations/conversation-title.tsx";
import { inboxQuery } from "../queries/chat-queries.ts";
import { ExportButton } from "./export-button.tsx";
import { HeaderPanelButton } from "./header-panel-button.tsx";
import { NotificationToggle } from "./notification-toggle.tsx";

export type ChatPanel = "inbox" | "grants" | "conversations" | null;

const streamNotes: Partial<Record<RunEventStreamStatus, string>> = {
  connecting: "Connecting to the gateway…",
  reconnecting: "Reconnecting to the gateway… (the answer continues where it left off)",
  stopped: "Live updates stopped: reload the page to follow the answer again",
};

/**
 * The conversation's title (renamed in place, or deleted, from its menu) and agent, and the screen's tools:
 * inbox, grants, export, notifications.
 */
export function ChatHeader({
  title,
  agentName,
  stream,
  panel,
  onPanel,
  canExport,
  hasAgent,
}: {
  title: string;
  agentName: string | null;
  stream: RunEventStreamStatus | null;
  panel: ChatPanel;
  onPanel(panel: ChatPanel): void;
  canExport: boolean;
  hasAgent: boolean;
}) {
  const inbox = useQuery(inboxQuery());
  const waiting = (inbox.data ?? []).reduce(
    (sum, entry) => sum + entry.approvals.length + (entry.plan ? 1 : 0),
    0,
  );
  const { conversationId } = useParams<{ conversationId?: string }>();
  const toggle = (next: ChatPanel) => onPanel(panel === next ? null : next);
  const note = stream ? streamNotes[stream] : undefined;
  return (
    <header className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 sm:px-4 dark:border-zinc-800">
      <div className="md:hidden">
        <HeaderPanelButton
          label="Conversations"
          icon={PanelLeft}
          expanded={panel === "conversations"}
          onClick={() => toggle("conversations")}
        />
      </div>
      <div className="min-w-0 flex-1">
        {conversationId ? (
          <ConversationTitle conversationId={conversationId} loadedTitle={title} />
        ) : (
          <h1 className="truncate text-base font-semibold">{title}</h1>
        )}
        <p className="truncate text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite">
          {agentName ?? ""}
          {note ? ` · ${note}` : ""}
        </p>
      </div>
      <HeaderPanelButton
        label="Waiting for you"
        icon={Inbox}
        count={waiting}
        expanded={panel === "inbox"}
        onClick={() => toggle("inbox")}
      />
      {hasAgent ? (
        <HeaderPanelButton
          label="Standing grants"
          icon={KeyRound}
          expanded={panel === "grants"}
          onClick={() => toggle("grants")}
        />
      ) : null}
      {canExport && agentName ? <ExportButton agentName={agentName} /> : null}
      <NotificationToggle />
    </header>
  );
}
