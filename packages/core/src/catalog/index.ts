export {
  CATALOG_CACHE_MS,
  forgetCatalog,
  getSprintType,
  listSprintTypes,
  saveSprintType,
  seedCatalog,
} from "./catalog.js";
export * from "./model.js";
