const MAX_SUMMARY = 160;

function cut(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_SUMMARY ? flat : `${flat.slice(0, MAX_SUMMARY - 1)}…`;
}

function top(list: unknown): string | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const first = list[0] as { key?: unknown; count?: unknown };
  return typeof first.key === 'string' ? `top ${first.key} (${String(first.count)})` : undefined;
}

/**
 * A one-line summary of a tool's result for the chat's tool-call card: counts and the top item of the
 * package's tools, or the start of the text (an error message, an unknown shape).
 *
 * @example
 * toolResultSummary('{"total":1203,"eventNames":[{"key":"ListBuckets","count":99}]}');
 * // '1203 events · 1 event names · top ListBuckets (99)'
 */
export function toolResultSummary(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return cut(text);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return cut(text);
  const v = value as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof v.total === 'number') parts.push(`${v.total} events`);
  else if (typeof v.count === 'number') parts.push(`${v.count} events`);
  if (Array.isArray(v.eventNames)) parts.push(`${v.eventNames.length} event names`);
  if (Array.isArray(v.identities)) parts.push(`${v.identities.length} identities`);
  const report = v.report as { identities?: unknown[]; anomalies?: { total?: number } } | undefined;
  if (Array.isArray(report?.identities)) parts.push(`${report.identities.length} identities analysed`);
  if (typeof report?.anomalies?.total === 'number') parts.push(`${report.anomalies.total} anomalies`);
  if (Array.isArray(v.predictions)) parts.push(`${v.predictions.length} predictions`);
  const policy = v.policy as { Statement?: { Action?: unknown }[] } | undefined;
  if (Array.isArray(policy?.Statement))
    parts.push(
      `${policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).length} actions`,
    );
  const first = top(v.eventNames);
  if (first) parts.push(first);
  if (v.truncated === true) parts.push('truncated');
  return parts.length > 0 ? cut(parts.join(' · ')) : cut(text);
}
