/**
 * Byte counts of the connection inventory and ledger as people read them: `12 B`, `3.4 KB`, `210 MB` (binary
 * steps, one decimal below ten). The App's Connections screen and `multiclaw connections` both use it, so the two
 * show the same numbers for the same traffic.
 *
 * @example formatBytes(3_481) // "3.4 KB"
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  // Rounded, not raw: 1023.9 KB would print as "1024 KB".
  while (Math.round(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
