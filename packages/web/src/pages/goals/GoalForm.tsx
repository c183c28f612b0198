// Placeholder until the goals routes land.
export function GoalForm(_props: {
  timezone: string;
  submitLabel: string;
  onBack?: () => void;
  onSaved: () => Promise<void>;
}) {
  return null;
}
