import * as z from 'zod';

const compiledRules = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The rule with zod's compiled fast path (`z.compile`: a generated check for valid values that falls back to the
 * runtime parser, so failures give the same issues), made once per rule: an import checks every cell of a file.
 */
function compiled(rule: z.ZodType): z.ZodType {
  let fast = compiledRules.get(rule);
  if (!fast) {
    fast = z.compile(rule);
    compiledRules.set(rule, fast);
  }
  return fast;
}

/**
 * Why a value read from a cell breaks its field's rule (a domain schema), in the words of an import report, or
 * `undefined` when it passes. Bounds are said the way a spreadsheet user reads them; other rules keep the schema's
 * own message (`a microchip number has 15 digits`).
 *
 * @example
 * ruleProblem(NewCat.shape.microchip, 'not-a-chip'); // 'a microchip number has 15 digits'
 * ruleProblem(Sighting.shape.count, -1);             // 'must be at least 0'
 * @internal
 */
export function ruleProblem(rule: z.ZodType, value: unknown): string | undefined {
  const result = compiled(rule).safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const text = issue.code === 'too_big' || issue.code === 'too_small' ? issue.origin === 'string' : false;
  if (issue.code === 'too_big')
    return text ? `longer than ${issue.maximum} characters` : `must be at most ${issue.maximum}`;
  if (issue.code === 'too_small')
    return text ? `shorter than ${issue.minimum} characters` : `must be at least ${issue.minimum}`;
  return issue.message;
}
