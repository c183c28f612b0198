// The one place where errors become the API's error body: {"error":{code,message,details?,timestamp,requestId}}.
import { AppError, type ErrorStatus } from "@pactly/core/platform/errors";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import type { AppEnv } from "./env.js";

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; timestamp: string; requestId: string };
}

export function errorResponse(
  c: Context<AppEnv>,
  status: ErrorStatus,
  code: string,
  message: string,
  details?: Record<string, unknown>,
  retryAfter?: number,
) {
  const body: ErrorBody = {
    error: {
      code,
      message,
      ...(details ? { details } : {}),
      timestamp: new Date().toISOString(),
      requestId: c.get("requestId") ?? "unknown",
    },
  };
  if (retryAfter !== undefined) c.header("Retry-After", String(retryAfter));
  return c.json(body, status);
}

export const zodDetails = (e: ZodError) => ({
  issues: e.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code })),
});

/** By shape, so this module does not load zod (the API's init stays small). */
const isZodError = (e: Error): e is ZodError => e.name === "ZodError" && Array.isArray((e as ZodError).issues);

export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) {
    if (err.status >= 500) c.get("log")?.error("request failed", { code: err.code, error: err.cause ?? err });
    return errorResponse(c, err.status, err.code, err.message, err.details, err.retryAfter);
  }
  if (isZodError(err)) {
    return errorResponse(c, 400, "validation.failed", "The request is not valid.", zodDetails(err));
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 413) return errorResponse(c, 413, "request.too_large", "The request body is too large.");
    if (status === 400 && /json/i.test(err.message)) {
      return errorResponse(c, 400, "request.invalid_json", "The request body is not valid JSON.");
    }
    if ([400, 401, 403, 404, 409, 415, 429].includes(status)) {
      return errorResponse(c, status as ErrorStatus, `http.${status}`, err.message || "The request was refused.");
    }
  }
  c.get("log")?.error("unhandled error", { error: err });
  return errorResponse(c, 500, "internal.error", "Something went wrong on our side. Please try again.");
}

export const notFoundHandler = (c: Context<AppEnv>) =>
  errorResponse(c, 404, "route.not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`);
