// Demo of the AI chat-log system (S1) on embedded local parts: no AWS account needed.
import { ChatLogDownloader, ChatLogUploader } from '@mv/chat-log-client';
import { startLocalChatLogStack } from './localStack.mjs';

const quiet = process.argv.includes('--quiet');
const say = (...args) => {
  if (!quiet) console.log(...args);
};

const stack = await startLocalChatLogStack();
try {
  say(
    'S1 chat-log storage: embedded S3 (s3rver) at',
    stack.s3Endpoint,
    '+ presign handler at',
    stack.endpoint,
  );
  const uploader = new ChatLogUploader({ endpoint: stack.endpoint, token: stack.token });
  const downloader = new ChatLogDownloader({ endpoint: stack.endpoint, token: stack.token });
  const log = {
    sessionId: 'demo-session-001',
    title: 'メディアビューアのログ保存を設計する',
    messages: [
      {
        role: 'user',
        content: 'チャットログを S3 に安全に保存したい。',
        timestamp: new Date(Date.now() - 4000).toISOString(),
      },
      {
        role: 'assistant',
        content: 'Presigned URLs from a Lambda, SSE-KMS, and a SHA-256 signed into every upload.',
        timestamp: new Date(Date.now() - 2000).toISOString(),
        model: 'anthropic.claude-sonnet-4',
      },
    ],
    metadata: { app: 'media-viewer', demo: true },
  };

  const presigned = await uploader.getPresignedUrl({
    action: 'upload',
    fileName: 'preview.json',
    contentType: 'application/json',
    contentLength: 2,
  });
  say(`1. presign: ${presigned.method} for key ${presigned.s3Key}, expires ${presigned.expiresAt}`);
  say(`   signed headers the client must send: ${Object.keys(presigned.headers).join(', ')}`);

  const uploaded = await uploader.upload(log, { fileName: 'デモ セッション.json' });
  say(
    `2. upload: ${uploaded.bytes} bytes -> ${uploaded.s3Key} (sha256 ${uploaded.sha256}, ${uploaded.attempts} attempt)`,
  );

  const downloaded = await downloader.downloadLog(uploaded.s3Key);
  const same = JSON.stringify(downloaded) === JSON.stringify(log);
  say(
    `3. download: ${downloaded.messages.length} messages, SHA-256 verified, identical to what was sent: ${same}`,
  );
  if (!same) throw new Error('round trip changed the log');

  const refused = await downloader.download('chat-logs/someone-else/x.json').catch((error) => error);
  say(`4. another principal's key: refused with ${refused.status} ${refused.code}`);
  if (refused.status !== 403) throw new Error('expected 403 for a foreign key');
  say('S1 demo: OK');
} finally {
  await stack.stop();
}
