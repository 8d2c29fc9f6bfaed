import { createContext, useContext } from "react";

/**
 * Whether the transcript is scrolling (the virtualiser's `isScrolling`): a row that comes into view meanwhile
 * draws its Markdown in a background render, after plain text, so a fling never waits for parsing.
 */
export const TranscriptScrollingContext = createContext(false);

export function useTranscriptScrolling(): boolean {
  return useContext(TranscriptScrollingContext);
}
