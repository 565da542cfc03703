// Media Viewer-style upload: the viewer has a conversation, saves it through the presign function, and shows
// where it went. Configure with LAMBDA_FUNCTION_URL (the presign Function URL) and CHAT_LOG_TOKEN (API key or
// Cognito token). `--test` does a round trip and exits non-zero if anything is off.
import { ChatLogDownloader, ChatLogUploader } from '@mv/chat-log-client';

const token = process.env.CHAT_LOG_TOKEN;
const uploader = new ChatLogUploader({ token });
const downloader = new ChatLogDownloader({ token });

const now = Date.now();
const log = {
  sessionId: `viewer-${now}`,
  title: 'Image review with the assistant',
  messages: [
    {
      role: 'system',
      content: 'You help reviewers describe images.',
      timestamp: new Date(now - 3000).toISOString(),
    },
    { role: 'user', content: 'What is in photo 12?', timestamp: new Date(now - 2000).toISOString() },
    {
      role: 'assistant',
      content: 'A tabby cat on a windowsill.',
      timestamp: new Date(now - 1000).toISOString(),
      model: 'anthropic.claude-sonnet-4',
    },
  ],
  metadata: { app: 'media-viewer', photo: 12 },
};

try {
  const result = await uploader.upload(log);
  console.log(
    JSON.stringify({
      uploaded: result.s3Key,
      bytes: result.bytes,
      sha256: result.sha256,
      attempts: result.attempts,
    }),
  );
  if (process.argv.includes('--test')) {
    const back = await downloader.downloadLog(result.s3Key);
    if (JSON.stringify(back) !== JSON.stringify(log))
      throw new Error('downloaded log differs from the uploaded one');
    console.log(JSON.stringify({ verified: result.s3Key }));
  }
} catch (error) {
  console.error(`chat-log upload failed: ${error.name}: ${error.message}`);
  process.exitCode = 1;
}
