import { PageHeader } from "../../ui/page-header.tsx";
import { useNow } from "../../ui/use-now.ts";
import { InventorySection } from "./inventory-section.tsx";
import { LedgerSection } from "./ledger-section.tsx";

/**
 * Connections: everything this gateway may connect to and everything it did — the rows of its inventory
 * with a block switch each, and the ledger of each connection. Refreshes every 2 s while the page is visible.
 */
export function ConnectionsScreen() {
  const now = useNow(15_000);
  return (
    <div className="h-full overflow-y-auto">
      <PageHeader
        title="Connections"
        description="Nothing leaves this machine except through these rows. Block one and its connections are refused until you allow it again."
      />
      <InventorySection now={now} />
      <LedgerSection now={now} />
    </div>
  );
}
