// The analytics domain's module: the progress page reads what other domains keep; nothing of its own is stored yet.
import { defineDomain } from "../domain/index.js";

export const analyticsDomain = defineDomain({ name: "analytics" });
