import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer, filesProvider } from '../../src/index.js';
import { FIXTURE_DIR } from '../support/fixtures.js';

const WINDOW = { startTime: '2024-07-01T00:00:00Z', endTime: '2024-12-31T00:00:00Z' };

interface PredictionAnswer {
  history: string[];
  predictions: { eventName: string; probability: number }[];
  reliability: { basis: string; heldOutEvents: number; top3: number } | null;
}

describe('predict_next_actions', () => {
  const client = new Client({ name: 'unit-test', version: '1.0.0' });

  beforeAll(async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer({ provider: filesProvider(FIXTURE_DIR) }).connect(serverSide);
    await client.connect(clientSide);
  });

  afterAll(async () => {
    await client.close();
  });

  async function predict(args: Record<string, unknown>): Promise<PredictionAnswer> {
    const result = (await client.callTool({
      name: 'predict_next_actions',
      arguments: args,
    })) as CallToolResult;
    expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
    return result.structuredContent as unknown as PredictionAnswer;
  }

  it("returns ranked predictions with probabilities and the identity's own held-out top-3", async () => {
    // Act
    const answer = await predict({ ...WINDOW, identity: 'christophe', k: 3 });
    // Assess
    expect(answer.predictions).toHaveLength(3);
    const probabilities = answer.predictions.map((p) => p.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    expect(probabilities[0]).toBeGreaterThan(0);
    expect(answer.history).toEqual(['UpdateLoginProfile']); // christophe's latest session
    expect(answer.reliability).toMatchObject({ basis: 'identity' });
    expect(answer.reliability!.heldOutEvents).toBeGreaterThanOrEqual(20);
    expect(answer.reliability!.top3).toBeGreaterThan(0);
  });

  it("falls back to the population's held-out figure for an identity with little history", async () => {
    // Act
    const answer = await predict({ ...WINDOW, identity: 'stratus_red_team', history: ['GetCallerIdentity'] });
    // Assess
    expect(answer.history).toEqual(['GetCallerIdentity']);
    expect(answer.reliability).toMatchObject({ basis: 'population' });
  });

  it('takes the times of the history, so a caller can pass the calls and times it has', async () => {
    // Act
    const answer = await predict({
      ...WINDOW,
      identity: 'christophe',
      history: ['DescribeInstanceInformation', 'DescribeInstanceInformation'],
      times: ['2024-08-02T09:08:55Z', '2024-08-02T09:08:56Z'],
      k: 3,
    });
    // Assess
    expect(answer.history).toEqual(['DescribeInstanceInformation', 'DescribeInstanceInformation']);
    expect(answer.predictions.map((p) => p.eventName)).toContain('DescribeInstanceInformation');
  });

  it('refuses times that do not give one ISO 8601 time per history call, saying what to send', async () => {
    // Act
    const call = (args: Record<string, unknown>) =>
      client.callTool({
        name: 'predict_next_actions',
        arguments: { ...WINDOW, identity: 'christophe', ...args },
      });
    const short = (await call({ history: ['A', 'B'], times: ['2024-08-02T09:08:55Z'] })) as CallToolResult;
    const bad = (await call({ history: ['A'], times: ['yesterday'] })) as CallToolResult;
    // Assess
    expect(short.isError).toBe(true);
    expect(JSON.stringify(short.content)).toContain('times has 1 entries but history has 2');
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toContain('times[0] is not an ISO 8601 time');
  });
});
