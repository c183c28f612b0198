// Placeholder until the matching routes land.
import { PageTitle } from "../../components/ui";

export function MatchesPage() {
  return <PageTitle>MatchesPage</PageTitle>;
}
