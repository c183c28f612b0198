// Placeholder until the matching routes land.
import { PageTitle } from "../../components/ui";

export function GoalsPage() {
  return <PageTitle>GoalsPage</PageTitle>;
}
