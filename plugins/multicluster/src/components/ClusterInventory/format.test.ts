import {
  countOf,
  describeUsage,
  formatAmounts,
  formatTaint,
  usagePercent,
} from './format';

const GiB = 1024 ** 3;

describe('usagePercent', () => {
  it('rounds the allocated share to whole percent', () => {
    expect(
      usagePercent({ allocatable: 8, allocated: 1.5, allocating: 0 }),
    ).toBe(19);
  });

  it('is undefined when nothing is allocatable', () => {
    expect(
      usagePercent({ allocatable: 0, allocated: 0, allocating: 0 }),
    ).toBeUndefined();
  });

  it('reports overcommitment above 100%', () => {
    expect(usagePercent({ allocatable: 2, allocated: 3, allocating: 0 })).toBe(
      150,
    );
  });
});

describe('describeUsage', () => {
  it('labels cpu in cores, keeping fractions of a core', () => {
    expect(
      describeUsage('cpu', { allocatable: 8, allocated: 1.5, allocating: 0 }),
    ).toBe('cpu 1.5 / 8 cores (19%)');
    expect(
      formatAmounts('cpu', { allocatable: 4, allocated: 0.25, allocating: 0 }),
    ).toBe('0.25 / 4 cores');
  });

  it('labels memory in one binary unit chosen by the larger amount', () => {
    expect(
      describeUsage('memory', {
        allocatable: 32 * GiB,
        allocated: 512 * 1024 ** 2,
        allocating: 0,
      }),
    ).toBe('memory 0.5 / 32 GiB (2%)');
    expect(
      formatAmounts('memory', {
        allocatable: 1.5 * 1024 ** 4,
        allocated: 0,
        allocating: 0,
      }),
    ).toBe('0 / 1.5 TiB');
  });

  it('labels pods as counts', () => {
    expect(
      describeUsage('pods', { allocatable: 110, allocated: 11, allocating: 0 }),
    ).toBe('pods 11 / 110 (10%)');
  });

  it('says so when nothing is allocatable instead of dividing by zero', () => {
    expect(
      describeUsage('pods', { allocatable: 0, allocated: 0, allocating: 0 }),
    ).toBe('pods 0 / 0 (none allocatable)');
  });
});

describe('formatTaint', () => {
  it('prints taints like kubectl, with and without a value', () => {
    expect(
      formatTaint({
        key: 'maintenance',
        value: 'planned',
        effect: 'NoSchedule',
      }),
    ).toBe('maintenance=planned:NoSchedule');
    expect(formatTaint({ key: 'gpu', effect: 'NoExecute' })).toBe(
      'gpu:NoExecute',
    );
  });
});

describe('countOf', () => {
  it('uses the singular only for one', () => {
    expect(countOf(1, 'cluster')).toBe('1 cluster');
    expect(countOf(0, 'region')).toBe('0 regions');
    expect(countOf(4, 'cluster')).toBe('4 clusters');
  });
});
