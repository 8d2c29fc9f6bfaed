import { describe, expect, it } from "vitest";
import { invitationInputProblems, parseInvitationInput } from "./invitation-input.ts";

const code = "mci_q8Zx3mV0bq1yq6ZbKf2cTnD1p4nq2sXW9eYhWm1c0aA";

describe("parseInvitationInput", () => {
  it("takes the code from the Team screen's link and remembers its Cloud", () => {
    expect(parseInvitationInput(`http://127.0.0.1:4800/join#${code}`)).toEqual({
      kind: "code",
      token: code,
      linkOrigin: "http://127.0.0.1:4800",
    });
  });

  it("takes a code pasted alone", () => {
    expect(parseInvitationInput(code)).toEqual({ kind: "code", token: code, linkOrigin: null });
  });

  it("forgives the wrapping and line breaks that mail and chat add", () => {
    const wrapped = `  <https://cloud.example/join#${code.slice(0, 20)}\n${code.slice(20)}>.  `;
    expect(parseInvitationInput(wrapped)).toEqual({
      kind: "code",
      token: code,
      linkOrigin: "https://cloud.example",
    });
    expect(parseInvitationInput(`"${code}"`)).toMatchObject({ kind: "code", token: code });
  });

  it("reads a code the browser escaped", () => {
    expect(parseInvitationInput(`https://cloud.example/join#${encodeURIComponent(code)}`)).toMatchObject({
      token: code,
    });
  });

  it("names a link copied without its code", () => {
    expect(parseInvitationInput("https://cloud.example/join")).toEqual({ kind: "link-without-code" });
    expect(parseInvitationInput("https://cloud.example/join#")).toEqual({ kind: "link-without-code" });
  });

  it("refuses what is not an invitation", () => {
    for (const text of [
      "hello",
      "ABCD-EFGH",
      "https://example.com/#short",
      "mci_has spaces?!x",
      "ftp://x/join#abc",
    ]) {
      expect(parseInvitationInput(text).kind).toBe("not-an-invitation");
    }
  });

  it("says nothing about an empty field, and why anything else is refused", () => {
    expect(parseInvitationInput("  \n")).toEqual({ kind: "empty" });
    expect(invitationInputProblems.empty).toBeNull();
    expect(invitationInputProblems["link-without-code"]).toMatch(/after the #/);
  });
});
