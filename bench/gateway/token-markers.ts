/**
 * The text chunks of a timed streamed answer: each chunk carries a marker found nowhere else in either
 * system's traffic, so the moment it passes the provider side and the moment the client shows it can be
 * paired by a plain substring search — on raw SSE bytes and on parsed run events alike. ASCII letters and
 * digits only, so no JSON encoder escapes them.
 *
 * @example markerChunks(3, 2) → ["zq3x00z ", "zq3x01z "]
 */
export function markerChunks(trial: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `zq${trial}x${String(index).padStart(2, "0")}z `);
}

/** The marker inside a chunk (the chunk without its trailing space). */
export function markerOf(chunk: string): string {
  return chunk.trimEnd();
}

/**
 * Records, for each marker first seen in `text`, the time `at`. Markers already recorded keep their first time
 * (a later frame repeating the text — the final message — does not count).
 */
export function recordMarkers(
  text: string,
  markers: readonly string[],
  at: number,
  seen: Map<string, number>,
): void {
  if (!text.includes("zq")) return;
  for (const marker of markers) {
    if (!seen.has(marker) && text.includes(marker)) seen.set(marker, at);
  }
}

/** Per marker, receive time − send time (ms); markers missing on either side are left out. */
export function markerLatencies(
  markers: readonly string[],
  sent: ReadonlyMap<string, number>,
  received: ReadonlyMap<string, number>,
): { latencies: number[]; missing: number } {
  const latencies: number[] = [];
  for (const marker of markers) {
    const from = sent.get(marker);
    const to = received.get(marker);
    if (from !== undefined && to !== undefined) latencies.push(to - from);
  }
  return { latencies, missing: markers.length - latencies.length };
}
