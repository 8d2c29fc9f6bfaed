/** One key per host and port, however the host was written: `[::1]` and `::1`, `Example.com` and `example.com`. */
export function targetKey(host: string, port: number): string {
  return `${host.replace(/^\[|\]$/g, "").toLowerCase()}:${port}`;
}
