import type { z } from "zod";
import type { FieldProblem } from "./route-request.ts";

/*
 * How a server names what was wrong with input its schema refused: the Cloud's API and the gateway's local API
 * answer VALIDATION_FAILED with these, so both word them the same way.
 */

/** The first `limit` issues of a refused parse, each with its dotted path; unknown keys are named. */
export function fieldProblemsOf(error: z.ZodError, limit = 20): FieldProblem[] {
  return error.issues.slice(0, limit).map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message:
      issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
  }));
}

/** `path: message; path: message`, for the error's one-line message. */
export function summariseFieldProblems(problems: readonly FieldProblem[]): string {
  return problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ");
}
