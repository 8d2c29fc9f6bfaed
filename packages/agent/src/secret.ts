import { inspect } from "node:util";

/*
 * Provider keys live in the gateway's memory only. A Secret keeps its value out of every accidental path to
 * the outside: JSON.stringify, string templates, util.inspect (and so console and pino), structuredClone and
 * postMessage all see a redaction or fail. The one way to read it is `reveal()`, called where the key is
 * handed to the provider's client, so a search for reveal( finds every use.
 */

const REDACTED = "[secret]";
const values = new WeakMap<Secret, string>();

export class Secret {
  constructor(value: string) {
    if (value.length === 0) throw new TypeError("a secret cannot be empty");
    values.set(this, value);
    Object.freeze(this);
  }

  /** The value, for the one call that needs it. Never log or store what this returns. */
  reveal(): string {
    const value = values.get(this);
    if (value === undefined) throw new TypeError("not a Secret");
    return value;
  }

  /** Constant-shape comparison for "did the key change?" without exposing either value. */
  equals(other: Secret | undefined): boolean {
    return other !== undefined && other.reveal() === this.reveal();
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Every literal secret value in `text` replaced, for the rare message that may have echoed one (an error body). */
export function redactSecrets(text: string, secrets: Iterable<Secret>): string {
  let result = text;
  for (const secret of secrets) {
    const value = secret.reveal();
    if (value.length >= 4) result = result.split(value).join(REDACTED);
  }
  return result;
}
