// The tutor's words for its modes, question kinds and the reasons it steps in.
import type { Schemas } from "../../api/client";

export const MODE_LABELS: Record<Schemas["LearningSession"]["mode"], string> = {
  diagnostic: "Diagnostic",
  practice: "Practice",
};

export const KIND_LABELS: Record<Schemas["LearnerQuestion"]["kind"], string> = {
  multiple_choice: "Multiple choice",
  short_answer: "Short answer",
  code: "Code exercise",
};

export const MOMENT_REASONS: Record<NonNullable<Schemas["TutorEvent"]["reason"]>, string> = {
  repeated_wrong: "A few tries have not landed yet.",
  idle: "You have been on this one for a while.",
  frustration: "This one sounds frustrating.",
  hint_burst: "Several hints in a row: time for a different angle.",
};

export const percentOf = (x: number) => `${Math.round(x * 100)}%`;
