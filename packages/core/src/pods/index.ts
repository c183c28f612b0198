// Pods' public face: waitlist seats, formation runs, suggestions, pod views and the pod lifecycle.

export { adminWaitlist, WAITLIST_PREVIEW } from "./admin-waitlist.js";
export { runDailyMatching } from "./daily.js";
export { erasePodMemberships } from "./erasure.js";
export { runFormation } from "./formation.js";

export {
  acceptInvitation,
  acceptPaidInvitation,
  declineInvitation,
  depositRequiredFor,
  disbandPod,
  POD_ACTIVATED,
  POD_CLOSED,
  POD_MEMBER_LEFT,
  POD_MEMBERS_MOVED,
  requestRematch,
  reviewPod,
} from "./lifecycle.js";
export * from "./model.js";
export { weeklySlotsOf } from "./records.js";
export { coversSlot } from "./refill.js";
export { renamePodMember, syncMemberCopies } from "./rename.js";
export {
  isAcceptedSeat,
  type PodMembership,
  type PodRoster,
  podMembership,
  podRoster,
  seatKey,
} from "./roster.js";
export { getMatches } from "./suggestions.js";
export {
  type AcceptedPod,
  acceptedPods,
  getPod,
  listMyPods,
  podsDashboardSection,
  podsWeeklySummary,
} from "./views.js";
export { joinWaitlist, leaveWaitlist, listWaitlist } from "./waitlist.js";
