// The typed API client: openapi-fetch over the generated schema, the access token in memory, silent refresh on 401.
import createClient from "openapi-fetch";
import { ApiError, apiErrorFrom, networkError } from "./errors";
import type { components, paths } from "./schema.gen";

export type Schemas = components["schemas"];

/** Same origin locally (the local runtime serves the API and the app on one port); VITE_API_URL in the cloud. */
export const API_BASE = (import.meta.env.VITE_API_URL ?? "").replace(/\/$/, "") || window.location.origin;

// The access token lives only in this module's memory: never in storage, so a script injected into the page later
// cannot read a stored one, and a reload starts from the httpOnly refresh cookie.
let accessToken: string | null = null;
const tokenListeners = new Set<(token: string | null) => void>();

export function getAccessToken() {
  return accessToken;
}

export function setAccessToken(token: string | null) {
  if (token === accessToken) return;
  accessToken = token;
  for (const listener of tokenListeners) listener(token);
}

export function onAccessTokenChange(listener: (token: string | null) => void) {
  tokenListeners.add(listener);
  return () => void tokenListeners.delete(listener);
}

// Calls made while signed out, or that sign in: a 401 there is an answer, not an expired token.
const NO_REFRESH = /\/v1\/auth\/(login|signup|refresh|logout|verify-email|password\/|dev-login|oauth\/)/;

let refreshing: Promise<boolean> | null = null;

/** The Web Lock every tab of the app takes to refresh, so tabs refresh one after another, never at once. */
export const REFRESH_LOCK = "pactly.refresh";

function postRefresh(): Promise<boolean> {
  return fetch(`${API_BASE}/v1/auth/refresh`, { method: "POST", credentials: "include" }).then(async (response) => {
    const body = (await response.json().catch(() => null)) as { accessToken?: string } | null;
    setAccessToken(response.ok && body?.accessToken ? body.accessToken : null);
    return accessToken !== null;
  });
}

/**
 * Trades the refresh cookie for a new access token. Concurrent callers share one request, and tabs take turns
 * through a Web Lock: the server rotates the cookie on every use and treats a rotated one presented after a few
 * seconds' grace as theft, so parallel refreshes could sign the user out. A tab that waited sends the cookie the
 * previous tab's refresh left in the jar.
 */
export function refreshAccessToken(): Promise<boolean> {
  if (refreshing) return refreshing;
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  // The lock resolves with what the callback resolves with (the DOM types nest the promise).
  const turn = locks ? locks.request(REFRESH_LOCK, postRefresh).then((ok) => ok) : postRefresh();
  const shared = turn
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  refreshing = shared;
  return shared;
}

async function authorizedFetch(request: Request): Promise<Response> {
  const retry = NO_REFRESH.test(request.url) ? null : request.clone();
  const send = (r: Request) => {
    if (accessToken) r.headers.set("Authorization", `Bearer ${accessToken}`);
    return fetch(r);
  };
  const response = await send(request);
  if (response.status !== 401 || !retry) return response;
  // The access token expired (15 min): refresh once and replay; a failed refresh means the session is over.
  if (!(await refreshAccessToken())) return response;
  return send(retry);
}

export const api = createClient<paths>({ baseUrl: API_BASE, credentials: "include", fetch: authorizedFetch });

type Result = { data?: unknown; error?: unknown; response: Response };

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError carrying the message and request id. */
export async function unwrap<R extends Result>(call: Promise<R>): Promise<NonNullable<R["data"]>> {
  let result: R;
  try {
    result = await call;
  } catch (e) {
    // A body that is not JSON (a proxy's error page, a half-deployed API) is not a connection problem.
    if (e instanceof SyntaxError)
      throw new ApiError(502, "response.unreadable", "The server sent an answer we could not read.", null);
    throw networkError();
  }
  if (!result.response.ok) {
    const error = apiErrorFrom(result.response, result.error);
    if (error.code === "account.suspended") for (const listener of suspendedListeners) listener();
    throw error;
  }
  return result.data as NonNullable<R["data"]>;
}

// Told when a write was refused because the account is suspended, so the app can show the suspension everywhere.
const suspendedListeners = new Set<() => void>();

export function onAccountSuspended(listener: () => void) {
  suspendedListeners.add(listener);
  return () => void suspendedListeners.delete(listener);
}
