import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { HttpRoute } from "./http-route.ts";
import { type AnswerBody, readRouteAnswer } from "./route-answer.ts";

const getThing = {
  method: "GET",
  path: "/v1/things/:thingId",
  status: 200,
  response: z.object({ id: z.string(), size: z.coerce.number() }),
} satisfies HttpRoute;

const deleteThing = {
  method: "DELETE",
  path: "/v1/things/:thingId",
  status: 204,
  response: null,
} satisfies HttpRoute;

/** An answer as a fetch `Response` gives it, with its body stream's cancellation recorded. */
function answer(json: () => Promise<unknown>) {
  const seen = { cancelled: false };
  const body: AnswerBody = {
    json,
    body: {
      cancel: async () => {
        seen.cancelled = true;
      },
    },
  };
  return { body, seen };
}

describe("readRouteAnswer", () => {
  it("hands back what the response schema parses to", async () => {
    const { body } = answer(async () => ({ id: "t1", size: "3" }));
    expect(await readRouteAnswer(getThing, body)).toEqual({ ok: true, value: { id: "t1", size: 3 } });
  });

  it("checks the answer with the parse it is given (a page's sliced parse)", async () => {
    const { body } = answer(async () => ({ id: "t1", size: "3" }));
    const seen: unknown[] = [];
    const reading = await readRouteAnswer(getThing, body, async (schema, value) => {
      seen.push(value);
      return schema.safeParse(value);
    });
    expect(reading).toEqual({ ok: true, value: { id: "t1", size: 3 } });
    expect(seen).toEqual([{ id: "t1", size: "3" }]);
  });

  it("reads a route without a body as undefined and releases the stream", async () => {
    const { body, seen } = answer(async () => {
      throw new Error("a 204 has no JSON to read");
    });
    expect(await readRouteAnswer(deleteThing, body)).toEqual({ ok: true, value: undefined });
    expect(seen.cancelled).toBe(true);
  });

  it("says whether an answer is not JSON or not what the protocol promises", async () => {
    const notJson = await readRouteAnswer(getThing, answer(async () => JSON.parse("<html>")).body);
    expect(notJson).toMatchObject({ ok: false, problem: "answer is not JSON" });
    expect(!notJson.ok && notJson.cause).toBeInstanceOf(SyntaxError);

    const offProtocol = await readRouteAnswer(getThing, answer(async () => ({ id: 7 })).body);
    expect(offProtocol).toMatchObject({ ok: false, problem: "answer does not match the protocol" });
    expect(!offProtocol.ok && offProtocol.cause).toBeInstanceOf(z.ZodError);
  });
});
