export * from "./model.js";
export { listSprintTypes, getSprintType, saveSprintType, seedCatalog } from "./catalog.js";
