// My pods: invitations, the current pod and past ones.
import { Link } from "react-router";
import { loadSprintTypes } from "../../api/catalog";
import { api, unwrap } from "../../api/client";
import { buttonClass, Card, EmptyState, ErrorNotice, Loading, PageTitle } from "../../components/ui";
import { formatDate } from "../../lib/format";
import { useResource } from "../../lib/use-resource";
import { PodStatus } from "../HomePage";
import { MEMBER_STATUS } from "./labels";

export function PodsPage() {
  const pods = useResource(async () => {
    const [list, sprintTypes] = await Promise.all([
      unwrap(api.GET("/v1/pods", { params: { query: { limit: 50 } } })),
      loadSprintTypes(),
    ]);
    return { items: list.items, names: new Map(sprintTypes.map((s) => [s.id, s.name])) };
  }, []);
  return (
    <div className="space-y-6">
      <PageTitle subtitle="The small groups you meet with every week.">Pods</PageTitle>
      {pods.loading && !pods.data && <Loading label="Loading your pods…" />}
      <ErrorNotice error={pods.error} title="Your pods could not be loaded" />
      {pods.data?.items.length === 0 && (
        <EmptyState title="No pods yet">
          <p>Join a sprint's waitlist; you will be invited to a pod when enough people can meet with you.</p>
          <Link to="/matches" className={buttonClass("primary")}>
            Go to the waitlist
          </Link>
        </EmptyState>
      )}
      {pods.data && pods.data.items.length > 0 && (
        <ul className="grid gap-4 md:grid-cols-2">
          {pods.data.items.map((pod) => (
            <li key={pod.id}>
              <Card className="h-full space-y-2">
                <div className="flex items-start justify-between gap-2">
                  <h2 className="text-lg font-bold">
                    <Link to={`/pods/${pod.id}`} className="text-indigo-800 underline">
                      {pods.data!.names.get(pod.sprintType) ?? pod.sprintType} pod
                    </Link>
                  </h2>
                  <PodStatus status={pod.status} />
                </div>
                <p className="text-sm">
                  {pod.meetingTime} <span className="text-slate-600">({pod.timezone})</span>
                </p>
                <p className="text-sm text-slate-700">
                  {pod.members} members · you: {MEMBER_STATUS[pod.myStatus].toLowerCase()} · formed{" "}
                  {formatDate(pod.createdAt)}
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
