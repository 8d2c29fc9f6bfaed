import { useMemo } from "react";
import { findLinks } from "./find-links.ts";
import { LinkPreviewCard } from "./link-preview-card.tsx";

/** More cards than this under one message would bury the answer; the links themselves all stay. */
const MAX_PREVIEWS_PER_MESSAGE = 3;

/**
 * The title cards of the first links in a finished message (a streaming one has none yet: its links may still
 * be half written). Nothing at all when the message has no link or none has a preview.
 */
export function MessageLinkPreviews({ text, align = "start" }: { text: string; align?: "start" | "end" }) {
  const links = useMemo(() => findLinks(text, MAX_PREVIEWS_PER_MESSAGE), [text]);
  if (links.length === 0) return null;
  return (
    <div
      className={`flex max-w-full flex-col gap-2 empty:hidden ${align === "end" ? "items-end" : "items-start"}`}
    >
      {links.map((url) => (
        <LinkPreviewCard key={url} url={url} />
      ))}
    </div>
  );
}
