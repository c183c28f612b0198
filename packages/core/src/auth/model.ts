// Sign-in schemas: what the auth routes take and give back.
import { DisplayName, Email, Profile } from "../accounts/index.js";
import { z } from "../platform/schema.js";
import { PASSWORD_RULES } from "./passwords.js";

export const Password = z
  .string()
  .min(PASSWORD_RULES.minLength, `At least ${PASSWORD_RULES.minLength} characters.`)
  .max(PASSWORD_RULES.maxLength);

export const SignupInput = z
  .object({ email: Email, password: Password, name: DisplayName, locale: z.string().min(2).max(35).optional() })
  .openapi("SignupInput");
export type SignupInput = z.infer<typeof SignupInput>;

/** Any string is accepted as a password here: a rule change must not stop old passwords from signing in. */
export const LoginInput = z
  .object({ email: Email, password: z.string().min(1).max(PASSWORD_RULES.maxLength) })
  .openapi("LoginInput");
export type LoginInput = z.infer<typeof LoginInput>;

export const TokenInput = z.object({ token: z.string().min(16).max(200) }).openapi("TokenInput");
export const ForgotPasswordInput = z.object({ email: Email }).openapi("ForgotPasswordInput");
export const ResendVerificationInput = z.object({ email: Email }).openapi("ResendVerificationInput");
export const ResetPasswordInput = z
  .object({ token: z.string().min(16).max(200), password: Password })
  .openapi("ResetPasswordInput");

/** `currentPassword` is needed when the account has a password (an account made with a provider has none yet). */
export const ChangePasswordInput = z
  .object({ currentPassword: z.string().min(1).max(PASSWORD_RULES.maxLength).optional(), newPassword: Password })
  .openapi("ChangePasswordInput");
export const ChangeEmailInput = z.object({ email: Email }).openapi("ChangeEmailInput");

export const DevLoginInput = z
  .object({ email: Email, name: DisplayName.optional(), role: z.enum(["learner", "admin"]).optional() })
  .openapi("DevLoginInput");
export type DevLoginInput = z.infer<typeof DevLoginInput>;

export const AccessTokenResponse = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal("Bearer"),
    /** Seconds. */
    expiresIn: z.number().int(),
    expiresAt: z.string(),
    user: Profile,
  })
  .openapi("AccessToken");
export type AccessTokenResponse = z.infer<typeof AccessTokenResponse>;

export const Accepted = z.object({ status: z.string() }).openapi("Accepted");

export const SignInMethods = z
  .object({
    password: z.boolean(),
    /** Local runtime only. */
    dev: z.boolean(),
    providers: z.array(z.object({ id: z.string(), name: z.string(), startUrl: z.string() })),
  })
  .openapi("SignInMethods");
export type SignInMethods = z.infer<typeof SignInMethods>;
