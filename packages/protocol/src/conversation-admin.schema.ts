import { z } from "zod";
import { Conversation, MessageId } from "./run.schema.ts";

/*
 * Keeping conversations in order from the App and the CLI: full-text search over titles and messages, renaming
 * and deleting. Search answers plain text with the matched ranges, never markup: the page decides how a match
 * looks, and nothing a message contains can become HTML.
 */

export const CONVERSATION_TITLE_MAX = 200;

export const ConversationSearchQuery = z.strictObject({
  /** Words to find; each matches words that start with it ("deploy" finds "deployment"), all must match. */
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type ConversationSearchQuery = z.infer<typeof ConversationSearchQuery>;

/** A matched range of `SearchSnippet.text`, in UTF-16 code units as JavaScript strings count them. */
export const SearchHighlight = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type SearchHighlight = z.infer<typeof SearchHighlight>;

/** A few words around the match; `…` marks text left out at either end. */
export const SearchSnippet = z.object({
  text: z.string(),
  highlights: z.array(SearchHighlight),
});
export type SearchSnippet = z.infer<typeof SearchSnippet>;

/**
 * One conversation that matches, with its best matching message (`messageId`), or `null` when only the title
 * matched (the snippet is then the title).
 */
export const ConversationSearchResult = z.object({
  conversation: Conversation,
  messageId: MessageId.nullable(),
  snippet: SearchSnippet,
});
export type ConversationSearchResult = z.infer<typeof ConversationSearchResult>;

/** One result per conversation, the most recently active first. */
export const ConversationSearchResults = z.object({ results: z.array(ConversationSearchResult) });
export type ConversationSearchResults = z.infer<typeof ConversationSearchResults>;

export const RenameConversationRequest = z.strictObject({
  title: z.string().trim().min(1).max(CONVERSATION_TITLE_MAX),
});
export type RenameConversationRequest = z.infer<typeof RenameConversationRequest>;
