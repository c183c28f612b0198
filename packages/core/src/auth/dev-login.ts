// Dev sign-in for the local runtime: any email, no password, the account created verified on first use.
import { systemActor } from "../access/index.js";
import { createUser, EmailTakenError, findUserByEmail, getUser, setRole } from "../accounts/index.js";
import type { Platform } from "../platform/index.js";
import type { DevLoginInput } from "./model.js";
import { assertDevSignIn, type SessionTokens, signIn } from "./sessions.js";

export async function devLogIn(p: Platform, input: DevLoginInput): Promise<SessionTokens> {
  assertDevSignIn(p);
  let user = await findUserByEmail(p, input.email);
  if (!user) {
    try {
      user = await createUser(p, {
        email: input.email,
        name: input.name ?? input.email.split("@")[0]!,
        emailVerified: true,
        signInMethod: "dev",
        role: input.role ?? "learner",
      });
    } catch (e) {
      if (!(e instanceof EmailTakenError)) throw e;
      user = (await findUserByEmail(p, input.email))!;
    }
  }
  if (input.role && input.role !== user.role) {
    await setRole(p, systemActor, user.id, input.role);
    user = (await getUser(p, user.id, true))!;
  }
  return signIn(p, user, "dev");
}
