// Content's public face: the question bank and lessons, their versions, and what learners may see of them.

export {
  archive,
  getHead,
  getPublished,
  getPublishedLesson,
  getPublishedQuestion,
  getVersion,
  learnerLesson,
  learnerQuestion,
  listHeads,
  listPublished,
  listPublishedLessons,
  listPublishedQuestions,
  listVersions,
  publish,
  sameBody,
  saveDraft,
} from "./content.js";
export * from "./model.js";
export { checkPack, exportPack, importPack, type PackProblem, type PackReport } from "./packs.js";
export type { ContentHeadItem, ContentKind } from "./records.js";
export { nearestLesson, rebuildVectorIndex, type SearchHit, searchContent, vectorIndexKey } from "./search.js";
