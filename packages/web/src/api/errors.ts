// What went wrong with an API call, in the API's own words: message, dotted code and the request id to quote.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The problems a 400 lists, each with the dotted path of its field and a message in plain words. */
  issues(): { path: string; message: string }[] {
    const issues = this.details?.issues;
    if (!Array.isArray(issues)) return [];
    return (issues as { path?: unknown; message?: unknown }[])
      .filter((i) => typeof i.message === "string")
      .map((i) => ({ path: typeof i.path === "string" ? i.path : "", message: i.message as string }));
  }

  /** Field-level messages from a 400 refusal, keyed by the field's dotted path. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const i of this.issues()) if (i.path && !out[i.path]) out[i.path] = i.message;
    return out;
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; requestId?: string; details?: Record<string, unknown> };
}

export function apiErrorFrom(response: Response, body: unknown): ApiError {
  const e = (body as ErrorBody | undefined)?.error;
  const requestId = e?.requestId ?? response.headers.get("x-request-id");
  return new ApiError(
    response.status,
    e?.code ?? `http.${response.status}`,
    e?.message ?? (typeof body === "string" && body ? body : `The server answered ${response.status}.`),
    requestId,
    e?.details,
  );
}

export const networkError = () =>
  new ApiError(0, "network.unreachable", "Pactly could not be reached. Check your connection and try again.", null);

/** Any thrown value as an ApiError, so every error notice can show a message (and a request id when there is one). */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof TypeError) return networkError();
  return new ApiError(0, "client.error", e instanceof Error ? e.message : String(e), null);
}
