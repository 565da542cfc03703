// Runs upload-chat-log.mjs --test as a child process against the embedded local stack.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startLocalChatLogStack } from '@mv/example-chat-logs-demo/local-stack';

const stack = await startLocalChatLogStack();
try {
  const { stdout } = await promisify(execFile)(process.execPath, ['upload-chat-log.mjs', '--test'], {
    cwd: import.meta.dirname,
    env: { ...process.env, LAMBDA_FUNCTION_URL: stack.endpoint, CHAT_LOG_TOKEN: stack.token },
  });
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  if (!lines[1]?.verified || lines[1].verified !== lines[0].uploaded)
    throw new Error(`unexpected output: ${stdout}`);
  console.log(`media-viewer-node example: uploaded and verified ${lines[0].uploaded}`);
} finally {
  await stack.stop();
}
