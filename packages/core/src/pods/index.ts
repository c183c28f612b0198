// Pods' public face: waitlist seats, formation runs, suggestions, pod views and the pod lifecycle.

export { runDailyMatching } from "./daily.js";
export { erasePodMemberships } from "./erasure.js";
export { runFormation } from "./formation.js";
export { acceptInvitation, declineInvitation, disbandPod, requestRematch, reviewPod } from "./lifecycle.js";
export * from "./model.js";
export { podsDomain } from "./module.js";
export { coversSlot } from "./refill.js";
export { renamePodMember, syncMemberCopies } from "./rename.js";
export { getMatches } from "./suggestions.js";
export { getPod, listMyPods, podsDashboardSection, podsWeeklySummary } from "./views.js";
export { joinWaitlist, leaveWaitlist, listWaitlist } from "./waitlist.js";
