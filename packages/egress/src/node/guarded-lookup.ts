/*
 * A DNS lookup that only returns addresses a row may reach. The check has to run on the resolved address,
 * not the name, or a hostile resolver could point an allowed name at 127.0.0.1 or a LAN box (DNS rebinding);
 * and it has to be the lookup the socket itself uses, so there is no second resolution to race against.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import type { Reach } from "../resolve-inventory.ts";
import { type AddressClass, classifyAddress } from "./address-class.ts";
import { EgressBlockedError } from "./egress-error.ts";

/** Whether a row of this reach may connect to an address of this class. */
export function reachAllows(reach: Reach, addressClass: AddressClass): boolean {
  if (reach === "loopback") return addressClass === "loopback";
  if (reach === "private") return addressClass === "public" || addressClass === "private";
  return addressClass === "public";
}

/** Describes what a row may reach, for refusal messages. */
export function reachWords(reach: Reach): string {
  return reach === "loopback" ? "loopback only" : reach === "private" ? "public or private" : "public only";
}

/**
 * Wraps `base` (dns.lookup by default) so that addresses outside `reach` are dropped, and the lookup fails with
 * EGRESS_BLOCKED if none is left. Honours `all: true`, which Node's happy-eyeballs connect asks for.
 */
export function createGuardedLookup(
  reach: Reach,
  rowId: string,
  target: string,
  base: LookupFunction = dnsLookup as LookupFunction,
): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, { ...options, all: true }, (error, result) => {
      if (error) return callback(error, "", 0);
      const addresses = (
        Array.isArray(result) ? result : [{ address: result, family: 0 }]
      ) as LookupAddress[];
      const allowed = addresses.filter((entry) => reachAllows(reach, classifyAddress(entry.address)));
      const first = allowed[0];
      if (!first) {
        const seen = addresses
          .map((entry) => `${entry.address} (${classifyAddress(entry.address)})`)
          .join(", ");
        const reason = `${hostname} resolved to ${seen}; this row may reach ${reachWords(reach)} addresses`;
        return callback(new EgressBlockedError(rowId, reason, target), "", 0);
      }
      if (options.all) return callback(null, allowed);
      callback(null, first.address, first.family);
    });
  };
}
