// The auth domain's module: it has no scheduled jobs, queued kinds, erasure step or sections of its own (its records
// live under the user's partition, which export and erasure cover).
import { defineDomain } from "../domain/index.js";

export const authDomain = defineDomain({ name: "auth" });
