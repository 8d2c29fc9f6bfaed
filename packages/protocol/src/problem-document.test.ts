import { describe, expect, it } from "vitest";
import { parseProblemDocument } from "./problem-document.ts";

describe("parseProblemDocument", () => {
  it("reads a problem document with its stable code and field problems", () => {
    const text = JSON.stringify({
      type: "https://multiclaw.dev/errors/validation-failed",
      title: "The request did not pass validation",
      status: 400,
      code: "VALIDATION_FAILED",
      retryable: false,
      errors: [{ path: "body.text", message: "Too small" }],
    });
    expect(parseProblemDocument(text)).toMatchObject({
      code: "VALIDATION_FAILED",
      errors: [{ path: "body.text", message: "Too small" }],
    });
  });

  it("answers undefined for text, other JSON and codes outside the error table", () => {
    const foreignCode = { type: "x", title: "x", status: 500, code: "SEGFAULT", retryable: true };
    for (const text of ["<html>Bad Gateway</html>", "", '{"error":"nope"}', JSON.stringify(foreignCode)]) {
      expect(parseProblemDocument(text), text).toBeUndefined();
    }
  });
});
