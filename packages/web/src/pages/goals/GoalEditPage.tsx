// Placeholder until the matching routes land.
import { PageTitle } from "../../components/ui";

export function GoalEditPage() {
  return <PageTitle>GoalEditPage</PageTitle>;
}
