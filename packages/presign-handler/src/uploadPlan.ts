import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BadRequestError, ForbiddenError } from './errors.js';

/** A multipart upload as announced at create: its key, total length and part size. */
export interface UploadPlan {
  s3Key: string;
  contentLength: number;
  partSize: number;
}

/**
 * The parts a plan allows: `partCount` parts, every one `partSize` long but the last, which holds the rest (an
 * empty object is one empty part).
 *
 * @example
 * const { partCount, partLength } = planParts({ s3Key: 'k', contentLength: 11, partSize: 5 });
 * // partCount 3; partLength(1) 5, partLength(3) 1, partLength(4) undefined
 */
export function planParts(plan: UploadPlan): {
  partCount: number;
  partLength: (partNumber: number) => number | undefined;
} {
  const partCount = Math.max(1, Math.ceil(plan.contentLength / plan.partSize));
  return {
    partCount,
    partLength: (partNumber) =>
      Number.isInteger(partNumber) && partNumber >= 1 && partNumber <= partCount
        ? Math.min(plan.partSize, plan.contentLength - (partNumber - 1) * plan.partSize)
        : undefined,
  };
}

const VERSION = 'p1';

function mac(secret: Uint8Array, payload: string): Buffer {
  return createHmac('sha256', secret).update(`mv-upload-plan.${payload}`).digest();
}

/**
 * Issues and checks upload plans: an HMAC-SHA256 over the plan with the handler's secret, so a caller cannot
 * announce 1 byte at create and later ask for parts of 5 GiB. Stateless: any instance holding the same secret
 * accepts the plan.
 *
 * @example
 * const plans = new UploadPlanSigner(secret);
 * const token = plans.issue({ s3Key, contentLength: 1024, partSize: 5 * 2 ** 20 });
 * plans.read(token, s3Key); // { s3Key, contentLength: 1024, partSize: 5242880 }
 */
export class UploadPlanSigner {
  private readonly secret: Uint8Array;

  /** `secret`: at least 32 bytes; without one, a random secret that only this process knows. */
  constructor(secret?: Uint8Array) {
    this.secret = secret ?? randomBytes(32);
  }

  issue(plan: UploadPlan): string {
    const payload = Buffer.from(JSON.stringify([plan.s3Key, plan.contentLength, plan.partSize])).toString(
      'base64url',
    );
    return `${VERSION}.${payload}.${mac(this.secret, payload).toString('base64url')}`;
  }

  /** The plan `token` stands for; throws unless this handler issued it for `s3Key`. */
  read(token: string | undefined, s3Key: string): UploadPlan {
    if (token === undefined) {
      throw new BadRequestError(
        'uploadPlan',
        'uploadPlan is required: send back the one the create answer gave',
      );
    }
    const [version, payload, signature, extra] = token.split('.');
    const expected = payload === undefined ? undefined : mac(this.secret, payload);
    const given = Buffer.from(signature ?? '', 'base64url');
    if (
      version !== VERSION ||
      extra !== undefined ||
      expected === undefined ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      throw new ForbiddenError('uploadPlan is not one this service issued; start the upload again');
    }
    const [key, contentLength, partSize] = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as [
      string,
      number,
      number,
    ];
    if (key !== s3Key) throw new ForbiddenError('uploadPlan belongs to another upload');
    return { s3Key: key, contentLength, partSize };
  }
}
