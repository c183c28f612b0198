// Privacy's public face: export, erasure (with hooks for other domains), the personal-data queries, retention.

export {
  type ErasureHook,
  type ErasureReport,
  eraseUser,
  FORMER_MEMBER_NAME,
  registerErasureHook,
  unregisterErasureHook,
} from "./erasure.js";
export {
  buildExport,
  EXPORT_FORMAT,
  EXPORT_JOB_KIND,
  EXPORT_LINK_SECONDS,
  type ExportDocument,
  type ExportedRecord,
  requestExport,
  runExport,
} from "./export.js";
export { findUserRecords, PERSONAL_DATA_QUERIES, userBlobPrefix } from "./locate.js";
export { traceExpiry } from "./retention.js";
