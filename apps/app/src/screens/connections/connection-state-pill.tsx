import type { ConnectionRow, ConnectionRowState } from "@multiclaw/protocol";
import { type PillTone, StatusPill } from "../../ui/status-pill.tsx";

const looks: Record<ConnectionRowState, { label: string; tone: PillTone }> = {
  active: { label: "Active", tone: "good" },
  idle: { label: "Idle", tone: "quiet" },
  "not-configured": { label: "Not configured", tone: "quiet" },
  blocked: { label: "Blocked", tone: "bad" },
};

/** A row's state; an active row says how many connections are open right now. */
export function ConnectionStatePill({ row }: { row: ConnectionRow }) {
  const { label, tone } = looks[row.state];
  const open = row.state === "active" && row.openConnections > 1 ? ` · ${row.openConnections} open` : "";
  return <StatusPill tone={tone}>{`${label}${open}`}</StatusPill>;
}
