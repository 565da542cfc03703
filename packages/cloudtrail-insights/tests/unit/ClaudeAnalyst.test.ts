import {
  BedrockRuntimeClient,
  ConverseCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  analyzeActivity,
  BedrockModelError,
  type ClaudeAnalysis,
  ClaudeAnalyst,
  featureSummary,
  ModelOutputError,
} from '../../src/index.js';
import { converseToolAnswer } from '../support/converseToolAnswer.js';
import { fixtureEvents } from '../support/fixtures.js';

expect.extend(allCustomMatcher);

const bedrock = mockClient(BedrockRuntimeClient);
const MODEL = 'apac.anthropic.claude-sonnet-4-20250514-v1:0';
const report = analyzeActivity(fixtureEvents());

const valid: ClaudeAnalysis = {
  summary: 'christophe runs short evening sessions that tamper with logging.',
  workPatterns: [{ identity: 'christophe', pattern: 'evening bursts', confidence: 'medium' }],
  predictedNextActions: [{ identity: 'christophe', eventName: 'DeleteTrail', reason: 'follows StopLogging' }],
  risks: [{ identity: 'christophe', finding: 'StopLogging', severity: 'high' }],
  recommendations: ['Alert on cloudtrail:StopLogging'],
};

describe('ClaudeAnalyst', () => {
  beforeEach(() => {
    bedrock.reset();
  });

  it('sends a compact feature summary, forces the tool and bounds tokens', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves(converseToolAnswer(valid));
    // Act
    const result = await new ClaudeAnalyst({ modelId: MODEL, maxTokens: 1000 }).analyze(report);
    // Assess
    expect(result.analysis).toEqual(valid);
    expect(result).toMatchObject({ modelId: MODEL, usage: { inputTokens: 900, outputTokens: 200 } });
    const input = bedrock.commandCalls(ConverseCommand)[0]!.args[0].input;
    expect(input.modelId).toBe(MODEL);
    expect(input.inferenceConfig?.maxTokens).toBe(1000);
    expect(input.toolConfig?.toolChoice).toEqual({ tool: { name: 'record_behaviour_analysis' } });
    expect(input.toolConfig?.tools?.[0]?.toolSpec?.inputSchema?.json).toMatchObject({ type: 'object' });
    expect(input.toolConfig?.tools?.[0]?.toolSpec?.inputSchema?.json).not.toHaveProperty('$schema');
    const text = input.messages?.[0]?.content?.[0]?.text ?? '';
    // Features, never raw events: no event ids, no request parameters.
    const rawIds = fixtureEvents()
      .slice(0, 20)
      .map((e) => e.eventId!);
    for (const id of rawIds) expect(text).not.toContain(id);
    expect(text).not.toContain('requestParameters');
    expect(text.length).toBeLessThan(13_000);
  });

  it('drops statements about identities it was not shown', async () => {
    bedrock.on(ConverseCommand).resolves(
      converseToolAnswer({
        ...valid,
        workPatterns: [...valid.workPatterns, { identity: 'made-up-user', pattern: 'x', confidence: 'low' }],
      }),
    );
    const { analysis } = await new ClaudeAnalyst({ modelId: MODEL }).analyze(report);
    expect(analysis.workPatterns.map((p) => p.identity)).toEqual(['christophe']);
  });

  it('asks once more with the validation error when the answer does not match the schema', async () => {
    bedrock
      .on(ConverseCommand)
      .resolvesOnce(converseToolAnswer({ summary: 'x', workPatterns: 'not a list' }))
      .resolvesOnce(converseToolAnswer(valid));
    const result = await new ClaudeAnalyst({ modelId: MODEL }).analyze(report);
    expect(result.analysis.summary).toBe(valid.summary);
    const second = bedrock.commandCalls(ConverseCommand)[1]!.args[0].input;
    const last = second.messages?.[second.messages.length - 1];
    expect(last?.content?.[0]?.toolResult).toMatchObject({ toolUseId: 't1', status: 'error' });
  });

  it('fails with ModelOutputError when the answer stays invalid', async () => {
    bedrock.on(ConverseCommand).resolves(converseToolAnswer({ nope: true }));
    await expect(new ClaudeAnalyst({ modelId: MODEL }).analyze(report)).rejects.toBeInstanceOf(
      ModelOutputError,
    );
    expect(bedrock).toHaveReceivedCommandTimes(ConverseCommand, 2);
  });

  it('retries throttling', async () => {
    const throttled = new ThrottlingException({ message: 'Too many requests', $metadata: {} });
    bedrock
      .on(ConverseCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves(converseToolAnswer(valid));
    const result = await new ClaudeAnalyst({ modelId: MODEL, baseDelayMs: 1 }).analyze(report);
    expect(result.analysis).toEqual(valid);
    expect(bedrock).toHaveReceivedCommandTimes(ConverseCommand, 3);
  });

  it('explains the on-demand ValidationException of a base model id', async () => {
    bedrock.on(ConverseCommand).rejects(
      new ValidationException({
        message:
          "Invocation of model ID anthropic.claude-sonnet-4-20250514-v1:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.",
        $metadata: {},
      }),
    );
    const error = await new ClaudeAnalyst({ modelId: 'anthropic.claude-sonnet-4-20250514-v1:0' })
      .analyze(report)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BedrockModelError);
    expect((error as Error).message).toMatch(/inference profile/);
    expect((error as Error).message).toContain('us.anthropic.claude-sonnet-4-20250514-v1:0');
    expect(bedrock).toHaveReceivedCommandTimes(ConverseCommand, 1);
  });

  it('takes the model id it is given, never the environment, and says what to set when it is missing', () => {
    // Prepare
    const saved = process.env.BEDROCK_MODEL_ID;
    process.env.BEDROCK_MODEL_ID = 'from-the-environment';
    try {
      // Act / Assess
      expect(new ClaudeAnalyst({ modelId: MODEL }).modelId).toBe(MODEL);
      expect(() => new ClaudeAnalyst({ modelId: '' })).toThrow(/BEDROCK_MODEL_ID/);
      expect(() => new ClaudeAnalyst({} as never)).toThrow(/BEDROCK_MODEL_ID/);
    } finally {
      if (saved === undefined) delete process.env.BEDROCK_MODEL_ID;
      else process.env.BEDROCK_MODEL_ID = saved;
    }
  });
});

describe('featureSummary', () => {
  it('shrinks to the bound it is given', () => {
    const small = featureSummary(report, 1500);
    expect(small.length).toBeLessThanOrEqual(1500);
    expect(JSON.parse(small).totals.events).toBe(report.summary.total);
  });
});
