import { buildPickerOptions, readySummary } from './options';
import { inventory } from './testInventory';

describe('buildPickerOptions', () => {
  it('offers each region with its title, id and Ready clusters', () => {
    const options = buildPickerOptions(inventory);
    expect(options.map(o => [o.value, o.label, o.ready])).toEqual([
      ['na', 'North America (na) · 2/2 clusters Ready', true],
      ['eu', 'Europe (eu) · 1/2 clusters Ready', true],
      ['sea', 'Southeast Asia (sea) · 0/1 cluster Ready', false],
    ]);
    expect(options[0].chipLabel).toBe('North America (na)');
  });

  it('does not offer the unassigned group as a region', () => {
    const values = buildPickerOptions(inventory).map(o => o.value);
    expect(values).not.toContain('unassigned');
  });

  it('shows a region without configured title by its id alone', () => {
    const [option] = buildPickerOptions({
      ...inventory,
      regions: [{ ...inventory.regions[0], region: { id: 'na', title: 'na' } }],
    });
    expect(option.label).toBe('na · 2/2 clusters Ready');
  });

  it('offers clusters with their region and readiness in cluster mode', () => {
    const options = buildPickerOptions(inventory, { pick: 'clusters' });
    expect(options.map(o => o.value)).toEqual([
      'na-1',
      'na-2',
      'eu-1',
      'eu-2',
      'sea-1',
      'lab-1',
    ]);
    expect(options[3]).toEqual({
      value: 'eu-2',
      label: 'eu-2 · Europe (eu) · Not ready',
      chipLabel: 'eu-2 · Europe',
      region: 'eu',
      ready: false,
    });
  });

  it('keeps only the allowed regions, or their clusters', () => {
    expect(
      buildPickerOptions(inventory, { allowedRegions: ['eu', 'sea'] }).map(
        o => o.value,
      ),
    ).toEqual(['eu', 'sea']);
    expect(
      buildPickerOptions(inventory, {
        pick: 'clusters',
        allowedRegions: ['eu'],
      }).map(o => o.value),
    ).toEqual(['eu-1', 'eu-2']);
  });
});

describe('readySummary', () => {
  it('counts Ready clusters only, not Unknown ones', () => {
    const [na] = inventory.regions;
    const unknown = {
      ...na.clusters[0],
      ready: { status: 'Unknown' as const },
    };
    expect(readySummary([unknown, na.clusters[1]])).toBe('1/2 clusters Ready');
  });
});
