import { type Problem, ProblemSchema } from "./errors.ts";

/**
 * The problem document in an error answer's body, or `undefined` when the body is not one (a proxy or some
 * other program on the port answered with its own text). Clients fall back to a code chosen by HTTP status.
 *
 * @example
 * const problem = parseProblemDocument(await response.text());
 * const code = problem?.code ?? "INTERNAL";
 */
export function parseProblemDocument(text: string): Problem | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const problem = ProblemSchema.safeParse(json);
  return problem.success ? problem.data : undefined;
}
