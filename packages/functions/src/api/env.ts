// The Hono environment shared by every route: request id, request-scoped logger, and the signed-in actor.
import type { Actor } from "@pactly/core/access";
import type { Logger } from "@pactly/core/platform";
import { unauthorized } from "@pactly/core/platform";
import type { Context } from "hono";

export type AppEnv = {
  Variables: {
    requestId: string;
    log: Logger;
    /** Set by the authentication middleware when a valid access token came with the request. */
    actor?: Actor;
    /** The matched route's pattern (`POST /v1/deposits`), told by the route group that served the request. */
    route?: string;
  };
};

/** The signed-in actor, or a 401 in the error format. */
export function requireActor(c: Context<AppEnv>): Actor {
  const actor = c.get("actor");
  if (!actor) throw unauthorized("auth.required", "Sign in to continue.");
  return actor;
}
