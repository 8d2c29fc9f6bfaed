import type { Instance, Presence } from "@multiclaw/protocol";

/*
 * How a gateway (instance) reads on the Tasks screen: by the name its machine gave, with its presence, so
 * a person picking where a task runs sees at once which machines are up.
 */

export const presenceWords: Record<Presence, string> = {
  connected: "connected",
  stale: "not heard from lately",
  offline: "offline",
};

export const ANY_INSTANCE_LABEL = "Any gateway running the agent";

/** An option of the instance picker: `build-box (connected)`. */
export function instanceOptionLabel(instance: Pick<Instance, "name" | "presence">): string {
  return `${instance.name} (${presenceWords[instance.presence]})`;
}

/** What the instance column shows for a task. */
export function taskInstanceLabel(
  instances: readonly Pick<Instance, "id" | "name" | "presence">[],
  instanceId: string | null,
): string {
  if (instanceId === null) return ANY_INSTANCE_LABEL;
  const instance = instances.find((candidate) => candidate.id === instanceId);
  // The Cloud stops listing an instance once revoked; its id stays on the tasks it was given.
  return instance ? instanceOptionLabel(instance) : "A revoked gateway";
}
