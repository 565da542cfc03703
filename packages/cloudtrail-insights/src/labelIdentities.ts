import type { InsightEvent } from './types/CloudTrailRecord.js';

/** The principal type a key starts with (`IAMUser` of `IAMUser:arn:…`). */
function typeOf(key: string): string {
  const colon = key.indexOf(':');
  return colon > 0 ? key.slice(0, colon) : key;
}

function qualified(type: string, name: string): string {
  return `${type}:${name}`;
}

/**
 * Gives every event of a set its `identity` label: the short `displayName` where, in this set, that name is
 * carried by one kind of principal only, else `<type>:<name>`. So `alice` stays `alice` while only IAM users carry
 * the name, and an IAM user, a federated user (named by whoever called GetFederationToken) and a role all called
 * `alice` become three identities, `IAMUser:alice`, `FederatedUser:alice` and `AssumedRole:alice`, instead of one.
 * Principals of one type and name in several accounts (an organisation trail) share a label; `identityKey` tells
 * them apart. Labels are set in place and the events returned; events without `identityKey` (built elsewhere)
 * keep their `identity`. The rule is in `docs/cloudtrail-insights/identities.md`.
 *
 * @example
 * const events = labelIdentities([...fromFileA, ...fromFileB]);
 * events.map((e) => e.identity); // ['alice'] or ['IAMUser:alice', 'FederatedUser:alice']
 */
export function labelIdentities<E extends InsightEvent>(events: E[]): E[] {
  // name -> the one type carrying it, or null once a second type carries it too.
  const owner = new Map<string, string | null>();
  for (let i = 0; i < events.length; i++) {
    const { identityKey: key, displayName: name } = events[i]!;
    if (key === undefined || name === undefined) continue;
    const type = typeOf(key);
    const current = owner.get(name);
    if (current === undefined) owner.set(name, type);
    else if (current !== null && current !== type) owner.set(name, null);
  }
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const { identityKey: key, displayName: name } = event;
    if (key === undefined || name === undefined) continue;
    const type = typeOf(key);
    event.identity = owner.get(name) === type ? name : qualified(type, name);
  }
  return events;
}

/**
 * {@link labelIdentities} for events that arrive in pages: a name goes to the first type seen with it, every other
 * type of the same name gets `<type>:<name>`, so labels stay the same from page to page and never merge principals
 * of different types.
 *
 * @example
 * const labeller = new IdentityLabeller();
 * for await (const page of source.pages(query)) aggregator.addAll(labeller.label(page.events));
 */
export class IdentityLabeller {
  private readonly owner = new Map<string, string>();

  /** Labels a page in place and returns it. */
  label<E extends InsightEvent>(events: E[]): E[] {
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const { identityKey: key, displayName: name } = event;
      if (key === undefined || name === undefined) continue;
      const type = typeOf(key);
      let current = this.owner.get(name);
      if (current === undefined) {
        current = type;
        this.owner.set(name, type);
      }
      event.identity = current === type ? name : qualified(type, name);
    }
    return events;
  }
}
