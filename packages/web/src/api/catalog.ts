// The sprint catalog, read once per page load (it changes with releases, not with use).
import { api, type Schemas, unwrap } from "./client";

export type SprintType = Schemas["SprintType"];

let catalog: Promise<SprintType[]> | null = null;

export function loadSprintTypes(): Promise<SprintType[]> {
  catalog ??= unwrap(api.GET("/v1/sprint-types"))
    .then((r) => r.items)
    .catch((e) => {
      catalog = null;
      throw e;
    });
  return catalog;
}

export const PROOF_METHODS: Record<SprintType["proofMethods"][number], string> = {
  workout_log: "Workout log",
  photo: "Photo",
  prompt_artifact: "Prompts you wrote",
  code_artifact: "Code you wrote",
  note: "A short note",
};
