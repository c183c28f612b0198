// Authenticating a request reads one item, the sign-in, and still sees role changes, suspension and logout at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWireCounter, type WireCounter } from "../../../functions/src/local/dynamo-wire-counter.js";
import { systemActor } from "../../src/access/index.js";
import { createUser, profileKey, setRole, setStatus, signInKey } from "../../src/accounts/index.js";
import { authenticate, signIn, signOut } from "../../src/auth/index.js";
import { emulatorEndpoints } from "../helpers/emulators.js";
import { testPlatform } from "../helpers/platform.js";

let wire: WireCounter;
beforeAll(async () => {
  wire = await startWireCounter(emulatorEndpoints().dynamoEndpoint);
});
afterAll(() => wire.stop());

async function signedIn() {
  const t = await testPlatform({ dynamoEndpoint: wire.endpoint });
  const user = await createUser(t.platform, {
    email: "auth@example.com",
    name: "Ada",
    emailVerified: true,
    signInMethod: "password",
  });
  const session = await signIn(t.platform, user, "password");
  return { p: t.platform, tableName: t.tableName, user, session };
}

const requestsTo = (table: string) => wire.requests.filter((r) => r.table === table);

describe("authenticate", () => {
  it("makes one strongly consistent read of the sign-in", async () => {
    const { p, tableName, user, session } = await signedIn();
    wire.reset();
    expect(await authenticate(p, session.accessToken)).toMatchObject({ userId: user.id, role: "learner" });
    expect(requestsTo(tableName).map((r) => r.operation)).toEqual(["GetItem"]);
  });

  it("applies a granted and a withdrawn admin role on the next request, on every sign-in", async () => {
    const { p, user, session } = await signedIn();
    const phone = await signIn(p, user, "password");
    await setRole(p, systemActor, user.id, "admin");
    expect(await authenticate(p, session.accessToken)).toMatchObject({ userId: user.id, role: "admin" });
    expect(await authenticate(p, phone.accessToken)).toMatchObject({ userId: user.id, role: "admin" });
    await setRole(p, systemActor, user.id, "learner");
    expect(await authenticate(p, phone.accessToken)).toMatchObject({ userId: user.id, role: "learner" });
  });

  it("marks a suspended account at once, and not once reinstated", async () => {
    const { p, user, session } = await signedIn();
    await setStatus(p, systemActor, user.id, "suspended");
    // The API refuses its writes (account.suspended); reading, appealing and erasure stay open.
    expect(await authenticate(p, session.accessToken)).toMatchObject({ userId: user.id, suspended: { until: null } });
    await setStatus(p, systemActor, user.id, "active");
    const back = await authenticate(p, session.accessToken);
    expect(back).toMatchObject({ userId: user.id, role: "learner" });
    expect(back.suspended).toBeUndefined();
  });

  it("ends at once on logout", async () => {
    const { p, session } = await signedIn();
    await signOut(p, session.refresh.token);
    await expect(authenticate(p, session.accessToken)).rejects.toMatchObject({ code: "auth.session_ended" });
  });

  it("a sign-in that read the account before a role change signs in with the new role", async () => {
    const { p, user } = await signedIn();
    await setRole(p, systemActor, user.id, "admin");
    // `user` still says learner: the sign-in's check on the profile fails, it reads again and carries admin.
    const late = await signIn(p, user, "password");
    expect(await authenticate(p, late.accessToken)).toMatchObject({ userId: user.id, role: "admin" });
  });

  it("still accepts a sign-in stored before sign-ins carried the account, from the profile", async () => {
    const { p, user, session } = await signedIn();
    await p.store.update(signInKey(user.id, session.refresh.familyId), { remove: ["role", "accountStatus"] });
    await p.store.update(profileKey(user.id), { set: { role: "admin" } });
    expect(await authenticate(p, session.accessToken)).toMatchObject({ userId: user.id, role: "admin" });
  });
});
