// The tutor domain's module. Its traces live in the learner's partition, so export and erasure reach them without
// a step of their own, and they expire with the privacy TTL.
import { defineDomain } from "../domain/index.js";

export const tutorDomain = defineDomain({ name: "tutor" });
