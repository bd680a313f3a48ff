import { renderInTestApp } from '@backstage/test-utils';
import { RegionPlacement } from '@multiregion/backstage-plugin-multicluster-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { placement } from '../../__testUtils__/placement';
import { RegionMap } from './RegionMap';

const unplaced: RegionPlacement = {
  region: { id: 'on-prem', title: 'on-prem' },
  clusters: ['dc-1'],
  assignedReplicas: 2,
  readyReplicas: 1,
  health: 'Degraded',
};

describe('RegionMap', () => {
  it('marks each region with its replicas and health in words', async () => {
    await renderInTestApp(<RegionMap regions={placement.regions} />);

    expect(
      screen.getByRole('img', { name: 'North America: 4/4 ready, healthy' }),
    ).toHaveTextContent('na 4/4');
    expect(
      screen.getByRole('img', { name: 'Europe: 1/1 ready, healthy' }),
    ).toHaveTextContent('eu 1/1');
    expect(
      screen.getByRole('img', { name: 'Southeast Asia: 0/1 ready, unhealthy' }),
    ).toHaveTextContent('sea 0/1');
    // The symbols are explained in words as well.
    expect(screen.getByText('Unhealthy: none ready')).toBeInTheDocument();
  });

  it('uses a different symbol per health, not only another colour', async () => {
    await renderInTestApp(<RegionMap regions={placement.regions} />);
    const symbol = (name: RegExp) =>
      [...screen.getByRole('img', { name }).children]
        .filter(e => e.tagName !== 'title' && e.tagName !== 'text')
        .map(e => e.outerHTML.replace(/class="[^"]*"/g, ''))
        .join('');

    expect(symbol(/^North America/)).toBe(symbol(/^Europe/));
    expect(symbol(/^North America/)).not.toBe(symbol(/^Southeast Asia/));
  });

  it('lets the keyboard reach every marker in the order of the regions', async () => {
    await renderInTestApp(<RegionMap regions={placement.regions} />);
    const user = userEvent.setup();

    await user.tab();
    expect(document.activeElement).toHaveAccessibleName(
      'North America: 4/4 ready, healthy',
    );
    await user.tab();
    expect(document.activeElement).toHaveAccessibleName(
      'Europe: 1/1 ready, healthy',
    );
    await user.tab();
    expect(document.activeElement).toHaveAccessibleName(
      'Southeast Asia: 0/1 ready, unhealthy',
    );
  });

  it('draws the land once its data has loaded', async () => {
    await renderInTestApp(<RegionMap regions={placement.regions} />);
    const map = screen.getByRole('group', { name: 'World map of the regions' });

    await waitFor(() =>
      expect(map.querySelector(':scope > path')).toBeInTheDocument(),
    );
    expect(
      map.querySelector(':scope > path')!.getAttribute('d')!.length,
    ).toBeGreaterThan(10_000);
  });

  it('lists the regions it cannot place', async () => {
    await renderInTestApp(
      <RegionMap
        regions={[
          placement.regions[0],
          unplaced,
          { ...unplaced, region: { id: 'lab', title: 'Lab' } },
        ]}
      />,
    );

    expect(screen.getAllByRole('img')).toHaveLength(1);
    expect(
      screen.getByText(/No coordinates configured: on-prem, Lab \(lab\)\./),
    ).toBeInTheDocument();
  });
});
