// Goal schemas: what a learner commits to in a sprint, with their weekly schedule, proof method, dates and status.
import { z } from "../platform/schema.js";

export const GoalStatus = z.enum(["draft", "active", "paused", "completed", "abandoned"]);
export type GoalStatus = z.infer<typeof GoalStatus>;

export const ProofMethod = z.enum(["workout_log", "photo", "prompt_artifact", "code_artifact", "note"]);
export type ProofMethod = z.infer<typeof ProofMethod>;

const TimeOfDay = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 00:00 to 23:59");

/** One weekly session in the learner's timezone: ISO weekday (1 = Monday), local start time, length. */
export const WeeklySlot = z
  .object({
    weekday: z.number().int().min(1).max(7),
    time: TimeOfDay,
    durationMinutes: z.number().int().min(15).max(240).default(60),
  })
  .openapi("WeeklySlot");
export type WeeklySlot = z.infer<typeof WeeklySlot>;

export const Schedule = z
  .object({
    /** IANA timezone the slots are read in, e.g. "Europe/London". */
    timezone: z.string().min(1).max(64),
    /** How often the learner works on the goal; the default slots give one time for each session of a week. */
    frequency: z.object({ sessionsPerWeek: z.number().int().min(1).max(14) }),
    defaultSlots: z.array(WeeklySlot).min(1).max(14),
    /** Where a missed session moves to. */
    // A union rather than .nullable(): the OpenAPI document then says "a WeeklySlot or null" (anyOf), not an allOf no null passes.
    backupSlot: z.union([WeeklySlot, z.null()]).default(null),
  })
  .openapi("Schedule");
export type Schedule = z.infer<typeof Schedule>;
export type ScheduleInput = z.input<typeof Schedule>;

const IsoDate = z.iso.date().max(10);

/**
 * The pod the learner has accepted a place in for the goal's sprint: its weekly slots replace the goal's own
 * preferred days, which were a preference matching weighed.
 */
export const GoalPod = z
  .object({
    podId: z.string(),
    status: z.enum(["forming", "active"]),
    /** The pod's weekly sessions on the clock of the goal's schedule timezone, by weekday. */
    slots: z.array(WeeklySlot),
    /** Each session's meeting time in that timezone, e.g. "Mondays 18:00–18:30", in the order of `slots`. */
    meetingTimes: z.array(z.string()),
    /** When the sprint ends, once the pod is active: the date its emails give. */
    endsAt: z.string().nullable(),
  })
  .openapi("GoalPod");
export type GoalPod = z.infer<typeof GoalPod>;

export const Goal = z
  .object({
    id: z.string(),
    userId: z.string(),
    sprintType: z.string(),
    title: z.string(),
    description: z.string(),
    schedule: Schedule,
    proofMethod: ProofMethod,
    startDate: IsoDate,
    endDate: IsoDate,
    status: GoalStatus,
    createdAt: z.string(),
    updatedAt: z.string(),
    /** Asked for with `include=pod`: the learner's pod for this sprint, or null while they have none. */
    pod: GoalPod.nullable().optional(),
  })
  .openapi("Goal");
export type Goal = z.infer<typeof Goal>;

const Title = z.string().trim().min(1).max(120);
const Description = z.string().trim().max(2000);

export const GoalInput = z
  .object({
    sprintType: z.string().min(1).max(40),
    title: Title,
    description: Description.default(""),
    schedule: Schedule,
    proofMethod: ProofMethod,
    startDate: IsoDate,
    /** Left out: the start date plus the sprint's duration. */
    endDate: IsoDate.optional(),
    /** A goal starts as a draft or straight away; the other statuses are reached by changing it. */
    status: z.enum(["draft", "active"]).default("active"),
  })
  .strict()
  .openapi("GoalInput");
export type GoalInput = z.input<typeof GoalInput>;

export const GoalPatch = z
  .object({
    title: Title.optional(),
    description: Description.optional(),
    schedule: Schedule.optional(),
    proofMethod: ProofMethod.optional(),
    startDate: IsoDate.optional(),
    endDate: IsoDate.optional(),
    status: GoalStatus.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: "nothing to change" })
  .openapi("GoalPatch");
export type GoalPatch = z.input<typeof GoalPatch>;
