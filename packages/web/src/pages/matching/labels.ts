// Words for the matching states the API returns as ids.
import type { Schemas } from "../../api/client";

type MemberStatus = Schemas["PodMember"]["status"];

export const MEMBER_STATUS: Record<MemberStatus, string> = {
  invited: "Invited",
  accepted: "Accepted",
  declined: "Declined",
  expired: "Did not answer",
  left: "Left",
  moved: "Moved to another pod",
};

export const REMATCH_REASONS: { value: Schemas["RematchInput"]["reason"]; label: string }[] = [
  { value: "schedule_changed", label: "My schedule changed" },
  { value: "pace_mismatch", label: "The pace does not suit me" },
  { value: "group_fit", label: "The group is not a good fit" },
  { value: "personal", label: "Personal reasons" },
  { value: "other", label: "Something else" },
];
