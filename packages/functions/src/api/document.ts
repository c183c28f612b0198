// Completes the generated OpenAPI document where every operation answers alike: an operationId, a description,
// the 401 of a signed-in route, the 405 of a method a path does not have, and the 500 any route may give.
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  responses?: Record<string, unknown>;
};
type Document = { paths?: object };

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** `get /pods/{id}/sessions` → `getPodsIdSessions`: stable, readable, unique once the method is in it. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  return `${method.toLowerCase()}${words.join("")}`;
}

export function completeDocument<D extends Document>(doc: D): D {
  const taken = new Set<string>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Operation>>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      let id = op.operationId ?? operationIdOf(method, path.replace(/^\/v1/, ""));
      for (let n = 2; taken.has(id); n++) id = `${id}${n}`;
      taken.add(id);
      op.operationId = id;
      op.description ??= op.summary ?? "";
      op.tags ??= ["Platform"];
      op.responses ??= {};
      const responses = op.responses;
      if (op.security?.length && !responses["401"]) {
        responses["401"] = errorResponse("Not signed in, or the token is invalid");
      }
      responses["405"] ??= errorResponse("The path does not take this method (see Allow)");
      responses["500"] ??= errorResponse("Something failed on our side; the request id helps us find it");
    }
  }
  return doc;
}
