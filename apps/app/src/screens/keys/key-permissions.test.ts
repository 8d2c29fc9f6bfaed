import { describe, expect, it } from "vitest";
import { keyChangeRefusal } from "./key-permissions.ts";

describe("who may change provider keys", () => {
  it("lets owners and admins, as the Cloud does", () => {
    expect(keyChangeRefusal("owner", "Research")).toBeNull();
    expect(keyChangeRefusal("admin", "Research")).toBeNull();
  });

  it("tells a member why not, naming the workspace and who can", () => {
    expect(keyChangeRefusal("member", "Research")).toBe(
      "Only owners and admins of Research can set or remove provider keys; you are a member. Ask an admin to add the key you need.",
    );
  });
});
