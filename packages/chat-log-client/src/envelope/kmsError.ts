import { EnvelopeError } from './EnvelopeError.js';

/** The KMS operations the envelope uses. @internal */
export type KmsOperation = 'GenerateDataKey' | 'Decrypt';

const CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'IncompleteSignatureException',
  'CredentialsProviderError',
]);
const UNAVAILABLE_ERRORS = new Set([
  'KeyUnavailableException',
  'DependencyTimeoutException',
  'KMSInternalException',
  'ThrottlingException',
  'LimitExceededException',
  'ServiceUnavailableException',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
]);

/**
 * Says what a KMS error means for the envelope and what to check, keeping the SDK error as `cause`. The message names
 * the configured key id (the caller's own setting), never key material.
 * @internal
 */
export function kmsError(error: unknown, operation: KmsOperation, keyId: string): EnvelopeError {
  const name = errorName(error);
  const key = `KMS key "${keyId}"`;
  const [code, message] = ((): [EnvelopeError['code'], string] => {
    if (name === 'AccessDeniedException') {
      return [
        'KeyAccessDenied',
        `KMS denied ${operation} with ${key}: check that the key policy (and IAM) allows kms:${operation} for these ` +
          `credentials, the key id and the KMS client's region${operation === 'Decrypt' ? '; the object may also have been encrypted under another key' : ''}.`,
      ];
    }
    if (CREDENTIAL_ERRORS.has(name)) {
      return [
        'KeyAccessDenied',
        `KMS did not accept the credentials for ${operation} (${name}): check the AWS credentials and the KMS client's region.`,
      ];
    }
    switch (name) {
      case 'NotFoundException':
        return [
          'KeyNotFound',
          `${key} was not found: check the key id or alias, and that the KMS client's region is the key's region.`,
        ];
      case 'DisabledException':
        return [
          'KeyDisabled',
          `${key} is disabled: enable it (kms:EnableKey) or configure another key. Objects encrypted under it ` +
            'cannot be decrypted while it is disabled.',
        ];
      case 'KMSInvalidStateException':
        return [
          'KeyUnusable',
          `${key} cannot be used in its current state (pending deletion or import, or unavailable): check its state in KMS.`,
        ];
      case 'InvalidKeyUsageException':
        return [
          'KeyUnusable',
          `${key} is not a symmetric encryption key (KeyUsage ENCRYPT_DECRYPT, KeySpec SYMMETRIC_DEFAULT): configure one that is.`,
        ];
      case 'InvalidCiphertextException':
        return [
          'DataKeyRejected',
          "KMS refused the object's encrypted data key: the encryption context or the encrypted key in the object's " +
            'metadata is not what it was encrypted with. Check that the reader expects the same encryption context ' +
            'and key as the writer, and that the metadata was not changed.',
        ];
      case 'IncorrectKeyException':
        return [
          'DataKeyRejected',
          `The object's data key was encrypted under another KMS key than ${key}: configure the key that encrypted it.`,
        ];
    }
    if (UNAVAILABLE_ERRORS.has(name) || isNetworkError(error)) {
      return [
        'KeyServiceUnavailable',
        `KMS ${operation} failed (${name}): KMS or the network is unavailable. Retry later, and check the KMS ` +
          "client's endpoint and region.",
      ];
    }
    return ['KeyProviderFailed', `KMS ${operation} with ${key} failed (${name}); see the cause.`];
  })();
  return new EnvelopeError(code, message, { cause: error });
}

/** Only the error's name goes into a message, and only when it looks like one. */
function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z0-9.:_-]{1,64}$/.test(name) ? name : 'unknown error';
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE)$/.test(code)
  );
}
