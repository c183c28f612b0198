// The words a learner reads when a form field fails a schema's check.
import { describe, expect, it } from "vitest";
import { z } from "./schema.js";

const messageOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected a failure");
  return result.error.issues[0]!.message;
};

describe("plain messages for schema checks", () => {
  it("speaks of characters, dates and choices, not of types", () => {
    expect(messageOf(z.string().trim().min(1).max(80), "   ")).toBe("Fill this in.");
    expect(messageOf(z.string().max(80), "x".repeat(81))).toBe("Use at most 80 characters.");
    expect(messageOf(z.string().min(12), "short")).toBe("Use at least 12 characters.");
    expect(messageOf(z.iso.date(), "June 1st")).toBe("Use a date like 2026-06-01.");
    expect(messageOf(z.object({ name: z.string() }), {})).toBe("Fill this in.");
    expect(messageOf(z.enum(["a", "b"]), "c")).toBe("Choose one of the options.");
    expect(messageOf(z.number().int().min(1).max(7), 9)).toBe("Use 7 or less.");
  });

  it("keeps a message the schema gives itself", () => {
    expect(messageOf(z.string().regex(/^\d\d:\d\d$/, "HH:MM, 00:00 to 23:59"), "7pm")).toBe("HH:MM, 00:00 to 23:59");
  });
});
