import type { Run, RunMode } from "@multiclaw/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocation } from "wouter";
import { gateway } from "../../../api/clients.ts";
import { chatKeys } from "../queries/chat-queries.ts";
import type { ConversationSession } from "../state/conversation-session.ts";

export interface SendInput {
  text: string;
  mode: RunMode;
}

/**
 * What the person does to runs: send (a new conversation with the chosen agent, or the next message of this
 * one), stop, and approve the plan in view. The page follows a run it starts at once, from its first event.
 */
export function useChatActions({
  conversationId,
  newChatAgentId,
  session,
  onSent,
}: {
  conversationId: string | undefined;
  newChatAgentId: string | null;
  session: ConversationSession | null;
  onSent(): void;
}) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();

  const send = useMutation({
    mutationFn: ({ text, mode }: SendInput): Promise<Run> => {
      if (conversationId) return gateway.sendMessage(conversationId, { text, mode });
      if (!newChatAgentId) throw new Error("Choose an agent first.");
      return gateway.createConversation({ agentId: newChatAgentId, text, mode });
    },
    onSuccess: (run) => {
      onSent();
      void queryClient.invalidateQueries({ queryKey: chatKeys.conversations() });
      if (run.conversationId === conversationId) session?.follow(run);
      else navigate(`/chat/${run.conversationId}`);
    },
  });

  const stop = useMutation({ mutationFn: (runId: string) => gateway.cancelRun(runId) });

  const approvePlan = useMutation({
    mutationFn: (runId: string) => gateway.decidePlan(runId, { decision: "approve" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.inbox() }),
  });

  return { send, stop, approvePlan };
}
