import { resolveInventory } from "@multiclaw/egress";
import { createConnectionLedger, createEgressGuard, type EgressGuard } from "@multiclaw/egress/node";
import { fetch as undiciFetch } from "undici";

/*
 * The CLI's own outbound connections go through an egress guard too. The CLI talks to the Cloud only while the
 * user signs in or starts the embedded product, so the Cloud rows are its only active ones; everything else it
 * does is local (the gateway's API on 127.0.0.1, which is not an outbound connection of the inventory).
 */
export interface CliEgress {
  readonly guard: EgressGuard;
  /** `fetch` through the guard, for Cloud calls. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export function createCliEgress(cloudUrl: string): CliEgress {
  const rows = resolveInventory({ cloudApiUrl: cloudUrl });
  const guard = createEgressGuard({
    inventory: rows,
    ledger: createConnectionLedger({ capacity: 100 }),
    conditions: (row) =>
      row.id === "cloud-api" || row.id === "cloud-events"
        ? { active: true }
        : { active: false, reason: "the command line connects only to the Cloud" },
  });
  return {
    guard,
    fetch: (url, init) =>
      undiciFetch(url, { ...(init as object), dispatcher: guard.dispatcher }) as unknown as Promise<Response>,
    close: () => guard.close(),
  };
}
