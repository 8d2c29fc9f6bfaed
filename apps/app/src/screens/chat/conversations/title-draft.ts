import { CONVERSATION_TITLE_MAX } from "@multiclaw/protocol";

/** What renaming should do with what the person typed. */
export type TitleDraftOutcome =
  | { kind: "save"; title: string }
  | { kind: "unchanged" }
  | { kind: "invalid"; reason: string };

/**
 * Checks a typed title as the gateway will (trimmed, 1–200 characters), before any request: an empty title
 * explains itself instead of failing at the gateway, and an unchanged one sends nothing.
 *
 * @example titleDraftOutcome("  Budget  ", "Untitled") // → { kind: "save", title: "Budget" }
 */
export function titleDraftOutcome(draft: string, current: string): TitleDraftOutcome {
  const title = draft.trim();
  if (title === current) return { kind: "unchanged" };
  if (title.length === 0) return { kind: "invalid", reason: "A title needs at least one character." };
  if (title.length > CONVERSATION_TITLE_MAX) {
    return {
      kind: "invalid",
      reason: `A title can be at most ${CONVERSATION_TITLE_MAX} characters (this one has ${title.length}).`,
    };
  }
  return { kind: "save", title };
}
