import { endsRun, type RunEvent } from "@multiclaw/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, useSyncExternalStore } from "react";
import { gateway } from "../../../api/clients.ts";
import { nextTask } from "../../../api/next-task.ts";
import { chatKeys } from "../queries/chat-queries.ts";
import {
  type ConversationSession,
  createConversationSession,
  type SessionSnapshot,
} from "../state/conversation-session.ts";
import { emptyTranscript, type TranscriptState } from "../state/transcript-state.ts";
import { notifyIfHidden } from "./notification-preference.ts";
import { attentionOf } from "./run-attention.ts";

/** How often a visible page looks for runs of this conversation started elsewhere. */
const DISCOVER_RUNS_MS = 4_000;

/**
 * The open conversation's session: created for its id, closed when the id changes or the screen goes.
 * Events also refresh the cached lists they change and notify when the window is hidden.
 */
export function useConversationSession(conversationId: string | undefined): ConversationSession | null {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState<{ conversationId: string; session: ConversationSession } | null>(null);

  useEffect(() => {
    if (!conversationId) {
      setOpened(null);
      return;
    }
    const onRunEvent = (event: RunEvent, transcript: TranscriptState) => {
      const body = event.event;
      if (body.type === "run-state") void queryClient.invalidateQueries({ queryKey: chatKeys.inbox() });
      if (endsRun(body)) void queryClient.invalidateQueries({ queryKey: chatKeys.conversations() });
      if (body.type === "approval-decided" && body.scope !== null && body.scope !== "call") {
        void queryClient.invalidateQueries({ queryKey: [...chatKeys.root, "grants"] });
      }
      const attention = attentionOf(event);
      const conversation = transcript.conversation;
      // A subagent's run ends inside its parent's: only this conversation's own runs call the person back.
      const own =
        conversation !== null && transcript.runs.get(event.runId)?.run.conversationId === conversation.id;
      if (attention && own) notifyIfHidden(attention.title, conversation.title || "MultiClaw", attention.tag);
    };
    const created = createConversationSession({
      gateway,
      conversationId,
      scheduleFrame: (draw) => window.requestAnimationFrame(draw),
      nextTask,
      onRunEvent,
    });
    setOpened({ conversationId, session: created });
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") created.discoverRuns().catch(() => {});
    }, DISCOVER_RUNS_MS);
    return () => {
      window.clearInterval(timer);
      created.close();
    };
  }, [conversationId, queryClient]);

  // Until the effect has run for a new id, the previous conversation's (closed) session is not shown.
  return opened !== null && opened.conversationId === conversationId ? opened.session : null;
}

const loadingSnapshot: SessionSnapshot = {
  load: { state: "loading" },
  transcript: emptyTranscript,
  stream: null,
};
const noSubscription = () => () => {};

/**
 * A slice of the session's snapshot. The selector must return something stable (a string, or an object the
 * fold kept), so a streamed token redraws only the components whose slice it changed.
 */
export function useSessionSlice<T>(
  session: ConversationSession | null,
  select: (snapshot: SessionSnapshot) => T,
): T {
  return useSyncExternalStore(session?.subscribe ?? noSubscription, () =>
    select(session?.getSnapshot() ?? loadingSnapshot),
  );
}
