import type { Message } from "@multiclaw/protocol";
import type { TranscriptRow, TranscriptState } from "./transcript-state.ts";

/*
 * What a transcript row will measure before it is drawn, from what it holds: the virtualiser places the rows
 * it has not drawn yet by these, so the closer they are, the less the view moves as rows are measured on the
 * way up a long conversation. Measured in the App at its usual width (a 720 px column, 16 px type): a text
 * line of an answer is 25.6 px (line-height 1.6), of a code block 19.5 px; a paragraph holds about 90
 * characters, a line of the person's bubble about 72.
 */
const ROW_PADDING = 16;
const ANSWER_CHROME = 32; // the footer with Copy, and the gap above it
const ANSWER_LINE = 25.6;
const BLOCK_GAP = 9.6;
const CODE_LINE = 19.5;
const CODE_CHROME = 42; // padding, border and margins of the block
const ANSWER_CHARS_PER_LINE = 90;
const QUESTION_BASE = 64; // the bubble's padding, the Copy button under it, the row's padding
const QUESTION_LINE = 24;
const QUESTION_CHARS_PER_LINE = 72;
const TOOL_CALL_CARD = 56;
const ANSWER_WAITING = 32; // the row's padding and the waiting cursor

const otherRows: Record<Exclude<TranscriptRow["kind"], "message" | "answer">, number> = {
  plan: 240,
  approval: 160,
  "run-end": 41,
};

/** Lines `text` wraps to at `perLine` characters a line. */
function wrapped(text: string, perLine: number): number {
  return Math.max(1, Math.ceil(text.length / perLine));
}

/**
 * The height of Markdown as the transcript draws it: paragraphs and list items wrapped, code blocks line by line.
 *
 * @example estimateMarkdownHeight("Done.") // 25.6
 */
export function estimateMarkdownHeight(markdown: string): number {
  let height = 0;
  let blocks = 0;
  let inBlock = false;
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = null;
      else height += CODE_LINE;
      continue;
    }
    if (opener) {
      fence = opener;
      blocks += 1;
      height += CODE_CHROME;
      inBlock = false;
      continue;
    }
    if (line.trim() === "") {
      inBlock = false;
      continue;
    }
    if (!inBlock) blocks += 1;
    inBlock = true;
    height += wrapped(line, ANSWER_CHARS_PER_LINE) * ANSWER_LINE;
  }
  return height + Math.max(0, blocks - 1) * BLOCK_GAP;
}

/*
 * The virtualiser asks again for every row below one whose height changed, so each message is estimated once:
 * stored messages are immutable objects, and a message gone from the transcript takes its entry with it.
 */
const estimated = new WeakMap<Message, number>();

/** A stored message's row: the person's bubble, or the answer's Markdown with its tool call cards. */
export function estimateMessageHeight(message: Message): number {
  let height = estimated.get(message);
  if (height === undefined) {
    height = estimateFromParts(message);
    estimated.set(message, height);
  }
  return height;
}

function estimateFromParts(message: Message): number {
  if (message.role === "user") {
    const text = message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n\n");
    const lines = text.split("\n").reduce((sum, line) => sum + wrapped(line, QUESTION_CHARS_PER_LINE), 0);
    return QUESTION_BASE + lines * QUESTION_LINE;
  }
  let height = ROW_PADDING + ANSWER_CHROME;
  for (const part of message.parts) {
    if (part.type === "text") height += estimateMarkdownHeight(part.text);
    else if (part.type === "tool-call") height += TOOL_CALL_CARD;
  }
  return Math.round(height);
}

/** Any row of the transcript; an answer still streaming counts as a one-line answer. */
export function estimateRowHeight(row: TranscriptRow, transcript: TranscriptState): number {
  const messageId =
    row.kind === "message"
      ? row.messageId
      : row.kind === "answer"
        ? transcript.runs.get(row.runId)?.answerMessageId
        : undefined;
  if (row.kind === "answer" && !messageId) return ANSWER_WAITING;
  if (row.kind !== "message" && row.kind !== "answer") return otherRows[row.kind];
  const message = messageId ? transcript.messages.get(messageId) : undefined;
  return message ? estimateMessageHeight(message) : Math.round(ROW_PADDING + ANSWER_CHROME + ANSWER_LINE);
}

/**
 * Estimates every stored message of a transcript now, so the first draw of a long conversation finds them
 * ready: called in the task that read the conversation, it keeps that work out of the frame that draws it.
 */
export function estimateStoredMessages(transcript: TranscriptState): void {
  for (const message of transcript.messages.values()) estimateMessageHeight(message);
}
