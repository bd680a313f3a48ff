import { renderInTestApp } from '@backstage/test-utils';
import { WorkloadPlacement } from '@multiregion/backstage-plugin-multicluster-common';
import { screen, within } from '@testing-library/react';
import { placement } from '../../__testUtils__/placement';
import { RegionCards } from './RegionCards';

const [hello] = placement.workloads;

/** The row of `cluster` in the card of `region`. */
function rowOf(region: string, cluster: string): HTMLElement {
  const card = screen.getByRole('region', { name: region });
  return within(card).getByText(cluster, { selector: 'th' }).closest('tr')!;
}

describe('RegionCards', () => {
  it('shows a card per region with its replicas and health', async () => {
    await renderInTestApp(
      <RegionCards
        regions={placement.regions}
        workloads={placement.workloads}
      />,
    );

    const na = screen.getByRole('region', { name: 'North America' });
    expect(within(na).getByText('na · 4 / 4 ready')).toBeInTheDocument();
    // The region's health next to its title, and its cluster's in the row.
    expect(within(na).getAllByText('Healthy')).toHaveLength(2);
    const sea = screen.getByRole('region', { name: 'Southeast Asia' });
    expect(within(sea).getByText('sea · 0 / 1 ready')).toBeInTheDocument();
    expect(within(sea).getAllByText('Unhealthy')).toHaveLength(2);
    expect(screen.getAllByRole('region')).toHaveLength(3);
  });

  it('lists per cluster assigned and ready replicas, health, applied state and readiness', async () => {
    await renderInTestApp(
      <RegionCards
        regions={placement.regions}
        workloads={placement.workloads}
      />,
    );

    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent);
    expect(cells(rowOf('North America', 'na'))).toEqual([
      'na',
      '4',
      '4',
      'Healthy',
      'Applied',
      'Ready',
    ]);
    expect(cells(rowOf('Southeast Asia', 'sea'))).toEqual([
      'sea',
      '1',
      '0',
      'Unhealthy',
      'Applied',
      'Not ready',
    ]);
    // Health is an icon and a word, never a colour alone.
    expect(
      within(rowOf('Southeast Asia', 'sea')).getAllByLabelText('Status error'),
    ).toHaveLength(2);
  });

  it('says why a cluster was not applied, and what has not reported yet', async () => {
    const workload: WorkloadPlacement = {
      ...hello,
      clusters: [
        {
          ...hello.clusters[1],
          applied: false,
          appliedMessage: 'namespaces "default" not found',
          readyReplicas: undefined,
          health: 'Unknown',
        },
        { ...hello.clusters[1], cluster: 'eu-2', applied: undefined },
      ],
    };
    await renderInTestApp(
      <RegionCards regions={[placement.regions[1]]} workloads={[workload]} />,
    );

    const failed = rowOf('Europe', 'eu');
    expect(within(failed).getByText('Not applied')).toBeInTheDocument();
    expect(
      within(failed).getByText('namespaces "default" not found'),
    ).toBeInTheDocument();
    expect(within(failed).getByText('–')).toBeInTheDocument();
    expect(within(failed).getByText('Unknown')).toBeInTheDocument();
    expect(
      within(rowOf('Europe', 'eu-2')).getByText('Pending'),
    ).toBeInTheDocument();
  });

  it('names the workload of each row when the entity has several', async () => {
    const worker: WorkloadPlacement = {
      ...hello,
      kind: 'StatefulSet',
      name: 'hello-db',
      clusters: [hello.clusters[0]],
    };
    await renderInTestApp(
      <RegionCards
        regions={[placement.regions[0]]}
        workloads={[hello, worker]}
      />,
    );

    const na = screen.getByRole('region', { name: 'North America' });
    expect(
      within(na).getByText('Deployment default/hello'),
    ).toBeInTheDocument();
    expect(
      within(na).getByText('StatefulSet default/hello-db'),
    ).toBeInTheDocument();
  });

  it('says when nothing has been placed yet', async () => {
    await renderInTestApp(
      <RegionCards regions={[]} workloads={placement.workloads} />,
    );
    expect(
      screen.getByText(/has not placed these workloads in any cluster yet/),
    ).toBeInTheDocument();
  });
});
