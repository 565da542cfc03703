/**
 * The S3 endpoint the SDK's standard variables name (`AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`), or undefined
 * for AWS itself. A custom endpoint (moto, s3rver, MinIO) is addressed path-style: `<endpoint>/<bucket>/<key>`.
 *
 * @example
 * const endpoint = s3Endpoint(process.env);
 * const client = new S3Client({ forcePathStyle: endpoint !== undefined });
 */
export function s3Endpoint(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = (env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL)?.trim();
  return value ? value.replace(/\/+$/, '') : undefined;
}
