import { splitSelectorTerms } from '@multiregion/backstage-plugin-multicluster-common';

/**
 * Kubernetes label selectors: the string form of annotations
 * (`app=hello,tier in (web,api),!legacy`) and the object form of API specs
 * (`matchLabels`/`matchExpressions`), both evaluated in memory.
 */

export type Requirement =
  | { key: string; operator: 'In' | 'NotIn'; values: string[] }
  | { key: string; operator: 'Exists' | 'DoesNotExist' };

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

/**
 * Parses the string form. Throws with the offending term, so a bad
 * annotation can be reported to the entity's owner.
 */
export function parseLabelSelector(selector: string): Requirement[] {
  const terms = splitSelectorTerms(selector);
  if (!terms) {
    throw new Error(
      `invalid label selector '${selector}': unbalanced parentheses`,
    );
  }
  return terms.map(term => {
    let match = /^([^\s!=]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (match) {
      return {
        key: match[1],
        operator: match[2] === 'in' ? 'In' : 'NotIn',
        values: match[3]
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      };
    }
    match = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(term);
    if (match) {
      return {
        key: match[1],
        operator: match[2] === '!=' ? 'NotIn' : 'In',
        values: [match[3]],
      };
    }
    match = /^(!?)([^\s!=()]+)$/.exec(term);
    if (match) {
      return {
        key: match[2],
        operator: match[1] ? 'DoesNotExist' : 'Exists',
      };
    }
    throw new Error(`invalid label selector term '${term}'`);
  });
}

/** The object form as requirements; an empty selector matches everything. */
export function requirementsOf(
  spec: LabelSelectorSpec | undefined,
): Requirement[] {
  const requirements: Requirement[] = Object.entries(
    spec?.matchLabels ?? {},
  ).map(([key, value]) => ({ key, operator: 'In' as const, values: [value] }));
  for (const expression of spec?.matchExpressions ?? []) {
    const operator = expression.operator;
    if (operator === 'In' || operator === 'NotIn') {
      requirements.push({
        key: expression.key,
        operator,
        values: expression.values ?? [],
      });
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      requirements.push({ key: expression.key, operator });
    }
  }
  return requirements;
}

export function matchesLabels(
  requirements: Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const actual = labels ?? {};
  return requirements.every(requirement => {
    const has = Object.prototype.hasOwnProperty.call(actual, requirement.key);
    switch (requirement.operator) {
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'In':
        return has && requirement.values.includes(actual[requirement.key]);
      case 'NotIn':
        return !has || !requirement.values.includes(actual[requirement.key]);
      default:
        return false;
    }
  });
}

/** The string form, e.g. for a pod list query or a readable summary. */
export function formatRequirements(requirements: Requirement[]): string {
  return requirements
    .map(r => {
      switch (r.operator) {
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
        case 'In':
          return r.values.length === 1
            ? `${r.key}=${r.values[0]}`
            : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return r.values.length === 1
            ? `${r.key}!=${r.values[0]}`
            : `${r.key} notin (${r.values.join(',')})`;
        default:
          return '';
      }
    })
    .join(',');
}
