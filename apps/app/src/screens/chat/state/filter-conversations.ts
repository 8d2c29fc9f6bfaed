import type { Conversation } from "@multiclaw/protocol";

/*
 * The list's search box, on what the page already has: titles and agent names. Searching inside messages
 * needs the gateway (a full-text route); this filters the loaded list until then.
 */

/** Conversations whose title or agent name contains every word of the query, in the list's order. */
export function filterConversations(
  conversations: readonly Conversation[],
  query: string,
  agentNameOf: (agentId: string) => string,
): Conversation[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...conversations];
  return conversations.filter((conversation) => {
    const haystack = `${conversation.title} ${agentNameOf(conversation.agentId)}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
