import { describe, expect, it } from 'vitest';
import { ChatError, explainChatError } from '../../src/chat/ChatError.js';

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('explainChatError (what the chat shows when Bedrock or the agent fails)', () => {
  it('turns a base model id refusal into the inference-profile hint', () => {
    // Prepare
    const refusal = named(
      'ValidationException',
      "Invocation of model ID anthropic.claude-sonnet-4-20250514-v1:0 with on-demand throughput isn't supported.",
    );
    // Act
    const error = explainChatError(refusal, 'anthropic.claude-sonnet-4-20250514-v1:0');
    // Assess
    expect(error).toBeInstanceOf(ChatError);
    expect(error.code).toBe('ModelIdNotSupported');
    expect(error.message).toContain('"us.anthropic.claude-sonnet-4-20250514-v1:0"');
  });

  it('names throttling (also wrapped by Strands), access denied and missing credentials', () => {
    // Act
    const codes = [
      explainChatError(named('ModelThrottledError', 'slow down'), 'm'),
      explainChatError(
        new Error('wrapped', { cause: named('ThrottlingException', 'Too many requests') }),
        'm',
      ),
      explainChatError(named('AccessDeniedException', "You don't have access to the model"), 'm'),
      explainChatError(
        named('CredentialsProviderError', 'Could not load credentials from any providers'),
        'm',
      ),
    ].map((e) => e.code);
    // Assess
    expect(codes).toEqual(['Throttled', 'Throttled', 'ModelAccessDenied', 'NoCredentials']);
  });

  it('says nothing internal about other failures', () => {
    // Act
    const error = explainChatError(new TypeError('secret /srv/path at line 3'), 'm');
    // Assess
    expect(error.code).toBe('ChatFailed');
    expect(error.message).toBe('The agent failed (TypeError); the server log has the details.');
  });
});
