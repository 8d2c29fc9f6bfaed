import { z } from "zod";
import { type Tool, toolFailure, zodInput } from "../tool.ts";
import { fetchPage, refusalOf, WebFetchError } from "./fetch-page.ts";
import { readablePage } from "./readable-text.ts";
import { formatBytes, looksBinary, truncateText } from "./text-output.ts";

export interface WebFetchOptions {
  /** The fetch to use; the gateway passes one bound to its egress guard. */
  fetch: typeof globalThis.fetch;
  /**
   * Opens the `web-fetch` row's user-initiated window for exactly this URL and returns the function that closes
   * it; called once per request (each redirect hop), and the window is always closed when the hop is done.
   */
  allowWebFetch: (url: URL) => () => void;
  /** Default 5. */
  maxRedirects?: number;
  /** Most bytes of a response body that are read. Default 2 MiB. */
  maxBytes?: number;
  /** For the whole fetch, redirects included. Default 20 s. */
  timeoutMs?: number;
  /** Most characters handed to the model. Default 100 000. */
  maxOutputChars?: number;
  userAgent?: string;
}

const WebFetchInput = z.strictObject({
  url: z.string().max(8192).describe("The http(s) URL of the page"),
});
export type WebFetchInput = z.infer<typeof WebFetchInput>;

function hostOf(url: string): string[] {
  try {
    return [new URL(url).host];
  } catch {
    return [];
  }
}

const htmlTypes = new Set(["text/html", "application/xhtml+xml"]);

function isText(mediaType: string): boolean {
  return (
    mediaType.startsWith("text/") ||
    /^application\/(json|xml|javascript|x-ndjson)$/.test(mediaType) ||
    /\+(json|xml)$/.test(mediaType)
  );
}

function decode(body: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? "utf-8").decode(body);
  } catch {
    // An unknown charset label: UTF-8 is the web's default.
    return new TextDecoder("utf-8").decode(body);
  }
}

/**
 * `web.fetch`: one web page as readable text (the article of an HTML page, plain text and JSON as they are).
 * Each request opens the `web-fetch` connection row only for itself, so the agent cannot reach the web
 * outside a fetch the user asked for.
 *
 * @example createWebFetchTool({ fetch: guardedFetch, allowWebFetch: (url) => guardState.openWebFetch(url) })
 */
export function createWebFetchTool(options: WebFetchOptions): Tool<WebFetchInput> {
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const maxOutputChars = options.maxOutputChars ?? 100_000;
  const fetchOptions = {
    fetch: options.fetch,
    allowWebFetch: options.allowWebFetch,
    maxRedirects: options.maxRedirects ?? 5,
    maxBytes,
    timeoutMs: options.timeoutMs ?? 20_000,
    userAgent: options.userAgent ?? "MultiClaw-web.fetch/0.1",
  };
  return {
    name: "web.fetch",
    description:
      "Fetch one web page by its http(s) URL and return its title and readable text (the main content of an " +
      "HTML page; plain text and JSON as they are). Binary content is described, not returned.",
    input: zodInput(WebFetchInput),
    // The page's host; a redirect may lead on to others, each under the same row.
    connections: (input) => [{ rowId: "web-fetch", hosts: hostOf(input.url) }],
    async execute(input, context) {
      let url: URL;
      try {
        url = new URL(input.url);
      } catch {
        return toolFailure("TOOL_INPUT_INVALID", `not a URL: ${input.url}`);
      }
      const refusal = refusalOf(url);
      if (refusal) return toolFailure("TOOL_INPUT_INVALID", refusal);
      try {
        const page = await fetchPage(url, fetchOptions, context.signal);
        const where = page.url.href === url.href ? "" : `URL: ${page.url.href}\n`;
        const cut = page.truncated
          ? `\n[the page is larger than ${formatBytes(maxBytes)}; only its start was read]`
          : "";
        let header: string;
        let text: string;
        const sniffedHtml =
          page.mediaType === "" &&
          /^\s*<(!doctype html|html)/i.test(decode(page.body.subarray(0, 512), undefined));
        if (htmlTypes.has(page.mediaType) || sniffedHtml) {
          const readable = await readablePage(decode(page.body, page.charset));
          header = `${readable.title ? `Title: ${readable.title}\n` : ""}${where}`;
          text = readable.text || "(the page has no readable text)";
        } else if (isText(page.mediaType) || (page.mediaType === "" && !looksBinary(page.body))) {
          header = where;
          text = decode(page.body, page.charset);
        } else {
          const kind = page.mediaType || "binary data";
          return {
            ok: true,
            output: `${where}${page.url.href} is ${kind} (not text); its content is not shown.`,
          };
        }
        return {
          ok: true,
          output: truncateText(`${header}${header ? "\n" : ""}${text}`, maxOutputChars) + cut,
        };
      } catch (error) {
        if (error instanceof WebFetchError) return toolFailure(error.code, error.message);
        throw error;
      }
    },
  };
}
