/*
 * Limits on what a tool hands back to the model: long text is cut with a note that says how much was left
 * out, and bytes that are not text are described instead of dumped.
 */

/** `text` cut to at most `maxChars`, with a note saying so; unchanged when it fits. */
export function truncateText(text: string, maxChars: number, hint = ""): string {
  if (text.length <= maxChars) return text;
  const omitted = text.length - maxChars;
  return `${text.slice(0, maxChars)}\n[truncated: ${omitted} more characters not shown${hint ? `; ${hint}` : ""}]`;
}

/** The largest index ≤ `end` at which cutting `bytes` does not split a UTF-8 sequence. */
export function utf8Boundary(bytes: Uint8Array, end: number): number {
  // Find the first byte of the sequence that holds byte end-1 (continuation bytes are 10xxxxxx)…
  let start = end - 1;
  while (start > 0 && start > end - 4 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start--;
  if (start < 0) return end;
  // …and cut before it if that sequence does not finish before `end`.
  const lead = bytes[start] ?? 0;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start + length <= end ? end : start;
}

const sampleSize = 8192;

/**
 * Whether `bytes` look like a binary file: a NUL byte, or not valid UTF-8, in the first 8 KiB (the heuristic
 * git and grep use). A sequence cut at the end of the sample does not count against it.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, utf8Boundary(bytes, Math.min(sampleSize, bytes.length)));
  if (sample.includes(0)) return true;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample);
    return false;
  } catch {
    return true;
  }
}

/** `1234567` → `1.2 MB`, for messages people and models read. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
