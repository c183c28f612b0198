// Sessions' public face: a pod's meetings, their rooms, lifecycle, reminders, calendar and check-ins.

export { attendanceHistory } from "./attendance.js";
export { calendarFeed, FEED_TOKEN, rotateCalendarFeed, sessionIcs } from "./calendar.js";
export { listCheckIns, requestProofUpload, submitCheckIn } from "./checkins.js";
export {
  advanceDueSessions,
  advanceSession,
  attendanceOf,
  attendanceScore,
  endSession,
  joinSession,
  startSession,
} from "./lifecycle.js";
export * from "./model.js";
export { sendReminder } from "./reminders.js";
export { newRoomName, roomToken, roomUrl, signsRooms } from "./rooms.js";
export { backupFor, canMake, planSprint } from "./schedule.js";
export {
  addSession,
  cancelRemaining,
  cancelSession,
  getSession,
  listPodSessions,
  rescheduleSession,
  scheduleSprint,
  sessionScheduleName,
  sessionsOfPods,
  sessionsStartingBetween,
} from "./sessions.js";
