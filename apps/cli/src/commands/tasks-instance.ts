import { type Instance, InstanceId } from "@multiclaw/protocol";
import { findByName } from "../workspace/find-by-name.ts";

/**
 * The instance `--instance` names, among the workspace's gateways (the Cloud lists only those not revoked). An
 * id the list does not hold goes to the Cloud as given: it answers NOT_FOUND for another workspace's
 * instance and VALIDATION_FAILED, saying so, for a revoked one.
 *
 * @example findInstance(instances, "build-box").id // "ins_…"
 */
export function findInstance(instances: readonly Instance[], wanted: string): Pick<Instance, "id" | "name"> {
  const listed = instances.some((instance) => instance.id === wanted);
  if (!listed && InstanceId.safeParse(wanted).success) return { id: wanted, name: wanted };
  return findByName(instances, wanted, {
    what: "instance",
    names: (instance) => [instance.name],
    describe: (instance) => `${instance.name} (${instance.id}, ${instance.presence})`,
  });
}
