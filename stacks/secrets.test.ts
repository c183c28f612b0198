// The sender address each stage's functions use.
import { describe, expect, it } from "vitest";
import { mailFromFor } from "./secrets.js";

describe("mailFromFor", () => {
  it("uses PACTLY_MAIL_FROM when the stage sets it", () => {
    const from = "Pactly <hello@mail.pactly.app>";
    expect(mailFromFor("prod", { PACTLY_MAIL_FROM: from })).toBe(from);
    expect(mailFromFor("alice", { PACTLY_MAIL_FROM: ` ${from} ` })).toBe(from);
  });

  it("names the stage in the default sender of other stages", () => {
    expect(mailFromFor("alice", {})).toBe("Pactly alice <no-reply@pactly.app>");
  });

  it("refuses to deploy production without a sender", () => {
    expect(() => mailFromFor("prod", { PACTLY_MAIL_FROM: " " })).toThrow(/PACTLY_MAIL_FROM/);
  });
});
