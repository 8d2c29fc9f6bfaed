import type { ConnectionLogEntry } from "@multiclaw/protocol";
import { type PillTone, StatusPill } from "../../ui/status-pill.tsx";
import { formatDuration, type LedgerOutcome, ledgerOutcome } from "./ledger-entries.ts";

const tones: Record<LedgerOutcome, PillTone> = { open: "good", closed: "quiet", refused: "bad" };

/** How a connection ended: still open, closed after some time, or refused (with the guard's reason). */
export function LedgerOutcomePill({ entry }: { entry: ConnectionLogEntry }) {
  const outcome = ledgerOutcome(entry);
  const label =
    outcome === "closed" ? `Closed · ${formatDuration(entry)}` : outcome === "open" ? "Open" : "Refused";
  return <StatusPill tone={tones[outcome]}>{label}</StatusPill>;
}
