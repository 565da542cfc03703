// The obvious way to write the presign Lambda, used as the baseline: S3Client + getSignedUrl + full zod.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { z } from 'zod';

const s3 = new S3Client({});
const Body = z.object({
  action: z.literal('upload'),
  fileName: z.string().min(1),
  contentType: z.string(),
  contentLength: z.number().int().nonnegative(),
});

export const handler = async (event) => {
  const body = Body.parse(JSON.parse(event.body));
  const key = `chat-logs/anonymous/${new Date().toISOString()}_${body.fileName}`;
  const command = new PutObjectCommand({
    Bucket: process.env.S3_BUCKET_NAME,
    Key: key,
    ContentType: body.contentType,
    ContentLength: body.contentLength,
    ServerSideEncryption: 'aws:kms',
    SSEKMSKeyId: process.env.KMS_KEY_ID,
  });
  const presignedUrl = await getSignedUrl(s3, command, { expiresIn: 3600 });
  return { statusCode: 200, body: JSON.stringify({ presignedUrl, s3Key: key }) };
};
