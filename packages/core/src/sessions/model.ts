// Sessions' shapes: a pod's meeting, what a member sees of it, check-ins and the inputs that change them.
import { z } from "../platform/schema.js";

export const SessionStatus = z.enum(["scheduled", "active", "completed", "cancelled"]);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** A member's attendance of one session: on time, more than 5 minutes late, or no join by its end. */
export const AttendanceStatus = z.enum(["on_time", "late", "absent"]);
export type AttendanceStatus = z.infer<typeof AttendanceStatus>;

/** Minutes after the start a join still counts as on time. */
export const LATE_AFTER_MINUTES = 5;
/** Sessions an attendance score is taken over. */
export const ATTENDANCE_WINDOW = 20;
/** Reminders before a session, by name, and how long before its start each one goes out. */
export const REMINDERS = { "24h": 24 * 60, "1h": 60 } as const;
export type ReminderKind = keyof typeof REMINDERS | "checkin";
/** After a session ends, the nudge to check in goes out this many minutes later. */
export const CHECKIN_NUDGE_MINUTES = 60;
/** A check-in can be edited this long after it was first written. */
export const CHECKIN_EDIT_HOURS = 48;
/** The earliest a sprint's first session may start after the pod became active (so a 1 h reminder makes sense). */
export const FIRST_SESSION_LEAD_MINUTES = 60;

export const LocalTime = z
  .object({
    timezone: z.string(),
    /** e.g. "Tuesday 3 March, 18:00–19:00". */
    text: z.string(),
    start: z.string().openapi({ description: "Local date and time, ISO without offset" }),
  })
  .openapi("SessionLocalTime");

export const SessionParticipant = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    isYou: z.boolean(),
    timezone: z.string(),
    joinedAt: z.string().nullable(),
    attendance: AttendanceStatus.nullable(),
    checkedIn: z.boolean(),
  })
  .openapi("SessionParticipant");

export const Session = z
  .object({
    id: z.string(),
    podId: z.string(),
    /** 1-based place in the sprint. */
    number: z.number().int(),
    status: SessionStatus,
    startsAt: z.string(),
    endsAt: z.string(),
    durationMinutes: z.number().int(),
    /** The pod's home timezone: the wall time that holds across DST. */
    anchorTimezone: z.string(),
    /** The viewer's local time. */
    local: LocalTime,
    /** Where the session can move to if its time does not work: a time every member can make, or null. */
    backupStartsAt: z.string().nullable(),
    /** Bumped by every reschedule or cancellation (calendar SEQUENCE). */
    sequence: z.number().int(),
    cancelledReason: z.string().nullable(),
    joinUrl: z.string(),
  })
  .openapi("Session");
export type Session = z.infer<typeof Session>;

export const SessionDetails = Session.extend({
  /** The video room (with the viewer's token when rooms are signed). */
  videoUrl: z.string(),
  agenda: z.string().nullable(),
  participants: z.array(SessionParticipant),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  history: z.array(
    z.object({
      at: z.string(),
      by: z.string(),
      change: z.enum(["rescheduled", "cancelled"]),
      from: z.string().nullable(),
      to: z.string().nullable(),
      reason: z.string(),
    }),
  ),
}).openapi("SessionDetails");
export type SessionDetails = z.infer<typeof SessionDetails>;

export const CancelInput = z
  .object({ reason: z.string().trim().min(3).max(500) })
  .strict()
  .openapi("CancelSessionInput");
export type CancelInput = z.infer<typeof CancelInput>;

export const RescheduleInput = z
  .object({
    /** `backup` moves to the session's backup time; otherwise `startsAt` names the new start (UTC ISO). */
    to: z.enum(["backup", "time"]).default("time"),
    startsAt: z.iso.datetime().max(40).optional(),
    reason: z.string().trim().min(3).max(500),
  })
  .strict()
  .refine((r) => r.to === "backup" || r.startsAt !== undefined, {
    message: "startsAt is needed unless moving to the backup time",
    path: ["startsAt"],
  })
  .openapi("RescheduleSessionInput");
export type RescheduleInput = z.input<typeof RescheduleInput>;

export const AddSessionInput = z
  .object({ startsAt: z.iso.datetime().max(40), durationMinutes: z.number().int().min(15).max(240).optional() })
  .strict()
  .openapi("AddSessionInput");
export type AddSessionInput = z.infer<typeof AddSessionInput>;

export const AttendanceScore = z
  .object({ userId: z.string(), sessions: z.number().int(), attended: z.number().int(), score: z.number() })
  .openapi("AttendanceScore");
export type AttendanceScore = z.infer<typeof AttendanceScore>;

export const EndResult = z
  .object({
    session: Session,
    attendance: z.array(z.object({ userId: z.string(), attendance: AttendanceStatus })),
  })
  .openapi("EndSessionResult");

/** Proof of effort kinds a check-in may carry, by content type. */
export const PROOF_CONTENT_TYPES = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/heic",
  "image/gif",
  "application/pdf",
  "text/plain",
] as const;
export const PROOF_MAX_BYTES = 10 * 1024 * 1024;

export const ProofUploadInput = z
  .object({
    sessionId: z.string().min(1).max(64),
    contentType: z.enum(PROOF_CONTENT_TYPES),
    /** What the client means to upload; the signed policy holds it to 10 MB whatever it says. */
    size: z.number().int().min(1).max(PROOF_MAX_BYTES),
  })
  .strict()
  .openapi("ProofUploadInput");
export type ProofUploadInput = z.infer<typeof ProofUploadInput>;

export const ProofUpload = z
  .object({
    url: z.string(),
    method: z.literal("POST"),
    /** Form fields to send before the file, in this order. */
    fields: z.record(z.string(), z.string()),
    key: z.string(),
    maxBytes: z.number().int(),
    expiresAt: z.string(),
  })
  .openapi("ProofUpload");
export type ProofUpload = z.infer<typeof ProofUpload>;

export const CheckInInput = z
  .object({
    attended: z.boolean(),
    rpe: z.number().int().min(1).max(10),
    win: z.string().trim().max(280).default(""),
    tweak: z.string().trim().max(280).default(""),
    /** The key an upload was made to (from POST /v1/uploads/proof). */
    proofKey: z.string().max(300).nullable().optional(),
  })
  .strict()
  .openapi("CheckInInput");
export type CheckInInput = z.input<typeof CheckInInput>;

export const CheckIn = z
  .object({
    sessionId: z.string(),
    userId: z.string(),
    displayName: z.string(),
    isYou: z.boolean(),
    attended: z.boolean(),
    rpe: z.number().int(),
    win: z.string(),
    tweak: z.string(),
    proof: z
      .object({ contentType: z.string(), size: z.number().int(), url: z.string() })
      .nullable()
      .openapi({ description: "A short-lived link to the proof of effort" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    editableUntil: z.string(),
  })
  .openapi("CheckIn");
export type CheckIn = z.infer<typeof CheckIn>;

export const CalendarFeed = z.object({ url: z.string(), createdAt: z.string() }).openapi("CalendarFeed");
export type CalendarFeed = z.infer<typeof CalendarFeed>;
