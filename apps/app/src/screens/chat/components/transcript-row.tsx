import { memo } from "react";
import { useSession } from "../hooks/session-context.ts";
import { useAgentNames } from "../hooks/use-agent-names.ts";
import { useSessionSlice } from "../hooks/use-conversation-session.ts";
import type { TranscriptRow } from "../state/transcript-state.ts";
import { ApprovalCard } from "./approval-card.tsx";
import { MessageView } from "./message-view.tsx";
import { PlanCard } from "./plan-card.tsx";
import { RunEndNotice } from "./run-end-notice.tsx";
import { StreamingMessage } from "./streaming-message.tsx";

/**
 * One row of the transcript, drawn by what it holds; each reads only its own slice of the session. Memoised:
 * rows keep their identity in the fold, so scrolling and streaming leave every other row alone.
 */
export const TranscriptRowView = memo(function TranscriptRowView({ row }: { row: TranscriptRow }) {
  switch (row.kind) {
    case "message":
      return <MessageRow messageId={row.messageId} />;
    case "plan":
      return <PlanRow runId={row.runId} />;
    case "approval":
      return <SubagentApprovalRow toolCallId={row.toolCallId} />;
    case "run-end":
      return <RunEndNotice runId={row.runId} />;
    case "answer":
      return <AnswerRow runId={row.runId} />;
  }
});

function MessageRow({ messageId }: { messageId: string }) {
  const session = useSession();
  const stored = useSessionSlice(session, (s) => s.transcript.messages.has(messageId));
  return stored ? <MessageView messageId={messageId} /> : <StreamingMessage messageId={messageId} />;
}

/** A run's answer: a waiting cursor until its first words arrive, then that message (state/answer-row.ts). */
function AnswerRow({ runId }: { runId: string }) {
  const session = useSession();
  const messageId = useSessionSlice(session, (s) => s.transcript.runs.get(runId)?.answerMessageId ?? null);
  const running = useSessionSlice(session, (s) => s.transcript.runs.get(runId)?.run.state === "running");
  if (messageId !== null) return <MessageRow messageId={messageId} />;
  return running ? <span aria-hidden className="inline-block h-4 w-2 animate-pulse bg-zinc-400" /> : null;
}

function PlanRow({ runId }: { runId: string }) {
  const session = useSession();
  const agentNameOf = useAgentNames();
  const plan = useSessionSlice(session, (s) => s.transcript.runs.get(runId)?.plan ?? null);
  return plan ? <PlanCard plan={plan} agentNameOf={agentNameOf} /> : null;
}

function SubagentApprovalRow({ toolCallId }: { toolCallId: string }) {
  const session = useSession();
  const call = useSessionSlice(session, (s) => s.transcript.toolCalls.get(toolCallId));
  if (!call?.approval || call.approvalDecision !== null) return null;
  return <ApprovalCard approval={call.approval} />;
}
