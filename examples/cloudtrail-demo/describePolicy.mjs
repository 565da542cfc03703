/**
 * One line about a suggested policy: its size and a first statement, or why there is none (an identity whose calls
 * all failed has nothing to allow).
 *
 * @example
 * console.log(describePolicy('alice', model.suggestPolicy('alice')));
 */
export function describePolicy(identity, policy) {
  const statements = policy.Statement;
  if (statements.length === 0) {
    return `Least-privilege policy for ${identity}: empty (no successful calls to allow)`;
  }
  const actions = statements.flatMap((s) => s.Action).length;
  return `Least-privilege policy for ${identity}: ${statements.length} statements, ${actions} actions\n  e.g. ${JSON.stringify(statements[0])}`;
}
