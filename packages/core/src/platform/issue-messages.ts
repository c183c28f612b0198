// Plain words for a schema's checks, shared by the schema zod of core and the config's mini zod.

/**
 * Plain words for the checks every schema makes, shown next to a form's field: "Use at most 80 characters", not
 * "Too big: expected string to have <=80 characters". A message a schema gives itself still wins.
 */
export function plainIssueMessage(issue: {
  code?: string;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  format?: string;
  input?: unknown;
}): string | undefined {
  const n = Number(issue.minimum ?? issue.maximum);
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null ? "Fill this in." : "This is not a valid value.";
    case "too_small":
      if (issue.origin === "string") return n <= 1 ? "Fill this in." : `Use at least ${n} characters.`;
      if (issue.origin === "array" || issue.origin === "set")
        return n <= 1 ? "Choose at least one." : `Choose at least ${n}.`;
      return `Use ${n} or more.`;
    case "too_big":
      if (issue.origin === "string") return `Use at most ${n} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose at most ${n}.`;
      return `Use ${n} or less.`;
    case "invalid_format":
      if (issue.format === "date") return "Use a date like 2026-06-01.";
      if (issue.format === "email") return "Enter an email address like name@example.com.";
      if (issue.format === "datetime") return "Use a date and time like 2026-06-01T18:00:00Z.";
      return "This is not in the expected format.";
    case "invalid_value":
      return "Choose one of the options.";
    default:
      return undefined;
  }
}
