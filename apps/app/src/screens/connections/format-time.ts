/*
 * Ledger times: the wall clock, because entries of a ledger are compared with each other and with what the
 * person remembers doing ("at 14:03 I asked for a link preview"); relative times are for the inventory.
 */

const pad = (value: number) => String(value).padStart(2, "0");

/** Local wall-clock time, `14:03:09`; with the date in front when it is not today. */
export function formatClock(at: string, now: number): string {
  const date = new Date(at);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (new Date(now).toDateString() === date.toDateString()) return time;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}
