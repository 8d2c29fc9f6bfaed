/**
 * Byte counts as people read them: `12 B`, `3.4 KB`, `210 MB` (binary steps, one decimal below ten).
 * The same rule as the CLI's `multiclaw connections`, so both show the same numbers.
 *
 * @example formatBytes(3_481) // "3.4 KB"
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
