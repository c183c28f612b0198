// Placeholder until the matching routes land.
import { PageTitle } from "../../components/ui";

export function PodPage() {
  return <PageTitle>PodPage</PageTitle>;
}
