// The cat-data API and dashboard on one local port, backed by embedded PGlite.
//   node server.mjs           -> http://127.0.0.1:8787/ (dashboard), http://127.0.0.1:8787/api/stats/ministry
//   node server.mjs --smoke   -> starts on a free port, checks the public and the protected routes, exits
// In AWS the same handler runs in Lambda: `export { handler } from '@mv/cat-data-core/api'` (see lambda.mjs).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { CatDataRepository, generateShelterCsv, importCsv, sampleShelterMapping } from '@mv/cat-data-core';
import {
  CognitoAuthenticator,
  createApiGatewayHandler,
  createNodeListener,
  dashboardDirectory,
} from '@mv/cat-data-core/api';

const smoke = process.argv.includes('--smoke');
const repository = await CatDataRepository.openPglite();
await importCsv(repository, {
  bytes: new TextEncoder().encode(generateShelterCsv({ rows: 500, seed: 42 })),
  mapping: sampleShelterMapping,
  fileName: 'synthetic.csv',
});

const handler = createApiGatewayHandler({
  repository,
  // Records need a Cognito token of the configured pool; the public statistics do not.
  authenticator: new CognitoAuthenticator({
    userPoolId: process.env.COGNITO_USER_POOL_ID ?? 'ap-northeast-1_example',
    clientId: process.env.COGNITO_CLIENT_IDS?.split(',') ?? 'example-client',
  }),
});
const server = createServer(createNodeListener({ handler, staticDir: dashboardDirectory() }));
await new Promise((resolve) => server.listen(smoke ? 0 : 8787, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
console.log(`dashboard ${origin}/   API ${origin}/api/stats/summary`);

if (smoke) {
  try {
    const page = await fetch(`${origin}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="app.js">/);
    const ministry = await fetch(`${origin}/api/stats/ministry`);
    assert.equal(ministry.status, 200);
    const rows = await ministry.json();
    assert.ok(rows.length >= 3 && rows.every((r) => r.intake === r.intakeFromOwner + r.intakeOwnerUnknown));
    const cats = await fetch(`${origin}/api/cats`);
    assert.equal(cats.status, 401);
    const open = await fetch(`${origin}/api/export?format=csv`);
    assert.equal(open.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.doesNotMatch(await open.text(), /S0000/);
    console.log('smoke: ok');
  } finally {
    server.close();
    await repository.close();
  }
}
