// Access tokens: 15-minute JWTs signed with the asymmetric key; verification checks alg, kid, typ, iss, aud, exp.
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Role } from "../access/index.js";
import { epochSeconds, type Platform, unauthorized } from "../platform/index.js";
import { ALLOWED_ALGORITHMS, signingKeys } from "./signing-keys.js";

export const ACCESS_TOKEN_SECONDS = 15 * 60;
/** RFC 9068: the media type of JWT access tokens, so an ID token or another JWT cannot pass for one. */
export const ACCESS_TOKEN_TYP = "at+jwt";

export interface AccessClaims {
  userId: string;
  role: Role;
  /** The refresh family (sign-in) the token belongs to: revoking it ends the token too. */
  sessionId: string;
}

export const issuerOf = (p: Platform) => p.config.jwtIssuer ?? p.config.apiUrl;

export async function issueAccessToken(
  p: Platform,
  claims: AccessClaims,
): Promise<{ token: string; expiresIn: number; expiresAt: string }> {
  const keys = await signingKeys(p);
  const now = p.clock.now();
  const iat = epochSeconds(now);
  const token = await new SignJWT({ role: claims.role, sid: claims.sessionId })
    .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: ACCESS_TOKEN_TYP })
    .setSubject(claims.userId)
    .setIssuer(issuerOf(p))
    .setAudience(p.config.jwtAudience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
    .setJti(p.ids.next())
    .sign(keys.privateKey);
  return {
    token,
    expiresIn: ACCESS_TOKEN_SECONDS,
    expiresAt: new Date((iat + ACCESS_TOKEN_SECONDS) * 1000).toISOString(),
  };
}

/**
 * Checks a bearer token and returns its claims. Any failure is a 401: `auth.token_expired` for an expired
 * token (the client refreshes), `auth.invalid_token` for everything else, without saying which check failed.
 */
export async function verifyAccessToken(p: Platform, token: string): Promise<AccessClaims> {
  const keys = await signingKeys(p);
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? keys.verification.get(header.kid) : undefined;
        // An unknown kid or a kid used with another algorithm than its key's is not ours.
        if (!key || key.alg !== header.alg) throw new joseErrors.JWKSNoMatchingKey();
        return key.key;
      },
      {
        algorithms: [...ALLOWED_ALGORITHMS],
        issuer: issuerOf(p),
        audience: p.config.jwtAudience,
        typ: ACCESS_TOKEN_TYP,
        currentDate: p.clock.now(),
        requiredClaims: ["sub", "exp", "iat", "sid"],
      },
    );
    const role = payload.role;
    if (
      typeof payload.sub !== "string" ||
      typeof payload.sid !== "string" ||
      (role !== "learner" && role !== "admin")
    ) {
      throw new joseErrors.JWTClaimValidationFailed("unexpected claims", payload);
    }
    return { userId: payload.sub, role, sessionId: payload.sid };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw unauthorized("auth.token_expired", "The access token has expired.");
    if (e instanceof joseErrors.JOSEError) throw unauthorized("auth.invalid_token", "The access token is not valid.");
    throw e;
  }
}
