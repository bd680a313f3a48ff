import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ClustersResponse } from '@multiregion/backstage-plugin-multicluster-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MulticlusterApi, multiclusterApiRef } from '../../api';
import { fakeApi } from '../../__testUtils__/placement';
import { ClusterInventoryPage } from './ClusterInventoryPage';
import { clusters } from '../../__testUtils__/clusters';
import { staleInstance } from '../../__testUtils__/instances';

function renderWith(
  getClusters: MulticlusterApi['getClusters'],
  options: { refreshIntervalMs?: number; routeEntries?: string[] } = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[multiclusterApiRef, fakeApi({ getClusters })]]}>
      <ClusterInventoryPage
        refreshIntervalMs={options.refreshIntervalMs ?? 0}
      />
    </TestApiProvider>,
    { routeEntries: options.routeEntries },
  );
}

/** The names of the clusters in the tables, in order. */
function shownClusters() {
  return screen
    .getAllByRole('row')
    .map(row => within(row).queryByText(/^(na|eu|sea)-\d$/)?.textContent)
    .filter(Boolean);
}

/** The titles of the region cards (the region picker's options aside). */
function regionTitles() {
  return screen
    .queryAllByText(/^(North America|Europe|Southeast Asia)$/, {
      ignore: 'option, script, style',
    })
    .map(title => title.textContent);
}

describe('ClusterInventoryPage', () => {
  it('shows progress while loading', async () => {
    await renderWith(() => new Promise(() => {}));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    await renderWith(async () => {
      throw new Error('backend down');
    });
    expect(await screen.findByText('Error: backend down')).toBeInTheDocument();
  });

  it('lists the clusters by region with their details', async () => {
    await renderWith(async () => clusters);

    expect(await screen.findByText('na-1')).toBeInTheDocument();
    expect(regionTitles()).toEqual([
      'North America',
      'Europe',
      'Southeast Asia',
    ]);
    expect(
      screen.getByText('4 clusters in 3 regions · 1 not ready'),
    ).toBeInTheDocument();
    expect(shownClusters()).toEqual(['na-1', 'na-2', 'eu-1', 'sea-1']);

    const na2 = screen.getByText('na-2').closest('tr')!;
    expect(within(na2).getByText('Ready')).toBeInTheDocument();
    expect(within(na2).getByText('v1.30.6')).toBeInTheDocument();
    expect(within(na2).getByText('Push')).toBeInTheDocument();
    expect(within(na2).getByText('2 / 3')).toBeInTheDocument();
    expect(
      within(na2).getByText('cpu 1.5 / 8 cores (19%)'),
    ).toBeInTheDocument();
    expect(
      within(na2).getByText('memory 8 / 32 GiB (25%)'),
    ).toBeInTheDocument();
    expect(
      within(na2).getByRole('progressbar', { name: 'cpu allocated' }),
    ).toHaveAttribute('aria-valuenow', '19');

    const eu1 = screen.getByText('eu-1').closest('tr')!;
    expect(within(eu1).getByText('Pull')).toBeInTheDocument();
    expect(
      within(eu1).getByText('maintenance=planned:NoSchedule'),
    ).toBeInTheDocument();
  });

  it('shows why a cluster is not ready, in words and not only in colour', async () => {
    await renderWith(async () => clusters);

    const sea1 = (await screen.findByText('sea-1')).closest('tr')!;
    expect(within(sea1).getByText('Not ready')).toBeInTheDocument();
    expect(
      within(sea1).getByText('ClusterNotReachable: cluster is not reachable'),
    ).toBeInTheDocument();
    expect(within(sea1).getByText('0 / 3')).toBeInTheDocument();
    expect(within(sea1).getByText('not reported')).toBeInTheDocument();
    // Ready clusters do not repeat their (uninformative) reason.
    expect(screen.queryByText(/ClusterReady/)).not.toBeInTheDocument();
  });

  it('filters by region', async () => {
    await renderWith(async () => clusters);
    await screen.findByText('na-1');

    await userEvent.selectOptions(screen.getByLabelText('Region'), 'Europe');

    expect(shownClusters()).toEqual(['eu-1']);
    expect(regionTitles()).toEqual(['Europe']);
    expect(screen.getByText(/· 1 shown$/)).toBeInTheDocument();
  });

  it('filters by readiness', async () => {
    await renderWith(async () => clusters);
    await screen.findByText('na-1');
    const readiness = screen.getByLabelText('Readiness');

    await userEvent.selectOptions(readiness, 'Not ready');
    expect(shownClusters()).toEqual(['sea-1']);

    await userEvent.selectOptions(readiness, 'Ready');
    expect(shownClusters()).toEqual(['na-1', 'na-2', 'eu-1']);
    expect(regionTitles()).toEqual(['North America', 'Europe']);
  });

  it('reaches both filters with the keyboard', async () => {
    await renderWith(async () => clusters);
    await screen.findByText('na-1');

    await userEvent.tab();
    expect(screen.getByLabelText('Region')).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByLabelText('Readiness')).toHaveFocus();
  });

  it('offers to clear a filter that matches nothing', async () => {
    await renderWith(async () => clusters);
    await screen.findByText('na-1');

    await userEvent.selectOptions(
      screen.getByLabelText('Region'),
      'North America',
    );
    await userEvent.selectOptions(
      screen.getByLabelText('Readiness'),
      'Not ready',
    );
    expect(
      screen.getByText('No cluster matches the filter'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all clusters' }),
    );
    expect(shownClusters()).toEqual(['na-1', 'na-2', 'eu-1', 'sea-1']);
  });

  it('takes the filter from the URL', async () => {
    await renderWith(async () => clusters, {
      routeEntries: ['/?readiness=notReady'],
    });
    expect(await screen.findByText('sea-1')).toBeInTheDocument();
    expect(shownClusters()).toEqual(['sea-1']);
    expect(screen.getByLabelText('Readiness')).toHaveValue('notReady');
  });

  it('keeps an unknown region from the URL visible in the picker', async () => {
    await renderWith(async () => clusters, { routeEntries: ['/?region=mars'] });
    expect(
      await screen.findByText('No cluster matches the filter'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Region')).toHaveValue('mars');
  });

  it('says the data is stale and why', async () => {
    await renderWith(async () => ({
      ...clusters,
      stale: true,
      instances: [staleInstance],
    }));
    expect(
      await screen.findByText(/Karmada data is stale since/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/testbed: connect ECONNREFUSED/),
    ).toBeInTheDocument();
    // The last known clusters still show under the banner.
    expect(screen.getByText('na-1')).toBeInTheDocument();
  });

  it('says when there are no member clusters at all', async () => {
    await renderWith(async () => ({ ...clusters, regions: [] }));
    expect(await screen.findByText('No member clusters')).toBeInTheDocument();
  });

  it('keeps the last answer on screen when a refresh fails', async () => {
    // First answer, then one failed refresh, then refreshes still under way.
    const answers: Array<() => Promise<ClustersResponse>> = [
      async () => clusters,
      async () => {
        throw new Error('gateway timeout');
      },
    ];
    const getClusters = () =>
      (answers.shift() ?? (() => new Promise<never>(() => {})))();
    await renderWith(getClusters, { refreshIntervalMs: 20 });

    expect(await screen.findByText('na-1')).toBeInTheDocument();
    expect(
      await screen.findByText(/Refreshing the cluster list failed/),
    ).toBeInTheDocument();
    expect(screen.getByText('gateway timeout')).toBeInTheDocument();
    expect(shownClusters()).toEqual(['na-1', 'na-2', 'eu-1', 'sea-1']);
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });
});
