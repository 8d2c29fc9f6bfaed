/*
 * A web page as text a model can read: Readability (Firefox's reader view) picks the article out of the page,
 * parsed with linkedom (a DOM without a browser); the walk below turns the article's DOM into plain text with
 * line breaks where blocks end. The walk is written here because no installed library converts a DOM to text
 * (Readability's own `textContent` runs paragraphs together).
 */
// linkedom and Readability (~1 MiB of code) are imported on the first page read, not when the gateway starts.

export interface ReadablePage {
  /** The page's title, or "" when it has none. */
  title: string;
  text: string;
}

/** Elements whose content is never text for a reader. */
const skipped = new Set([
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "TEMPLATE",
  "SVG",
  "CANVAS",
  "IFRAME",
  "OBJECT",
  "HEAD",
]);

/** Elements that start and end on their own line. */
const blocks = new Set([
  ...[
    "ADDRESS",
    "ARTICLE",
    "ASIDE",
    "BLOCKQUOTE",
    "DD",
    "DETAILS",
    "DIV",
    "DL",
    "DT",
    "FIELDSET",
    "FIGCAPTION",
  ],
  ...[
    "FIGURE",
    "FOOTER",
    "FORM",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "HEADER",
    "HR",
    "LI",
    "MAIN",
    "NAV",
    "OL",
  ],
  ...["P", "PRE", "SECTION", "SUMMARY", "TABLE", "TBODY", "THEAD", "TFOOT", "TR", "UL", "BODY", "HTML"],
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** The text of a DOM subtree, blocks on their own lines, headings marked with `#` and list items with `-`. */
export function domToText(root: DomNode): string {
  let out = "";
  /** Ends the current line and leaves `count - 1` blank lines, without piling up breaks blocks share. */
  const lineBreak = (count: number) => {
    const trailing = /\n*[ \t]*$/.exec(out)?.[0] ?? "";
    const present = trailing.split("\n").length - 1;
    if (out !== "" && present < count) out += "\n".repeat(count - present);
  };
  const visit = (node: DomNode, inPre: boolean) => {
    if (node.nodeType === 3) {
      const text = node.textContent ?? "";
      if (inPre) out += text;
      else {
        const collapsed = text.replace(/\s+/g, " ");
        out += out === "" || out.endsWith("\n") ? collapsed.trimStart() : collapsed;
      }
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = node.nodeName.toUpperCase();
    if (skipped.has(name)) return;
    if (name === "BR") {
      out += "\n";
      return;
    }
    const heading = /^H([1-6])$/.exec(name);
    const gap = name === "P" || heading ? 2 : 1;
    if (blocks.has(name)) lineBreak(gap);
    if (heading) out += `${"#".repeat(Number(heading[1]))} `;
    if (name === "LI") out += "- ";
    if (name === "TD" || name === "TH") out += out === "" || out.endsWith("\n") ? "| " : " | ";
    for (const child of Array.from(node.childNodes)) visit(child, inPre || name === "PRE");
    if (blocks.has(name)) lineBreak(gap);
  };
  visit(root, false);
  return out
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * The readable text of an HTML page. Falls back to the whole body when Readability finds no article
 * (a short page, a list of links).
 *
 * @example await readablePage("<title>T</title><p>Hello</p>") // { title: "T", text: "Hello" }
 */
export async function readablePage(html: string): Promise<ReadablePage> {
  const [{ Readability }, { parseHTML }] = await Promise.all([
    import("@mozilla/readability"),
    import("linkedom"),
  ]);
  const { document } = parseHTML(html);
  const title = (document.title ?? "").trim();
  // Readability edits the document it reads, so it gets its own copy and the fallback reads the original.
  const article = new Readability(parseHTML(html).document, {
    serializer: (element: unknown) => element,
  }).parse() as { title?: string | null; content?: unknown } | null;
  const content = article?.content as DomNode | undefined;
  const text = content ? domToText(content) : "";
  if (text !== "") return { title: article?.title?.trim() || title, text };
  // linkedom leaves the nodes of a page without <html> outside <body>; then the whole document is read.
  const body = document.body ? domToText(document.body as unknown as DomNode) : "";
  return { title, text: body || domToText(document as unknown as DomNode) };
}
