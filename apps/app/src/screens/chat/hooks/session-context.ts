import { createContext, useContext } from "react";
import type { ConversationSession } from "../state/conversation-session.ts";

/** The open conversation's session, for the rows deep in the transcript that read their own slice. */
export const SessionContext = createContext<ConversationSession | null>(null);

export function useSession(): ConversationSession | null {
  return useContext(SessionContext);
}
