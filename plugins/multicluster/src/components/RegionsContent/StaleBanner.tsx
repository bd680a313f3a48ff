import { WarningPanel } from '@backstage/core-components';
import { CachedAnswer } from '@multiregion/backstage-plugin-multicluster-common';

/** Says when the answer comes from the last known state of Karmada. */
export const StaleBanner = ({ answer }: { answer: CachedAnswer }) => {
  if (!answer.stale) {
    return null;
  }
  const lagging = answer.instances.filter(i => i.stale);
  const since = answer.observedAt
    ? `stale since ${new Date(answer.observedAt).toLocaleString()}`
    : 'not loaded yet';
  return (
    <WarningPanel
      severity="warning"
      title={`Karmada data is ${since}`}
      message={lagging
        .map(i => `${i.name}: ${i.message ?? 'reconnecting'}`)
        .join('; ')}
    />
  );
};
