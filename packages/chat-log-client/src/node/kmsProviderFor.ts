import type { EnvelopeKeyProvider } from '../envelope/EnvelopeKeyProvider.js';
import { ChatLogValidationError } from '../errors.js';

/**
 * The KMS key provider for `--encrypt-key` / `--decrypt-key`, loading the optional `@aws-sdk/client-kms` peer only
 * when asked; a clear error when it is not installed.
 * @internal
 */
export async function kmsProvider(keyId: string): Promise<EnvelopeKeyProvider> {
  let kms: typeof import('@aws-sdk/client-kms');
  try {
    kms = await import('@aws-sdk/client-kms');
  } catch {
    throw new ChatLogValidationError(
      'encrypt-key',
      'envelope encryption needs @aws-sdk/client-kms: npm install @aws-sdk/client-kms',
    );
  }
  const { kmsKeyProvider } = await import('../envelope/kmsKeyProvider.js');
  return kmsKeyProvider({ client: new kms.KMSClient({}), keyId });
}
