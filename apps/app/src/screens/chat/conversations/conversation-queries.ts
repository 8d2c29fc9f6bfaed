import type { Conversation, ConversationSearchResult } from "@multiclaw/protocol";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocation } from "wouter";
import { gateway } from "../../../api/clients.ts";
import { chatKeys } from "../queries/chat-queries.ts";

/*
 * Search, rename and delete against the gateway. Searches live under the conversation list's key, so whatever
 * invalidates the list (a run ending, a rename, a delete) refreshes the results on screen too.
 */

/** Results a search shows; more matches means a more precise query. */
const SEARCH_LIMIT = 30;
const SEARCH_STALE_MS = 5_000;

const searchRoot = () => [...chatKeys.conversations(), "search"] as const;
export const conversationSearchKey = (query: string) => [...searchRoot(), query] as const;

export const conversationSearchQuery = (query: string) =>
  queryOptions({
    queryKey: conversationSearchKey(query),
    queryFn: ({ signal }) =>
      gateway
        .searchConversations({ q: query, limit: SEARCH_LIMIT }, { signal })
        .then((answer) => answer.results),
    enabled: query.trim().length > 0,
    staleTime: SEARCH_STALE_MS,
  });

/**
 * Applies a change to every cached copy of one conversation (the list and the searches), `null` removing it,
 * so the page shows it at once; then refreshes what is on screen from the gateway.
 */
function usePatchConversation() {
  const queryClient = useQueryClient();
  return (id: string, change: (conversation: Conversation) => Conversation | null) => {
    queryClient.setQueryData<Conversation[]>(chatKeys.conversations(), (list) =>
      list?.flatMap((conversation) =>
        conversation.id === id ? (change(conversation) ?? []) : [conversation],
      ),
    );
    queryClient.setQueriesData<ConversationSearchResult[]>({ queryKey: searchRoot() }, (results) =>
      results?.flatMap((result) => {
        if (result.conversation.id !== id) return [result];
        const changed = change(result.conversation);
        return changed ? [{ ...result, conversation: changed }] : [];
      }),
    );
    void queryClient.invalidateQueries({ queryKey: chatKeys.conversations() });
  };
}

export function useRenameConversation() {
  const patch = usePatchConversation();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) => gateway.renameConversation(id, { title }),
    onSuccess: (renamed) => patch(renamed.id, () => renamed),
  });
}

/** Deletes a conversation; when it is the one open, the page goes to a new chat. */
export function useDeleteConversation(openId: string | undefined) {
  const patch = usePatchConversation();
  const [, navigate] = useLocation();
  return useMutation({
    mutationFn: (id: string) => gateway.deleteConversation(id),
    onSuccess: (_, id) => {
      patch(id, () => null);
      if (id === openId) navigate("/chat");
    },
  });
}
