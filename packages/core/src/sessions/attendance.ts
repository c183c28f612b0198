// A learner's attendance of their pods' sessions, as the progress page counts it.
import type { Platform } from "../platform/index.js";
import { type AttendanceItem, AttendanceRecord } from "./records.js";

/** Every session the learner was due at (newest first): how they attended and whether they checked in. */
export async function attendanceHistory(p: Platform, userId: string) {
  const items = await p.store.queryAll<AttendanceItem>(AttendanceRecord.query("latest", { userId }));
  return items.map((a) => ({ startsAt: a.startsAt, status: a.status, checkedIn: a.checkedIn }));
}
