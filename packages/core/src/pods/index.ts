// Pods' public face: waitlist seats, formation runs, suggestions, pod views and the pod lifecycle.
import { registerDashboardSection } from "../accounts/index.js";
import { registerErasureHook } from "../privacy/index.js";
import { erasePodMemberships } from "./erasure.js";
import { podsDashboardSection } from "./views.js";

export { runDailyMatching } from "./daily.js";
export { erasePodMemberships } from "./erasure.js";
export { runFormation } from "./formation.js";
export { acceptInvitation, declineInvitation, disbandPod, requestRematch, reviewPod } from "./lifecycle.js";
export * from "./model.js";
export { coversSlot } from "./refill.js";
export { renamePodMember } from "./rename.js";
export { getMatches } from "./suggestions.js";
export { getPod, listMyPods, podsDashboardSection } from "./views.js";
export { joinWaitlist, leaveWaitlist, listWaitlist } from "./waitlist.js";

// Accounts and privacy call out to the domains that registered; loading this face is what registers pods.
registerErasureHook("pods", erasePodMemberships);
registerDashboardSection("pods", podsDashboardSection);
