import { CloudError } from "@multiclaw/cloud-client";
import { describe, expect, it } from "vitest";
import { describeJoinError } from "./join-error.ts";

describe("describeJoinError", () => {
  it("says a dead link is dead, and what to do", () => {
    expect(describeJoinError(new CloudError("INVITATION_INVALID", "Ask for a new invitation link"))).toBe(
      "This invitation no longer works: it has expired, was revoked, or was already used. Ask whoever invited you for a new link.",
    );
  });

  it("says the person is in the workspace already", () => {
    expect(describeJoinError(new CloudError("ALREADY_MEMBER"))).toMatch(/^You are already a member/);
  });

  it("calls a refused code a wrong link", () => {
    expect(describeJoinError(new CloudError("VALIDATION_FAILED"))).toMatch(/^This is not an invitation code/);
  });

  it("names both Clouds when the link is another Cloud's", () => {
    const error = new CloudError("INVITATION_INVALID");
    const where = { linkOrigin: "https://other.example", cloudUrl: "http://127.0.0.1:4800/" };
    expect(describeJoinError(error, where)).toBe(
      "This link was made by the Cloud at https://other.example, and you are signed in to http://127.0.0.1:4800: sign in there to join it.",
    );
    expect(describeJoinError(error, { ...where, linkOrigin: "http://127.0.0.1:4800" })).toMatch(
      /no longer works/,
    );
  });

  it("reads any other failure as the Cloud or the gateway words it", () => {
    expect(describeJoinError(new CloudError("UNAVAILABLE", "The Cloud could not be reached"))).toBe(
      "The Cloud could not be reached",
    );
    expect(describeJoinError("nonsense")).toBe("Something went wrong.");
  });
});
