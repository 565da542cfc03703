import { describe, expect, it } from 'vitest';
import { toolResultSummary } from '../../src/chat/toolResultSummary.js';

describe('toolResultSummary (the line under a tool call in the chat)', () => {
  it('counts events, names and identities and names the top call', () => {
    // Prepare
    const result = JSON.stringify({
      total: 310,
      truncated: true,
      eventNames: [
        { key: 'ListBuckets', count: 99 },
        { key: 'GetObject', count: 3 },
      ],
      identities: [{ key: 'bert', count: 102 }],
    });
    // Act
    const summary = toolResultSummary(result);
    // Assess
    expect(summary).toBe('310 events · 2 event names · 1 identities · top ListBuckets (99) · truncated');
  });

  it('shows the start of a non-JSON result (a tool error) on one line', () => {
    // Act
    const summary = toolResultSummary(
      `CloudTrail LookupEvents takes one attribute filter\n${'x'.repeat(300)}`,
    );
    // Assess
    expect(summary).toHaveLength(160);
    expect(summary.startsWith('CloudTrail LookupEvents takes one attribute filter x')).toBe(true);
  });
});
