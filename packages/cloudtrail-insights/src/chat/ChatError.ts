/** Stable codes of the chat's errors: the page shows the message, tests and logs match the code. */
export type ChatErrorCode =
  | 'Throttled'
  | 'ModelIdNotSupported'
  | 'ModelAccessDenied'
  | 'ModelNotFound'
  | 'NoCredentials'
  | 'ContextTooLong'
  | 'Timeout'
  | 'Busy'
  | 'ChatFailed';

/**
 * A chat answer that failed, with a message a user can act on and nothing internal (no stack, no AWS request ids).
 *
 * @example
 * throw new ChatError('Timeout', 'The answer took longer than 120 s; ask a narrower question.');
 */
export class ChatError extends Error {
  readonly code: ChatErrorCode;

  constructor(code: ChatErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChatError';
    this.code = code;
  }
}

/** The error names of `error` and its causes (Strands wraps some Bedrock errors). */
function names(error: unknown): { names: string[]; message: string } {
  const found: string[] = [];
  let message = '';
  let current = error as { name?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    if (typeof current.name === 'string') found.push(current.name);
    if (typeof current.message === 'string') message = `${message} ${current.message}`;
    current = current.cause as typeof current;
  }
  return { names: found, message };
}

/**
 * Turns what the agent threw into a {@link ChatError}: Bedrock throttling, a base model id where an inference
 * profile is needed (the hint of docs/cloudtrail-insights/troubleshooting.md), model access not granted, missing
 * credentials; anything else becomes `ChatFailed` naming only the error's kind.
 *
 * @example
 * const chatError = explainChatError(error, 'anthropic.claude-sonnet-4-20250514-v1:0');
 */
export function explainChatError(error: unknown, modelId: string): ChatError {
  if (error instanceof ChatError) return error;
  const { names: seen, message } = names(error);
  const is = (name: string) => seen.includes(name);
  if (is('ThrottlingException') || is('ModelThrottledError'))
    return new ChatError(
      'Throttled',
      'Bedrock is throttling this model (requests or tokens per minute): wait a minute and ask again, or ask for a higher quota.',
      { cause: error },
    );
  if (/on-demand throughput|inference profile/i.test(message))
    return new ChatError(
      'ModelIdNotSupported',
      `Bedrock does not serve "${modelId}" on demand: Claude Sonnet 4 models are invoked through an inference profile. ` +
        `Set BEDROCK_MODEL_ID to a profile id with a geography prefix, e.g. "us.${modelId.replace(/^(us|eu|apac|global)\./, '')}" ` +
        '(or "eu.", "apac.", "global.").',
      { cause: error },
    );
  if (is('AccessDeniedException'))
    return new ChatError(
      'ModelAccessDenied',
      `Access to "${modelId}" was denied: enable the model in the Bedrock console (Model access) for this account and Region, ` +
        'and allow bedrock:InvokeModelWithResponseStream on the inference-profile and model ARNs.',
      { cause: error },
    );
  if (is('ResourceNotFoundException'))
    return new ChatError(
      'ModelNotFound',
      `Bedrock knows no model "${modelId}" in this Region: check BEDROCK_MODEL_ID.`,
      {
        cause: error,
      },
    );
  if (is('CredentialsProviderError') || /Could not load credentials|Region is missing/i.test(message))
    return new ChatError('NoCredentials', 'The server has no AWS credentials or Region for Bedrock.', {
      cause: error,
    });
  if (is('ContextWindowOverflowError'))
    return new ChatError(
      'ContextTooLong',
      'The conversation is too long for the model: clear the chat and ask again.',
      {
        cause: error,
      },
    );
  const kind = seen.find((n) => /^[A-Za-z]{1,64}$/.test(n) && n !== 'Error') ?? 'Error';
  return new ChatError('ChatFailed', `The agent failed (${kind}); the server log has the details.`, {
    cause: error,
  });
}
