import { describe, expect, it } from "vitest";
import { ANY_INSTANCE_LABEL, instanceOptionLabel, taskInstanceLabel } from "./instance-labels.ts";

const desk = { id: "ins_01jc0000000000000000000000", name: "desk", presence: "connected" as const };
const laptop = { id: "ins_01jc0000000000000000000001", name: "laptop", presence: "offline" as const };

describe("instance labels", () => {
  it("names a gateway with its presence", () => {
    expect(instanceOptionLabel(desk)).toBe("desk (connected)");
    expect(instanceOptionLabel(laptop)).toBe("laptop (offline)");
  });

  it("shows any gateway, a listed one, or a revoked one for a task", () => {
    expect(taskInstanceLabel([desk, laptop], null)).toBe(ANY_INSTANCE_LABEL);
    expect(taskInstanceLabel([desk, laptop], laptop.id)).toBe("laptop (offline)");
    expect(taskInstanceLabel([desk], laptop.id)).toBe("A revoked gateway");
  });
});
