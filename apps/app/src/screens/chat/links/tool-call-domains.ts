import { FaviconDomain } from "@multiclaw/protocol";
import { findLinks } from "./find-links.ts";

/** A site a tool call touched: its host, and whether the gateway's favicon route can be asked for it. */
export interface TouchedDomain {
  host: string;
  /** The first link to this host, for a tooltip. */
  link: string;
  /** False for a host the favicon route does not take (an IPv6 literal, a name with a port's brackets). */
  hasFaviconPath: boolean;
}

/** Strings read from a call's input and output before giving up: a tool's output can be a whole page. */
const MAX_STRINGS = 500;

function collectStrings(value: unknown, into: string[], depth = 0): void {
  if (into.length >= MAX_STRINGS || depth > 20) return;
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into, depth + 1);
  else if (value !== null && typeof value === "object")
    for (const item of Object.values(value)) collectStrings(item, into, depth + 1);
}

/**
 * The distinct hosts of the http(s) links anywhere in a tool call's input and output (strings at any depth),
 * in order of first appearance, at most `limit`.
 *
 * @example
 * touchedDomains([{ url: "https://Example.com/a" }, "see https://example.com/b"], 5)
 * // [{ host: "example.com", link: "https://Example.com/a", hasFaviconPath: true }]
 */
export function touchedDomains(values: readonly unknown[], limit: number): TouchedDomain[] {
  const strings: string[] = [];
  for (const value of values) collectStrings(value, strings);
  const domains: TouchedDomain[] = [];
  for (const text of strings) {
    // Links in code count here: a tool's input is often a command, and its links are what it touched.
    for (const link of findLinks(text.replaceAll("`", " "), Number.POSITIVE_INFINITY)) {
      const host = new URL(link).hostname;
      if (domains.some((domain) => domain.host === host)) continue;
      domains.push({ host, link, hasFaviconPath: FaviconDomain.safeParse(host).success });
      if (domains.length === limit) return domains;
    }
  }
  return domains;
}
