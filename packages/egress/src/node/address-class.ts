/*
 * Classifies a resolved IP address, for the DNS-rebinding check. Node's BlockList does the CIDR matching; we
 * only list the ranges and unwrap IPv4-mapped IPv6 addresses (which BlockList would treat as IPv6).
 */
import { BlockList, isIP } from "node:net";

/** What kind of network an address belongs to. `reserved` (unspecified, multicast) is never reachable. */
export type AddressClass = "loopback" | "link-local" | "private" | "reserved" | "public";

function list(ranges: readonly string[]): BlockList {
  const blocks = new BlockList();
  for (const range of ranges) {
    const [address = "", prefix] = range.split("/");
    blocks.addSubnet(address, Number(prefix), isIP(address) === 6 ? "ipv6" : "ipv4");
  }
  return blocks;
}

const classes: readonly [AddressClass, BlockList][] = [
  ["loopback", list(["127.0.0.0/8", "::1/128"])],
  ["link-local", list(["169.254.0.0/16", "fe80::/10"])],
  ["private", list(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"])],
  ["reserved", list(["0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4", "::/128", "ff00::/8"])],
];

/*
 * BlockList.check builds a native SocketAddress per call (~10 µs, most of the guard's own time per new
 * connection), and a gateway connects to the same few addresses again and again: answers are remembered.
 * An address's class never changes; the map is cleared when it fills, which bounds it.
 */
const remembered = new Map<string, AddressClass>();
const REMEMBERED_MAX = 512;

/** The class of an IP literal; throws for something that is not one. */
export function classifyAddress(address: string): AddressClass {
  const known = remembered.get(address);
  if (known !== undefined) return known;
  const found = classifyUncached(address);
  if (remembered.size >= REMEMBERED_MAX) remembered.clear();
  remembered.set(address, found);
  return found;
}

function classifyUncached(address: string): AddressClass {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  const bare = mapped?.[1] ?? address;
  const family = isIP(bare);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  for (const [name, blocks] of classes) {
    if (blocks.check(bare, family === 6 ? "ipv6" : "ipv4")) return name;
  }
  return "public";
}
