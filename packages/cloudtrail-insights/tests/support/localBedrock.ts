import { createServer, type Http2Server } from 'node:http2';
import { acceptBedrockCall, listenHttp2 } from './listenHttp2.js';

/** What the local Bedrock endpoint saw. */
export interface LocalBedrockStats {
  calls: number;
  throttled: number;
  modelIds: string[];
  prompts: string[];
}

/** A running local Bedrock Runtime endpoint (Converse only). */
export interface LocalBedrock {
  /** Set `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` to this. */
  endpoint: string;
  stats: LocalBedrockStats;
  close(): Promise<void>;
}

/** The parts of a Converse request the stand-in reads. */
interface ConverseRequest {
  messages?: { content?: { text?: string }[] }[];
  toolConfig?: { toolChoice?: { tool?: { name?: string } } };
}

/**
 * A stand-in for Bedrock Runtime's Converse API (REST JSON over HTTP/2, `POST /model/{modelId}/converse`) on 127.0.0.1:
 * throttles the first call (HTTP 429), refuses base model ids on demand as Bedrock does (ValidationException),
 * and answers through the requested tool with an analysis built from the identities in the feature summary.
 */
export async function startLocalBedrock(): Promise<LocalBedrock> {
  const stats: LocalBedrockStats = { calls: 0, throttled: 0, modelIds: [], prompts: [] };
  // Bedrock Runtime's client speaks HTTP/2 (h2c to an http:// endpoint), as the service does.
  const server: Http2Server = createServer(async (req, res) => {
    const call = await acceptBedrockCall(req, res, 'converse', stats);
    if (!call) return;
    const body = call.body as ConverseRequest;
    const prompt: string = body.messages?.[0]?.content?.[0]?.text ?? '';
    stats.prompts.push(prompt);
    // The features travel as JSON inside the untrusted-data block.
    const block = /<cloudtrail_data>\n([\s\S]*)\n<\/cloudtrail_data>/.exec(prompt)?.[1] ?? '{}';
    const features = JSON.parse(block);
    const identities: { identity: string; predictedNext: string[] }[] = features.identities ?? [];
    const toolName = body.toolConfig?.toolChoice?.tool?.name;
    const input = {
      summary: `Local model: ${features.totals.events} events by ${identities.length} identities.`,
      workPatterns: identities.map((i) => ({
        identity: i.identity,
        pattern: 'short bursts',
        confidence: 'medium',
      })),
      predictedNextActions: identities.map((i) => ({
        identity: i.identity,
        eventName: String(i.predictedNext[0] ?? 'none').split(':')[0],
        reason: 'highest model probability',
      })),
      risks: [
        { identity: identities[0]?.identity ?? '*', finding: 'sensitive actions seen', severity: 'high' },
      ],
      recommendations: ['Alert on cloudtrail:StopLogging'],
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        output: {
          message: {
            role: 'assistant',
            content: [{ toolUse: { toolUseId: 'tool-1', name: toolName, input } }],
          },
        },
        stopReason: 'tool_use',
        usage: {
          inputTokens: Math.ceil(prompt.length / 4),
          outputTokens: 200,
          totalTokens: Math.ceil(prompt.length / 4) + 200,
        },
        metrics: { latencyMs: 5 },
      }),
    );
  });
  const { endpoint, close } = await listenHttp2(server);
  return { endpoint, stats, close };
}
