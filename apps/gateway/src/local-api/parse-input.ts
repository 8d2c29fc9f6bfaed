import type { z } from "zod";
import { type FieldProblem, LocalApiError } from "./local-api-error.ts";

function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message:
      issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
  }));
}

/** Parses input with a protocol schema; failures become VALIDATION_FAILED naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = fieldProblems(result.error);
  throw new LocalApiError(
    "VALIDATION_FAILED",
    `Invalid ${where}: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ")}`,
    { fieldProblems: problems },
  );
}
