// Sessions in the browser: which to show first, how long until the next, and what may be uploaded as proof.

/** Sessions to come first (soonest first), then past and cancelled ones (latest first). */
export function upcomingFirst<S extends { status: string; startsAt: string; endsAt: string }>(items: S[], now: number) {
  const ahead = (s: S) => s.status !== "cancelled" && s.status !== "completed" && Date.parse(s.endsAt) > now;
  const next = items.filter(ahead).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = items.filter((s) => !ahead(s)).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return [...next, ...past];
}

/** "in 2 days 3 h", "in 45 min", or "now" once it has started. */
export function countdown(startsAt: string, now: number): string {
  const minutes = Math.ceil((Date.parse(startsAt) - now) / 60_000);
  if (minutes <= 0) return "now";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `in ${days} day${days === 1 ? "" : "s"}${hours ? ` ${hours} h` : ""}`;
  if (hours > 0) return `in ${hours} h${mins ? ` ${mins} min` : ""}`;
  return `in ${mins} min`;
}

/** What a proof of effort may be, checked in the browser before asking to upload (the signed policy enforces it). */
export const PROOF_TYPES = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/heic",
  "image/gif",
  "application/pdf",
  "text/plain",
] as const;
export const PROOF_MAX_BYTES = 10 * 1024 * 1024;

/** Why a file cannot be proof of effort, in plain words, or null when it can. */
export function proofProblem(file: { type: string; size: number }): string | null {
  if (!(PROOF_TYPES as readonly string[]).includes(file.type))
    return "Proof must be a photo (JPEG, PNG, WebP, HEIC, GIF), a PDF or a text file.";
  if (file.size === 0) return "That file is empty.";
  if (file.size > PROOF_MAX_BYTES) return "Proof can be at most 10 MB.";
  return null;
}

/**
 * The UTC instant of a wall-clock time (`YYYY-MM-DDTHH:mm`, as a datetime-local field gives it) on the clock of
 * `timeZone`, which may not be the browser's. A time that does not exist there (skipped by DST) moves forward.
 */
export function zonedToUtc(local: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new Error(`Not a local date and time: ${local}`);
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (t: number) => {
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(new Date(t))
      .reduce<Record<string, number>>((acc, p) => {
        acc[p.type] = Number(p.value);
        return acc;
      }, {});
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!) - t;
  };
  // Two rounds settle the offset next to a DST change; a time that does not exist there has no exact match.
  const first = wanted - offsetAt(wanted);
  const second = wanted - offsetAt(first);
  for (const t of [second, first]) if (t + offsetAt(t) === wanted) return new Date(t);
  return new Date(Math.max(first, second));
}

/** `YYYY-MM-DDTHH:mm` of an instant on the clock of `timeZone`: a datetime-local field's value. */
export function utcToZonedInput(iso: string, timeZone: string): string {
  const p = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  })
    .formatToParts(new Date(iso))
    .reduce<Record<string, string>>((acc, x) => {
      acc[x.type] = x.value;
      return acc;
    }, {});
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
