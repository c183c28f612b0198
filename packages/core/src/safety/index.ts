// Safety's public face: reports and the moderation queue, decisions and the suspensions they cause, appeals, the
// append-only audit log, and the content filter's hand-over of borderline text.
export { decideAppeal, fileAppeal, listAppeals, myModeration } from "./appeals.js";
export { listAudit } from "./audit.js";
export { flagContent } from "./flags.js";
export * from "./model.js";
export {
  type ContentFlag,
  decideReport,
  fileReport,
  getReport,
  listReports,
  reconcileSuspension,
  suspensionFromStrikes,
} from "./reports.js";
