import { LabelIndex } from './LabelIndex';
import { matchesLabels, parseLabelSelector } from './labelSelector';

interface Item {
  name: string;
  labels: Record<string, string>;
}

const item = (name: string, labels: Record<string, string>): Item => ({
  name,
  labels,
});

describe('LabelIndex', () => {
  const hello = item('hello', { 'backstage.io/kubernetes-id': 'hello' });
  const helloCanary = item('hello-canary', {
    'backstage.io/kubernetes-id': 'hello',
    track: 'canary',
  });
  const other = item('other', { 'backstage.io/kubernetes-id': 'other' });
  const bare = item('bare', {});

  function indexOf(...items: Item[]) {
    const index = new LabelIndex<Item>();
    items.forEach(i => index.add(i));
    return index;
  }

  const names = (items: Iterable<Item> | undefined) =>
    items ? [...items].map(i => i.name).sort() : undefined;

  it('narrows an equality selector to the objects carrying the label', () => {
    const index = indexOf(hello, helloCanary, other, bare);
    expect(
      names(
        index.candidates(
          parseLabelSelector('backstage.io/kubernetes-id=hello'),
        ),
      ),
    ).toEqual(['hello', 'hello-canary']);
  });

  it('takes the most selective equality term', () => {
    const index = indexOf(hello, helloCanary, other, bare);
    expect(
      names(
        index.candidates(
          parseLabelSelector('backstage.io/kubernetes-id=hello,track=canary'),
        ),
      ),
    ).toEqual(['hello-canary']);
  });

  it('unions the values of an `in` term', () => {
    const index = indexOf(hello, helloCanary, other, bare);
    expect(
      names(
        index.candidates(
          parseLabelSelector('backstage.io/kubernetes-id in (other,hello)'),
        ),
      ),
    ).toEqual(['hello', 'hello-canary', 'other']);
  });

  it('returns each object once when an `in` term repeats a value', () => {
    const index = indexOf(hello, helloCanary, other);
    expect(
      names(
        index.candidates(
          parseLabelSelector('backstage.io/kubernetes-id in (hello,hello)'),
        ),
      ),
    ).toEqual(['hello', 'hello-canary']);
  });

  it('finds nothing for a value no object carries', () => {
    const index = indexOf(hello, other);
    expect(
      names(
        index.candidates(parseLabelSelector('backstage.io/kubernetes-id=nope')),
      ),
    ).toEqual([]);
  });

  it('leaves selectors without an equality term to a full scan', () => {
    const index = indexOf(hello, other);
    expect(index.candidates(parseLabelSelector('track'))).toBeUndefined();
    expect(
      index.candidates(parseLabelSelector('track!=canary')),
    ).toBeUndefined();
    expect(index.candidates([])).toBeUndefined();
  });

  it('forgets removed objects and follows relabelling', () => {
    const index = indexOf(hello, helloCanary);
    index.remove(helloCanary);
    const relabelled = item('hello-canary', {
      'backstage.io/kubernetes-id': 'other',
    });
    index.add(relabelled);
    const selector = parseLabelSelector('backstage.io/kubernetes-id=hello');
    expect(names(index.candidates(selector))).toEqual(['hello']);
    expect(
      names(
        index.candidates(
          parseLabelSelector('backstage.io/kubernetes-id=other'),
        ),
      ),
    ).toEqual(['hello-canary']);
    index.clear();
    expect(names(index.candidates(selector))).toEqual([]);
  });

  it('never drops an object the selector matches', () => {
    const items = [hello, helloCanary, other, bare];
    const index = indexOf(...items);
    for (const selector of [
      'backstage.io/kubernetes-id=hello',
      'backstage.io/kubernetes-id in (hello,other),track notin (canary)',
      'track=canary,!legacy',
      'backstage.io/kubernetes-id==other',
    ]) {
      const requirements = parseLabelSelector(selector);
      const expected = items.filter(i => matchesLabels(requirements, i.labels));
      const candidates = index.candidates(requirements) ?? items;
      expect(
        names(
          [...candidates].filter(i => matchesLabels(requirements, i.labels)),
        ),
      ).toEqual(names(expected));
    }
  });
});
