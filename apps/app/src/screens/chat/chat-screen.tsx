import type { RunMode } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import { RotateCcw } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useLocation, useParams } from "wouter";
import { Button } from "../../ui/button.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { ApprovalsInbox } from "./components/approvals-inbox.tsx";
import { ChatHeader, type ChatPanel } from "./components/chat-header.tsx";
import { Composer } from "./components/composer.tsx";
import { composerBlockedReason } from "./components/composer-blocked-reason.tsx";
import { ConversationList } from "./components/conversation-list.tsx";
import { GrantsPanel } from "./components/grants-panel.tsx";
import { NewChatIntro } from "./components/new-chat-intro.tsx";
import { SidePanel } from "./components/side-panel.tsx";
import { Transcript } from "./components/transcript.tsx";
import { SessionContext } from "./hooks/session-context.ts";
import { useAgentNames } from "./hooks/use-agent-names.ts";
import { useChatActions } from "./hooks/use-chat-actions.ts";
import { useChatShortcuts } from "./hooks/use-chat-shortcuts.ts";
import { useConversationSession, useSessionSlice } from "./hooks/use-conversation-session.ts";
import { preloadMarkdownRenderer } from "./markdown/markdown.tsx";
import { agentsQuery } from "./queries/chat-queries.ts";
import { activeRunOf, lastUserTextOf, pendingPlanOf } from "./state/transcript-selectors.ts";

/**
 * Chat: the conversation list, the open conversation (or a new one) with its streaming transcript, plans and
 * approvals in place, the composer, and panels for everything waiting on the person and the agent's grants.
 */
export function ChatScreen() {
  const { conversationId } = useParams<{ conversationId?: string }>();
  const [, navigate] = useLocation();
  const agents = useQuery(agentsQuery());
  const agentNameOf = useAgentNames();
  const session = useConversationSession(conversationId);
  const searchRef = useRef<HTMLInputElement>(null);
  const [panel, setPanel] = useState<ChatPanel>(null);
  const [draft, setDraft] = useState("");
  const [mode, setMode] = useState<RunMode>("chat");
  const [chosenAgentId, setChosenAgentId] = useState<string | null>(null);
  const newChatAgentId = chosenAgentId ?? agents.data?.[0]?.id ?? null;

  const load = useSessionSlice(session, (s) => s.load);
  const stream = useSessionSlice(session, (s) => s.stream);
  const conversation = useSessionSlice(session, (s) => s.transcript.conversation);
  const activeRun = useSessionSlice(session, (s) => activeRunOf(s.transcript)?.run ?? null);
  const lastUserText = useSessionSlice(session, (s) => lastUserTextOf(s.transcript));
  const { send, stop, approvePlan } = useChatActions({
    conversationId,
    newChatAgentId,
    session,
    onSent: () => setDraft(""),
  });

  // Once the agent picker has its agents the screen is interactive: the Markdown renderer may load when idle.
  useEffect(() => {
    if (agents.isSuccess) preloadMarkdownRenderer();
  }, [agents.isSuccess]);

  // Another conversation starts with an empty box and no panel over it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on the id change alone
  useEffect(() => {
    setDraft("");
    setPanel((open) => (open === "conversations" ? null : open));
  }, [conversationId]);

  const streaming = activeRun?.state === "running" || activeRun?.state === "planning";
  const stopActiveRun = () => {
    if (!activeRun || stop.isPending) return false;
    stop.mutate(activeRun.id);
    return true;
  };
  useChatShortcuts({
    focusSearch: () => {
      if (window.matchMedia("(min-width: 768px)").matches) searchRef.current?.focus();
      else setPanel("conversations");
    },
    newChat: () => navigate("/chat"),
    // Esc stops an answer as it streams; a run waiting on a decision is stopped by its Stop button only, so
    // Esc while editing a plan or a denial reason never throws the run away.
    stopRun: () => streaming && stopActiveRun(),
    approvePlan: () => {
      const plan = session ? pendingPlanOf(session.getSnapshot().transcript) : null;
      if (!plan || approvePlan.isPending) return false;
      approvePlan.mutate(plan.runId);
      return true;
    },
  });

  const loading = conversationId !== undefined && load.state === "loading";
  const blockedReason = composerBlockedReason({
    agentCount: agents.data?.length ?? null,
    loading,
    activeRunState: activeRun?.state ?? null,
  });
  const agentId = conversation?.agentId ?? (conversationId ? null : newChatAgentId);
  const canRetry = !activeRun && !send.isPending && lastUserText !== null && conversationId !== undefined;
  const list = (
    <ConversationList currentId={conversationId} searchRef={searchRef} onNewChat={() => navigate("/chat")} />
  );

  return (
    <SessionContext.Provider value={session}>
      <div className="flex h-full min-h-0">
        <div className="hidden w-72 shrink-0 border-r border-zinc-200 md:block dark:border-zinc-800">
          {list}
        </div>
        <div className="relative flex min-w-0 flex-1">
          <section aria-label="Conversation" className="flex min-w-0 flex-1 flex-col">
            <ChatHeader
              title={conversationId ? conversation?.title || "Conversation" : "New chat"}
              agentName={agentId ? agentNameOf(agentId) : null}
              stream={stream}
              panel={panel}
              onPanel={setPanel}
              canExport={load.state === "ready" && conversationId !== undefined}
              hasAgent={agentId !== null}
            />
            {conversationId ? (
              load.state === "failed" ? (
                <div className="flex-1 p-6">
                  <ErrorNotice error={load.error} />
                </div>
              ) : (
                <Transcript key={conversationId} busy={streaming} />
              )
            ) : (
              <NewChatIntro agents={agents.data} agentId={newChatAgentId} onAgentChange={setChosenAgentId} />
            )}
            <div className="mx-auto flex w-full max-w-3xl flex-col gap-2 px-4 sm:px-6">
              <ErrorNotice error={send.error ?? stop.error ?? approvePlan.error} />
              {send.isError && send.variables ? (
                <Button className="self-start" onClick={() => send.mutate(send.variables)}>
                  <RotateCcw aria-hidden className="size-4" /> Try sending again
                </Button>
              ) : canRetry && lastUserText ? (
                <Button
                  variant="ghost"
                  className="self-start"
                  onClick={() => send.mutate({ text: lastUserText, mode })}
                >
                  <RotateCcw aria-hidden className="size-4" /> Retry the last message
                </Button>
              ) : null}
            </div>
            <Composer
              draft={draft}
              onDraftChange={setDraft}
              mode={mode}
              onModeChange={setMode}
              onSend={() => send.mutate({ text: draft.trim(), mode })}
              sending={send.isPending}
              blockedReason={blockedReason}
              onStop={activeRun ? stopActiveRun : null}
              stopping={stop.isPending}
            />
          </section>
          {panel === "conversations" ? (
            <SidePanel title="Conversations" onClose={() => setPanel(null)}>
              {list}
            </SidePanel>
          ) : null}
          {panel === "inbox" ? (
            <SidePanel title="Waiting for you" onClose={() => setPanel(null)}>
              <ApprovalsInbox />
            </SidePanel>
          ) : null}
          {panel === "grants" && agentId ? (
            <SidePanel title="Standing grants" onClose={() => setPanel(null)}>
              <GrantsPanel
                agentId={agentId}
                agentName={agentNameOf(agentId)}
                {...(activeRun ? { runId: activeRun.id } : {})}
              />
            </SidePanel>
          ) : null}
        </div>
      </div>
    </SessionContext.Provider>
  );
}
