// The spaced-repetition domain's module. Cards live in the learner's partition, so export and erasure reach them.
import { defineDomain } from "../domain/index.js";

export const srsDomain = defineDomain({ name: "srs" });
