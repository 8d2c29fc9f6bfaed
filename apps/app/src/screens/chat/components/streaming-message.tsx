import { terminalRunStates } from "@multiclaw/protocol";
import { useSession } from "../hooks/session-context.ts";
import { useSessionSlice } from "../hooks/use-conversation-session.ts";
import { StreamingMarkdown } from "../markdown/streaming-markdown.tsx";

/**
 * An answer still arriving: the only row a token redraws (its slice is this message's text). If the run ended
 * before the message was stored (the gateway stopped), the text so far stays, without the cursor.
 */
export function StreamingMessage({ messageId }: { messageId: string }) {
  const session = useSession();
  const text = useSessionSlice(session, (s) => s.transcript.streaming.get(messageId)?.text ?? "");
  const live = useSessionSlice(session, (s) => {
    const runId = s.transcript.streaming.get(messageId)?.runId;
    const state = runId ? s.transcript.runs.get(runId)?.run.state : undefined;
    return state !== undefined && !terminalRunStates.includes(state);
  });
  return (
    <article aria-label="The agent is answering" className="flex flex-col gap-1">
      <StreamingMarkdown text={text} />
      {live ? <span aria-hidden className="inline-block h-4 w-2 animate-pulse bg-zinc-400" /> : null}
    </article>
  );
}
