import { describe, expect, it } from "vitest";
import { scopesFor } from "./approval-choices.ts";

describe("the choices an approval offers", () => {
  it("offers all three scopes for a call the policy holds back", () => {
    expect(scopesFor("policy")).toEqual(["call", "tool-for-run", "tool-for-agent"]);
  });

  it("never offers an agent-wide grant for a tool that always asks", () => {
    expect(scopesFor("always")).not.toContain("tool-for-agent");
  });
});
