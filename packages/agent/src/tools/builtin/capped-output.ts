/*
 * A stream's output kept within a byte budget: the first half and the last half of the budget are kept and
 * the middle is dropped, since a command's start (what it did) and end (how it failed) matter most.
 */
import { formatBytes, utf8Boundary } from "./text-output.ts";

export interface CappedOutput {
  push(chunk: Buffer): void;
  /** Bytes seen in all. */
  readonly totalBytes: number;
  /** Whether anything was dropped. */
  readonly truncated: boolean;
  /** The kept text, with a note where bytes were dropped. */
  text(): string;
}

export function createCappedOutput(maxBytes: number): CappedOutput {
  const headLimit = Math.floor(maxBytes / 2);
  const tailLimit = maxBytes - headLimit;
  const head: Buffer[] = [];
  let headBytes = 0;
  let tail = Buffer.alloc(0);
  let totalBytes = 0;
  return {
    push(chunk) {
      totalBytes += chunk.length;
      let rest = chunk;
      if (headBytes < headLimit) {
        const taken = rest.subarray(0, headLimit - headBytes);
        head.push(taken);
        headBytes += taken.length;
        rest = rest.subarray(taken.length);
      }
      if (rest.length > 0) {
        const joined = Buffer.concat([tail, rest]);
        tail = joined.length > tailLimit ? joined.subarray(joined.length - tailLimit) : joined;
      }
    },
    get totalBytes() {
      return totalBytes;
    },
    get truncated() {
      return totalBytes > headBytes + tail.length;
    },
    text() {
      const headBuffer = Buffer.concat(head);
      const omitted = totalBytes - headBytes - tail.length;
      if (omitted === 0) return Buffer.concat([headBuffer, tail]).toString("utf8");
      // Cut at character boundaries, so neither side shows a broken character.
      const headText = headBuffer.subarray(0, utf8Boundary(headBuffer, headBuffer.length)).toString("utf8");
      let start = 0;
      while (start < tail.length && start < 4 && ((tail[start] ?? 0) & 0xc0) === 0x80) start++;
      const note = `\n[… ${formatBytes(omitted)} of output not shown (${formatBytes(totalBytes)} in all) …]\n`;
      return headText + note + tail.subarray(start).toString("utf8");
    },
  };
}
