// The content domain's module: the question bank and lessons every track's tutor teaches from.
import { defineDomain } from "../domain/index.js";

export const contentDomain = defineDomain({ name: "content" });
