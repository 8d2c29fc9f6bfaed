import type { Conversation } from "@multiclaw/protocol";
import { gateway } from "../../../api/clients.ts";
import { conversationToMarkdown, markdownFileName } from "../state/conversation-markdown.ts";

/**
 * Saves any conversation of the list as Markdown, read fresh from the gateway (the open one's header button
 * exports what the page shows instead). The same file the header's export makes.
 */
export async function exportConversation(conversation: Conversation, agentName: string): Promise<void> {
  const detail = await gateway.getConversation(conversation.id);
  const markdown = conversationToMarkdown(detail.conversation, detail.messages, agentName);
  const url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = markdownFileName(detail.conversation);
  link.click();
  // The download has its own copy by now; the URL would otherwise live as long as the page.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
