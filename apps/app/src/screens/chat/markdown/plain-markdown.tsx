import { plainBlocks } from "../state/plain-blocks.ts";
import { CodeFrame } from "./code-frame.tsx";

/**
 * Markdown shown as the text it is, block by block, with code in its box: what a message shows before its
 * rendering is in (the renderer still loading, or a row that came into view during a fast scroll). It takes
 * about the room the rendering will, so the swap hardly moves the transcript.
 */
export function PlainMarkdown({ text }: { text: string }) {
  return (
    <div className="markdown-body">
      {plainBlocks(text).map((block, index) =>
        block.kind === "code" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the blocks of a text never move
          <CodeFrame key={index} language={block.language} getText={() => block.code}>
            <code>{block.code}</code>
          </CodeFrame>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the blocks of a text never move
          <p key={index} className="whitespace-pre-wrap break-words">
            {block.text}
          </p>
        ),
      )}
    </div>
  );
}
