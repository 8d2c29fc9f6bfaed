import { fieldProblemsOf, summariseFieldProblems } from "@multiclaw/protocol";
import type { z } from "zod";
import { LocalApiError } from "./local-api-error.ts";

/** Parses input with a protocol schema; failures become VALIDATION_FAILED naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = fieldProblemsOf(result.error);
  throw new LocalApiError("VALIDATION_FAILED", `Invalid ${where}: ${summariseFieldProblems(problems)}`, {
    fieldProblems: problems,
  });
}
