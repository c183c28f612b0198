// Auth's public face: password and provider sign-in, token issue/verification/rotation, dev sign-in, sign-in methods.
import type { Platform } from "../platform/index.js";
import type { SignInMethods } from "./model.js";
import { configuredProviders } from "./oauth/providers.js";
import { devSignInEnabled } from "./sessions.js";

export { ACCESS_TOKEN_SECONDS, ACCESS_TOKEN_TYP, issueAccessToken, verifyAccessToken } from "./access-tokens.js";
export { changePassword, confirmEmailChange, requestEmailChange } from "./account-changes.js";
export { devLogIn } from "./dev-login.js";
export { EMAIL_TOKEN_SECONDS } from "./email-tokens.js";
export * from "./model.js";
export { finishOAuth, linkIdentity, OAUTH_STATE_SECONDS, startOAuth } from "./oauth/flow.js";
export {
  callbackUrl,
  configuredProviders,
  type ExternalIdentity,
  type OAuthDeps,
  type OAuthProvider,
  PROVIDER_IDS,
  type ProviderId,
} from "./oauth/providers.js";
export {
  forgotPassword,
  logIn,
  loginLimits,
  MAIL_LIMITS,
  type RequestOrigin,
  resendVerification,
  resetPassword,
  signUp,
  verifyEmail,
} from "./password-auth.js";
export { hashPassword, PASSWORD_RULES, verifyPassword } from "./passwords.js";
export {
  FAMILY_LIFETIME_SECONDS,
  REFRESH_GRACE_SECONDS,
  REFRESH_TOKEN_SECONDS,
  type RefreshGrant,
  revokeAllFamilies,
  rotateRefreshToken,
} from "./refresh-tokens.js";
export {
  assertDevSignIn,
  authenticate,
  devSignInEnabled,
  REAUTH_WINDOW_SECONDS,
  refreshSession,
  requireRecentSignIn,
  type SessionTokens,
  signIn,
  signOut,
} from "./sessions.js";
export { ALLOWED_ALGORITHMS, signingKeys } from "./signing-keys.js";

/** What the sign-in page offers: password, dev sign-in when local, and each configured provider. */
export function signInMethods(p: Platform): SignInMethods {
  const base = p.config.apiUrl.replace(/\/$/, "");
  return {
    password: true,
    dev: devSignInEnabled(p),
    providers: configuredProviders(p).map((x) => ({
      id: x.id,
      name: x.name,
      startUrl: `${base}/v1/auth/oauth/${x.id}/start`,
    })),
  };
}
