import { renderInTestApp } from '@backstage/test-utils';
import { MeshResponse } from '@multiregion/backstage-plugin-multicluster-common';
import { screen, within } from '@testing-library/react';
import { mesh } from '../../__testUtils__/mesh';
import { MeshPanel, MeshPanelProps } from '.';

const regionTitles = {
  na: 'North America',
  eu: 'Europe',
  sea: 'Southeast Asia',
};

function renderPanel(props: Partial<MeshPanelProps> = {}) {
  return renderInTestApp(
    <MeshPanel
      value={mesh}
      loading={false}
      regionTitles={regionTitles}
      {...props}
    />,
  );
}

function withMesh(overrides: Partial<MeshResponse>): MeshResponse {
  return { ...mesh, ...overrides };
}

/** The row of a table whose header cell is `header`. */
function rowOf(table: HTMLElement, header: string): HTMLElement {
  return within(table)
    .getByRole('rowheader', { name: header })
    .closest('tr') as HTMLElement;
}

/** The cells of a row after its header, as text. */
function cellTexts(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole('cell')
    .map(cell => cell.textContent ?? '');
}

describe('MeshPanel', () => {
  it('is a region headed Mesh, naming the services', async () => {
    await renderPanel();
    const panel = screen.getByRole('region', { name: 'Mesh' });
    expect(
      within(panel).getByRole('heading', { name: 'Mesh' }),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText('Services default/hello'),
    ).toBeInTheDocument();
  });

  it('shows every warning, before the numbers', async () => {
    await renderPanel();
    const alerts = screen.getAllByRole('alert');
    expect(alerts.map(a => a.textContent)).toEqual([
      'DestinationRule default/hello differs between primaries: a1 in na, b2 in eu, missing in sea',
      'DestinationRule default/hello in eu sets locality failover without outlier detection: Envoy will not fail over',
      'istiod in sea has not synced eu',
      'Sidecar injection is off for namespace default in sea',
    ]);
    const matrix = screen.getByRole('table', {
      name: 'Traffic between clusters (last 1m)',
    });
    expect(
      // eslint-disable-next-line no-bitwise
      alerts[0].compareDocumentPosition(matrix) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('shows traffic as a matrix from source (rows) to destination (columns)', async () => {
    await renderPanel();
    const matrix = screen.getByRole('table', {
      name: 'Traffic between clusters (last 1m)',
    });
    expect(
      within(matrix)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'From \\ to',
      'na (North America)',
      'eu (Europe)',
      'sea (Southeast Asia)',
    ]);
    expect(cellTexts(rowOf(matrix, 'na (North America)'))).toEqual([
      '12.3 req/s · 0.0% err · p95 9 ms',
      '1.3 req/s · 1.2% err · p95 49 ms',
      '—',
    ]);
    expect(cellTexts(rowOf(matrix, 'eu (Europe)'))).toEqual([
      '—',
      '3.0 req/s · 0.0% err',
      '—',
    ]);
    expect(cellTexts(rowOf(matrix, 'sea (Southeast Asia)'))).toEqual([
      '—',
      '—',
      '—',
    ]);
  });

  it('says why traffic is missing', async () => {
    await renderPanel({
      value: withMesh({
        traffic: undefined,
        trafficUnavailable: 'no Prometheus configured',
      }),
    });
    expect(
      screen.getByText('Traffic: no Prometheus configured'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: /Traffic between clusters/ }),
    ).not.toBeInTheDocument();
    // Discovery does not need Prometheus.
    expect(screen.getByText('endpoints seen from na: 6')).toBeInTheDocument();
  });

  it('shows per cluster what its istiod discovers', async () => {
    await renderPanel();
    const table = screen.getByRole('table', {
      name: 'Mesh discovery per cluster',
    });

    const na = within(rowOf(table, 'na'));
    expect(na.getByText('North America (na)')).toBeInTheDocument();
    expect(na.getByText('network na')).toBeInTheDocument();
    expect(na.getByText('sees 3/3 clusters')).toBeInTheDocument();
    expect(na.getByText('endpoints seen from na: 6')).toBeInTheDocument();
    expect(na.getByText('na 4 · eu 1 · sea 1')).toBeInTheDocument();
    expect(na.getByText('sidecars 4/4')).toBeInTheDocument();
    expect(na.getByText('STRICT')).toBeInTheDocument();
    expect(na.getByText('istio-system/default')).toBeInTheDocument();
    expect(na.getByText('DestinationRule hello')).toBeInTheDocument();
    expect(
      na.getByText(/failover na→eu, eu→sea · outlier detection: yes/),
    ).toBeInTheDocument();
    expect(na.getByText('differs between clusters')).toBeInTheDocument();

    const eu = within(rowOf(table, 'eu'));
    expect(eu.getByText('PERMISSIVE')).toBeInTheDocument();
    expect(eu.getByText('PERMISSIVE')).toBeInTheDocument();
    expect(eu.getByText('Istio default')).toBeInTheDocument();
    // Failover configured without outlier detection never happens.
    expect(eu.getByText('outlier detection: no')).toBeInTheDocument();

    const sea = within(rowOf(table, 'sea'));
    expect(sea.getByText('sees 2/3 clusters')).toBeInTheDocument();
    expect(sea.getByText('missing: eu')).toBeInTheDocument();
    expect(sea.getByText('endpoints seen from sea: 5')).toBeInTheDocument();
    expect(sea.getByText('na 4 · sea 1 · 1 not healthy')).toBeInTheDocument();
    expect(sea.getByText('sidecars 0/1')).toBeInTheDocument();
    expect(sea.getByText('injection off in default')).toBeInTheDocument();
    expect(sea.getByText('missing DestinationRule hello')).toBeInTheDocument();
  });

  it('says when a cluster has no istiod', async () => {
    const [na] = mesh.clusters;
    await renderPanel({
      value: withMesh({
        clusters: [
          {
            ...na,
            network: undefined,
            hostsWorkloads: false,
            istiod: {
              present: false,
              clusters: [],
              synced: 0,
              expected: 3,
              missing: [],
            },
            endpoints: [],
            injection: { namespaces: [], pods: { total: 0, injected: 0 } },
            policies: [],
          },
        ],
        drift: [],
      }),
    });
    const table = screen.getByRole('table', {
      name: 'Mesh discovery per cluster',
    });
    const row = within(rowOf(table, 'na'));
    expect(row.getByText('no workloads placed')).toBeInTheDocument();
    expect(row.getByText('no istiod')).toBeInTheDocument();
    expect(row.getByText('endpoints seen from na: 0')).toBeInTheDocument();
    expect(row.getByText('no pods here')).toBeInTheDocument();
    expect(row.getByText('none')).toBeInTheDocument();
  });

  it('explains an entity without Service', async () => {
    await renderPanel({
      value: withMesh({
        services: [],
        traffic: undefined,
        warnings: [
          {
            kind: 'noService',
            message: 'No Service selects the pods of component:default/hello',
          },
        ],
      }),
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'No Service selects the pods of component:default/hello',
    );
    expect(
      screen.getByText(/No Kubernetes Service selects these workloads/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('lists the clusters that could not be read', async () => {
    await renderPanel({
      value: withMesh({
        errors: [
          {
            cluster: 'sea',
            errorType: 'TIMEOUT',
            message: 'istiod did not answer',
          },
        ],
      }),
    });
    expect(screen.getByText(/1 cluster with errors: sea/)).toBeInTheDocument();
    expect(screen.getByText(/istiod did not answer/)).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderPanel({ value: undefined, loading: true });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the error when nothing could be read', async () => {
    await renderPanel({ value: undefined, error: new Error('mesh down') });
    expect(
      screen.getByText('Error: The mesh status could not be read'),
    ).toBeInTheDocument();
    expect(screen.getByText('mesh down')).toBeInTheDocument();
  });

  it('keeps the last answer when a refresh fails', async () => {
    await renderPanel({ error: new Error('mesh down') });
    expect(
      screen.getByText(/Could not refresh: showing the last answer/),
    ).toBeInTheDocument();
    expect(screen.getByText('sees 2/3 clusters')).toBeInTheDocument();
  });
});
