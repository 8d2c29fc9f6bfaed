/**
 * Splits Markdown into top-level blocks at blank lines outside code fences, so a streaming message redraws
 * only its last block: every earlier block keeps its text and its memoised rendering.
 *
 * @example splitMarkdownBlocks("# Title\n\nText\n\n```\na\n\nb\n```") // ["# Title", "Text", "```\na\n\nb\n```"]
 */
export function splitMarkdownBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null && opener) fence = opener;
    else if (fence !== null && opener && opener[0] === fence[0] && opener.length >= fence.length)
      fence = null;
    if (fence === null && line.trim() === "" && !continuesList(current)) {
      if (current.length > 0) blocks.push(current.join("\n"));
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length > 0) blocks.push(current.join("\n"));
  return blocks;
}

/*
 * A loose list (items separated by blank lines) stays one block: split, its later items would start lists of
 * their own and lose their numbering.
 */
function continuesList(lines: readonly string[]): boolean {
  const first = lines[0];
  return first !== undefined && /^\s{0,3}([-*+]|\d{1,9}[.)])\s/.test(first);
}
