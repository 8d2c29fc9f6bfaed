import type { z } from "zod";
import type { HttpRoute } from "./http-route.ts";

/** How an answer's JSON is checked against its schema: `schema.safeParse`, or `safeParseInSlices` on a page. */
export type AnswerParse = (
  schema: z.ZodType,
  value: unknown,
) => z.ZodSafeParseResult<unknown> | Promise<z.ZodSafeParseResult<unknown>>;

const parseAtOnce: AnswerParse = (schema, value) => schema.safeParse(value);

/**
 * The part of a fetch `Response` reading an answer needs. Declared here because this package is typed without
 * DOM or Node types; the platform's `Response` fits it.
 */
export interface AnswerBody {
  json(): Promise<unknown>;
  readonly body: { cancel(): Promise<void> } | null;
}

/** The parsed answer, or what is wrong with it, phrased to follow "the Cloud's" or "the gateway's". */
export type RouteAnswerReading =
  | { ok: true; value: unknown }
  | { ok: false; problem: "answer is not JSON" | "answer does not match the protocol"; cause: unknown };

/**
 * Reads a successful answer with the route's response schema, so a client hands its caller the route's exact
 * type or nothing. A route without a body (204) reads as `undefined`, its stream cancelled so the connection
 * can be reused.
 *
 * @example
 * const answer = await readRouteAnswer(gatewayRoutes.getRun, response);
 * if (!answer.ok) throw new Error(`getRun: the gateway's ${answer.problem}`, { cause: answer.cause });
 */
export async function readRouteAnswer(
  route: HttpRoute,
  answer: AnswerBody,
  parse: AnswerParse = parseAtOnce,
): Promise<RouteAnswerReading> {
  if (route.response === null) {
    await answer.body?.cancel();
    return { ok: true, value: undefined };
  }
  let json: unknown;
  try {
    json = await answer.json();
  } catch (error) {
    return { ok: false, problem: "answer is not JSON", cause: error };
  }
  const parsed = await parse(route.response, json);
  if (!parsed.success)
    return { ok: false, problem: "answer does not match the protocol", cause: parsed.error };
  return { ok: true, value: parsed.data };
}
