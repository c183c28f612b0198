// Pods' public face: waitlist seats, formation runs, suggestions, pod views and the pod lifecycle.
import { registerDashboardSection } from "../accounts/index.js";
import { listSprintTypes } from "../catalog/index.js";
import { registerErasureHook } from "../privacy/index.js";
import { erasePodMemberships } from "./erasure.js";
import { listMyPods } from "./views.js";

export { runDailyMatching } from "./daily.js";
export { erasePodMemberships } from "./erasure.js";
export { runFormation } from "./formation.js";
export { acceptInvitation, declineInvitation, disbandPod, requestRematch, reviewPod } from "./lifecycle.js";
export * from "./model.js";
export { coversSlot } from "./refill.js";
export { getMatches } from "./suggestions.js";
export { getPod, listMyPods } from "./views.js";
export { joinWaitlist, leaveWaitlist, listWaitlist } from "./waitlist.js";

// Accounts and privacy call out to the domains that registered; loading this face is what registers pods.
registerErasureHook("pods", erasePodMemberships);
registerDashboardSection("pods", async (p, userId) => {
  const [{ items }, sprintTypes] = await Promise.all([
    listMyPods(p, { userId, role: "learner" }, { limit: 20 }),
    listSprintTypes(p),
  ]);
  const names = new Map(sprintTypes.map((s) => [s.id, s.name]));
  return items
    .filter((pod) => pod.status === "forming" || pod.status === "active")
    .map((pod) => ({
      id: pod.id,
      name: `${names.get(pod.sprintType) ?? pod.sprintType} pod`,
      status: pod.status,
      meetingTime: pod.meetingTime,
      myStatus: pod.myStatus,
    }));
});
