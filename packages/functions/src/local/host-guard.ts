// DNS rebinding guard of the local runtime: a page on another site that points its own name at 127.0.0.1 reaches
// the port, but its requests name that site in Host; only the runtime's own names are served (/dev/outbox holds
// every sign-in link).
import { randomUUID } from "node:crypto";

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

export function allowedHosts(port: number): Set<string> {
  return new Set([`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
}

/** Answers 421 in the error format to a request whose Host is not one of the runtime's own. */
export function guardHost(fetch: Fetch, port: number): Fetch {
  const hosts = allowedHosts(port);
  return (request, env) => {
    const host = (request.headers.get("host") ?? new URL(request.url).host).toLowerCase();
    if (hosts.has(host)) return fetch(request, env);
    const body = {
      error: {
        code: "request.host_refused",
        message: `This server answers only as ${[...hosts][0]}.`,
        timestamp: new Date().toISOString(),
        requestId: randomUUID(),
      },
    };
    return Response.json(body, { status: 421 });
  };
}
