import { describe, expect, it } from "vitest";
import { createMemoryRunStore } from "./memory-run-store.ts";
import { describeRunStoreContract, fixtureId, fixtureTime } from "./run-store-contract.ts";

describeRunStoreContract("memory run store", () => ({ store: createMemoryRunStore() }));

describe("memory run store", () => {
  it("refuses a record that its protocol schema does not allow", async () => {
    const store = createMemoryRunStore();
    await expect(
      store.createConversation({
        id: "conversation-1",
        agentId: fixtureId("agt", 1),
        title: "bad id",
        createdAt: fixtureTime(0),
        updatedAt: fixtureTime(0),
      }),
    ).rejects.toThrow(/does not match its schema/);
  });
});
