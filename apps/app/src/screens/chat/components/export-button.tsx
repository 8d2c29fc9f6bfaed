import { Download } from "lucide-react";
import { useSession } from "../hooks/session-context.ts";
import { conversationToMarkdown, markdownFileName } from "../state/conversation-markdown.ts";

/**
 * Saves the conversation as a Markdown file, made in the page from what it shows (no request): the stored
 * messages, in order; an answer still streaming is left out until it is stored.
 */
export function ExportButton({ agentName }: { agentName: string }) {
  const session = useSession();
  return (
    <button
      type="button"
      aria-label="Export as Markdown"
      title="Export as Markdown"
      disabled={!session}
      onClick={() => {
        const { transcript } = session?.getSnapshot() ?? {};
        if (!transcript?.conversation) return;
        const markdown = conversationToMarkdown(
          transcript.conversation,
          [...transcript.messages.values()],
          agentName,
        );
        const url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }));
        const link = document.createElement("a");
        link.href = url;
        link.download = markdownFileName(transcript.conversation);
        link.click();
        // The download has its own copy by now; the URL would otherwise live as long as the page.
        window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }}
      className="rounded-md p-1.5 text-zinc-700 hover:bg-zinc-100 disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      <Download aria-hidden className="size-5" />
    </button>
  );
}
