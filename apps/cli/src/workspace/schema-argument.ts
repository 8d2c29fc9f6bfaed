import { InvalidArgumentError } from "commander";

/** A protocol schema (zod), as far as checking one command-line value needs it. */
export interface ArgumentSchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: readonly { message: string }[] } };
}

/**
 * A commander argument parser that checks the value with the protocol's schema, so the command line refuses
 * what the Cloud would, before anything is sent. `hint` replaces the schema's message when it says it better.
 *
 * @example .argument("<task>", "the task id", schemaArgument(TaskId, "must be a task id (tsk_…)"))
 */
export function schemaArgument<T>(
  schema: ArgumentSchema<T>,
  hint?: string,
  convert: (value: string) => unknown = (value) => value.trim(),
): (value: string) => T {
  return (value) => {
    const parsed = schema.safeParse(convert(value));
    if (parsed.success) return parsed.data;
    throw new InvalidArgumentError(hint ?? parsed.error.issues[0]?.message ?? "not valid");
  };
}
