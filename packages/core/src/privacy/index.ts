// Privacy's public face: export, erasure (with each listed domain's step), the personal-data queries, retention.

export { type ErasureReport, eraseUser, FORMER_MEMBER_NAME } from "./erasure.js";
export {
  buildExport,
  EXPORT_FORMAT,
  EXPORT_LINK_SECONDS,
  type ExportDocument,
  type ExportedRecord,
  requestExport,
  runExport,
} from "./export.js";
export { findUserRecords, PERSONAL_DATA_QUERIES, userBlobPrefix } from "./locate.js";
export { traceExpiry } from "./retention.js";
