import type { Conversation, SearchSnippet } from "@multiclaw/protocol";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { conversationsQuery } from "../queries/chat-queries.ts";
import { filterConversations } from "../state/filter-conversations.ts";
import { conversationSearchQuery } from "./conversation-queries.ts";
import { useDebouncedValue } from "./use-debounced-value.ts";

/** Typing pauses this long before the gateway is asked. */
const SEARCH_DEBOUNCE_MS = 200;

export interface ListedConversation {
  conversation: Conversation;
  /** Where the words matched, for search results from the gateway. */
  snippet?: SearchSnippet;
}

export interface ConversationSearchView {
  rows: ListedConversation[];
  /** `searching`: the rows are a quick filter of titles until the gateway's full-text answer arrives. */
  state: "list" | "searching" | "results";
  loaded: boolean;
  error: unknown;
}

/**
 * What the conversation list shows for the search box: the list itself when it is empty; otherwise the
 * gateway's full-text results (titles and messages, with snippets), asked once typing pauses. While the next
 * words are asked, the last results stay; before the first arrive — or if the gateway cannot search — titles
 * and agent names already loaded are filtered at once.
 */
export function useConversationSearch(
  query: string,
  agentNameOf: (agentId: string) => string,
): ConversationSearchView {
  const list = useQuery(conversationsQuery());
  const settled = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);
  // The previous words' results stay while the next ones load, instead of the list flashing empty.
  const search = useQuery({ ...conversationSearchQuery(settled), placeholderData: keepPreviousData });
  const words = query.trim();

  if (words.length === 0) {
    const rows = (list.data ?? []).map((conversation) => ({ conversation }));
    return { rows, state: "list", loaded: list.isSuccess, error: list.error };
  }
  const answered = search.isSuccess && !search.isPlaceholderData && settled === words;
  if (answered) return { rows: search.data, state: "results", loaded: true, error: null };
  if (search.data && !search.isError) {
    return { rows: search.data, state: "searching", loaded: false, error: null };
  }
  const quick = filterConversations(list.data ?? [], words, agentNameOf).map((conversation) => ({
    conversation,
  }));
  return {
    rows: quick,
    state: search.isError ? "list" : "searching",
    loaded: list.isSuccess && search.isError,
    error: search.error,
  };
}
