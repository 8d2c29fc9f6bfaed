import { splitMarkdownBlocks } from "../state/markdown-blocks.ts";
import { Markdown } from "./markdown.tsx";

/**
 * Markdown still arriving: split into blocks, each memoised by its text, so a token re-parses only the last
 * block instead of the whole answer.
 */
export function StreamingMarkdown({ text }: { text: string }) {
  const blocks = splitMarkdownBlocks(text);
  return (
    <div className="markdown-body">
      {blocks.map((block, index) => (
        // Blocks only grow at the end: an index is a stable key for the ones before it.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Markdown key={index} text={block} />
      ))}
    </div>
  );
}
