import { type ErrorCode, errorCodes } from "@multiclaw/protocol";

/**
 * What the skill library refuses on purpose, with a stable code the local API answers as is: SKILL_INVALID (a
 * broken SKILL.md or file path, naming the file and the problem), SKILL_TOO_LARGE, NOT_FOUND, CONFLICT.
 */
export class SkillError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "SkillError";
    this.code = code;
  }

  get retryable(): boolean {
    return errorCodes[this.code].retryable;
  }
}
