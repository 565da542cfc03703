// Redaction throughput of redactSecrets (@mv/chat-log-client) on a realistic chat log: the committed redaction
// corpus (English and Japanese chat sessions, notes, terminal sessions, logs; mostly clean text with some
// secrets) resampled into ChatLog JSON of about 8 MB, where every tenth message is a tool call whose arguments
// are JSON inside JSON. Measured on the ChatLog JSON (what the uploader redacts) and on the same messages as
// plain text. Never pass/fail. Figures are CPU time (user + system) of this process, so that other load on the
// machine does not count; several builds given on the command line are run interleaved, round by round.
// Usage: node bench/redaction.mjs [MB] [path/to/chat-log-client/dist/index.js ...]   (build the package first)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const targetMb = Number(process.argv[2] ?? 8);
const entries =
  process.argv.length > 3
    ? process.argv.slice(3)
    : [join(here, '..', 'packages', 'chat-log-client', 'dist', 'index.js')];
const builds = [];
for (const entry of entries) {
  const { redactSecrets } = await import(pathToFileURL(resolve(entry)).href);
  builds.push({ name: resolve(entry).replace(`${resolve(here, '..')}/`, ''), redactSecrets });
}

const corpus = join(here, '..', 'packages', 'chat-log-client', 'tests', 'fixtures', 'redaction');
const contents = [];
for (const dir of ['clean', 'planted']) {
  for (const file of readdirSync(join(corpus, dir)).filter((f) => f !== 'expected.json')) {
    const text = readFileSync(join(corpus, dir, file), 'utf8');
    if (file.endsWith('.json')) {
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed.messages)) contents.push(...parsed.messages.map((m) => m.content));
      else contents.push(text);
    } else {
      contents.push(...text.split(/\n{2,}/));
    }
  }
}

let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const messages = [];
let size = 0;
for (let i = 0; size < targetMb * 1e6; i++) {
  const content = contents[Math.floor(random() * contents.length)];
  const message =
    i % 10 === 9
      ? {
          role: 'tool',
          content: JSON.stringify({
            name: 'run_shell',
            arguments: JSON.stringify({ command: 'cat notes', stdout: content }),
          }),
          timestamp: '2026-11-23T10:00:00Z',
        }
      : { role: i % 2 ? 'assistant' : 'user', content, timestamp: '2026-11-23T10:00:00Z' };
  messages.push(message);
  size += message.content.length;
}
const json = JSON.stringify({ sessionId: 'bench', messages }, null, 2);
const plain = messages.map((m) => m.content).join('\n\n');

const ROUNDS = 7;
const inputs = [
  ['ChatLog JSON', json],
  ['plain text', plain],
];
console.log(`redactSecrets throughput on ${messages.length} messages, CPU time, ${ROUNDS} rounds`);
for (const [label, text] of inputs) {
  const mb = Buffer.byteLength(text) / 1e6;
  const times = builds.map(() => []);
  const found = builds.map(() => 0);
  for (const build of builds) build.redactSecrets(text.slice(0, 200_000));
  for (let round = 0; round < ROUNDS; round++) {
    builds.forEach((build, i) => {
      const start = process.cpuUsage();
      found[i] = build.redactSecrets(text).report.total;
      const used = process.cpuUsage(start);
      times[i].push((used.user + used.system) / 1000);
    });
  }
  builds.forEach((build, i) => {
    const sorted = times[i].sort((a, b) => a - b);
    const rate = (ms) => (mb / (ms / 1000)).toFixed(1).padStart(6);
    console.log(
      `${label.padEnd(13)} ${mb.toFixed(1).padStart(5)} MB  median ${rate(sorted[ROUNDS >> 1])} MB/s  best ${rate(sorted[0])} MB/s  ${String(found[i]).padStart(5)} redactions  ${build.name}`,
    );
  });
}
