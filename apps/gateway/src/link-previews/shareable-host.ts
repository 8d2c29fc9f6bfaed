import { isIP } from "node:net";
import { classifyAddress } from "@multiclaw/egress/node";

/*
 * Whether a host from a chat message may be named to an outside service (the link-preview service gets the
 * URL, the favicon service the domain). A name of the user's own machine or network would tell the service
 * about that network, and the service might even fetch it; such hosts are refused before any connection.
 * Judged on the name alone: resolving it would itself send the name to a DNS server, and the service resolves
 * it on its side anyway.
 */

/** Top-level names that only mean something on a local network (RFC 6761, 6762, 8375, 7686 and common use). */
const localOnlySuffixes = [
  "localhost",
  "local",
  "internal",
  "intranet",
  "lan",
  "home",
  "corp",
  "home.arpa",
  "test",
  "invalid",
  "onion",
];

/**
 * Why `hostname` (as `new URL(link).hostname` gives it) must not leave this machine, or undefined when it may.
 *
 * @example
 * privateHostReason("example.com") // undefined
 * privateHostReason("192.168.1.10") // "192.168.1.10 is a private address"
 * privateHostReason("intranet") // "intranet is a single-label name, known only on your own network"
 */
export function privateHostReason(hostname: string): string | undefined {
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (host === "") return "the link has no host";
  if (isIP(host) !== 0) {
    const kind = classifyAddress(host);
    return kind === "public" ? undefined : `${host} is a ${kind} address`;
  }
  if (!host.includes(".")) return `${host} is a single-label name, known only on your own network`;
  const suffix = localOnlySuffixes.find((name) => host === name || host.endsWith(`.${name}`));
  return suffix ? `${host} is a name under .${suffix}, known only on your own network` : undefined;
}
