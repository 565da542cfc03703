import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';

/** Whether the chat can ask Claude, and why not. */
export type BedrockAvailability = { available: true; modelId: string } | { available: false; reason: string };

/**
 * Whether Bedrock can be asked: a model id is configured and the SDK finds a Region and credentials (looked up
 * once, within 5 s). Says plainly what is missing otherwise; never checks by calling the model.
 *
 * @example
 * const availability = await bedrockAvailability('apac.anthropic.claude-sonnet-4-20250514-v1:0');
 */
export async function bedrockAvailability(
  modelId: string | undefined,
  missingReason = 'BEDROCK_MODEL_ID is not set',
): Promise<BedrockAvailability> {
  if (!modelId) return { available: false, reason: missingReason };
  const client = new BedrockRuntimeClient({});
  let timer: NodeJS.Timeout | undefined;
  try {
    await client.config.region();
    await Promise.race([
      client.config.credentials(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out looking for credentials')), 5000);
      }),
    ]);
    return { available: true, modelId };
  } catch {
    return { available: false, reason: 'the server has no AWS credentials or Region for Bedrock' };
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}
