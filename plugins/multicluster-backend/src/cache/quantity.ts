const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * A Kubernetes resource quantity (`500m`, `96Gi`, `1.5`, `2e3`) as a number
 * of base units (cores, bytes, pods). Unparseable input gives 0 rather than
 * failing a whole inventory answer.
 */
export function parseQuantity(value: string | number | undefined): number {
  if (typeof value === 'number') {
    return value;
  }
  const match = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(
    (value ?? '').trim(),
  );
  if (!match) {
    return 0;
  }
  const number = Number(match[1]);
  const suffix = match[2];
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined || Number.isNaN(number) ? 0 : number * factor;
}
