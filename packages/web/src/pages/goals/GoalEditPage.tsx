// Create a goal (/goals/new, optionally ?sprintType=) or edit one (/goals/:goalId).
import { useNavigate, useParams, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { getPreferences } from "../../api/preferences";
import { Card, ErrorNotice, Loading, PageTitle } from "../../components/ui";
import { useResource } from "../../lib/use-resource";
import { GoalForm } from "./GoalForm";

export function GoalEditPage() {
  const { goalId } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const data = useResource(async () => {
    const [preferences, goal] = await Promise.all([
      getPreferences(),
      goalId
        ? unwrap(api.GET("/v1/goals/{id}", { params: { path: { id: goalId }, query: { include: "pod" } } }))
        : Promise.resolve(undefined),
    ]);
    return { preferences, goal };
  }, [goalId]);

  const title = goalId ? "Edit goal" : "New goal";
  return (
    <div className="mx-auto max-w-3xl">
      <PageTitle
        subtitle={goalId ? "Change your plan; your pod sees the new schedule." : "What do you want from this sprint?"}
      >
        {title}
      </PageTitle>
      {data.loading && !data.data && <Loading />}
      <ErrorNotice error={data.error} title="This goal could not be loaded" />
      {data.data && (
        <Card>
          <GoalForm
            goal={data.data.goal}
            timezone={data.data.preferences.timezone}
            availability={data.data.preferences.availability}
            initialSprintType={params.get("sprintType") ?? undefined}
            submitLabel={goalId ? "Save changes" : "Create goal"}
            onSaved={(goal) => navigate(goalId ? "/goals" : `/matches?sprintType=${goal.sprintType}`)}
          />
        </Card>
      )}
    </div>
  );
}
