import { fileURLToPath } from 'node:url';

/**
 * The directory of the static dashboard shipped with the package (index.html, app.js, components/), to upload to
 * the CloudFront origin bucket or to serve locally with {@link createNodeListener}.
 *
 * @example
 * await s3Sync(dashboardDirectory(), 's3://cat-data-dashboard/');
 */
export function dashboardDirectory(): string {
  // dist/api.js (or .cjs) -> ../dashboard
  return fileURLToPath(new URL('../dashboard/', import.meta.url));
}
