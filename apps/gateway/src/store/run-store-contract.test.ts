import { describeRunStoreContract } from "@multiclaw/agent/testing/run-store-contract";
import { openGatewayStore } from "./gateway-store.ts";
import { makeTempStoreLocation } from "./testing/temp-directory.ts";

describeRunStoreContract("gateway SQLite store", async () => {
  const location = await makeTempStoreLocation();
  const store = openGatewayStore({ path: location.path });
  return {
    store: store.runs,
    dispose: async () => {
      store.close();
      await location.remove();
    },
  };
});
