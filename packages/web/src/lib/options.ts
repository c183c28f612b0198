// Choices shown to learners, with the words that explain them (the API takes the ids).

export const EXPERIENCE_LEVELS = [
  { value: "beginner", label: "Beginner", description: "New to this, or starting again after a long break." },
  { value: "intermediate", label: "Intermediate", description: "Some practice already; looking for consistency." },
  { value: "advanced", label: "Advanced", description: "Experienced, here for accountability and depth." },
] as const;

export const COLLABORATION_STYLES = [
  { value: "structured", label: "Structured", description: "Agenda first, time-boxed, clear roles." },
  { value: "flexible", label: "Flexible", description: "A loose plan that follows where the pod wants to go." },
  { value: "social", label: "Social", description: "Talking things through; energy from the group." },
  { value: "quiet", label: "Quiet", description: "Focused co-working, camera on, little chatter." },
] as const;

export type ExperienceLevel = (typeof EXPERIENCE_LEVELS)[number]["value"];
export type CollaborationStyle = (typeof COLLABORATION_STYLES)[number]["value"];

export const LANGUAGES = [
  { value: "en", label: "English" },
  { value: "es", label: "Español" },
  { value: "fr", label: "Français" },
  { value: "de", label: "Deutsch" },
  { value: "pt", label: "Português" },
  { value: "it", label: "Italiano" },
  { value: "nl", label: "Nederlands" },
  { value: "pl", label: "Polski" },
  { value: "ja", label: "日本語" },
] as const;

/**
 * Old IANA names that browsers (through ICU) still report, and the names the IANA database uses for them today:
 * a learner in Kolkata reads `Asia/Kolkata`, not `Asia/Calcutta`.
 */
const RENAMED_ZONES: Record<string, string> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Mendoza": "America/Argentina/Mendoza",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Louisville": "America/Kentucky/Louisville",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Dacca": "Asia/Dhaka",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Asia/Thimbu": "Asia/Thimphu",
  "Asia/Ujung_Pandang": "Asia/Makassar",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** A timezone under its current IANA name. */
export const canonicalTimezone = (zone: string) => RENAMED_ZONES[zone] ?? zone;

/** The browser's timezone under its current IANA name, or UTC when it cannot tell. */
export function detectTimezone(): string {
  try {
    return canonicalTimezone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  } catch {
    return "UTC";
  }
}

export function allTimezones(current?: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];
  const list = new Set(["UTC", ...zones.map(canonicalTimezone)]);
  if (current) list.add(current);
  return [...list].sort();
}

/** The browser's language as one of ours (primary subtag), English otherwise. */
export function detectLanguage(): string {
  const primary = (navigator.language || "en").split("-")[0]?.toLowerCase();
  return LANGUAGES.some((l) => l.value === primary) ? primary! : "en";
}

export const labelOf = <T extends { value: string; label: string }>(
  list: readonly T[],
  value: string | null | undefined,
) => list.find((o) => o.value === value)?.label ?? "Not set";

/** "Español" for "es" or "es-ES"; the code itself for a language we have no name for. */
export const languageName = (code: string) => {
  const primary = code.split("-")[0]!.toLowerCase();
  return LANGUAGES.find((l) => l.value === primary)?.label ?? code;
};

/** The languages (primary subtags) a sprint runs in, from its catalog entry. */
export const sprintLanguages = (sprint: { locales: string[] }) => [
  ...new Set(sprint.locales.map((l) => l.split("-")[0]!.toLowerCase())),
];

/** "English", "English or Español", "English, Español or Français". */
export const languageList = (codes: string[]) => {
  const names = codes.map(languageName);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
};
