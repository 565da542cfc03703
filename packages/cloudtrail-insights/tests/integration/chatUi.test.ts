import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, waitFor } from '@mv/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DIR, fixtureEvents } from '../support/fixtures.js';
import { type LocalBedrockStream, startLocalBedrockStream } from '../support/localBedrockStream.js';
import { type ChildServer, PACKAGE_DIR, startChildServer } from '../support/servers.js';

const UI_BIN = join(PACKAGE_DIR, 'dist', 'bin', 'mv-cloudtrail-ui.js');
const RESULTS = join(PACKAGE_DIR, 'test-results');
const PROFILE = 'apac.anthropic.claude-sonnet-4-20250514-v1:0';
const WINDOW = { start: '2024-07-01T00:00:00', end: '2024-12-31T00:00:00' };

/** Opens the UI with the dashboard's window set to the sample data's months. */
async function openChat(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(url);
  await page.fill('#start', WINDOW.start);
  await page.fill('#end', WINDOW.end);
  return page;
}

async function ask(page: Page, question: string): Promise<void> {
  await page.waitForSelector('#chat-input:not([disabled])');
  await page.fill('#chat-input', question);
  await page.press('#chat-input', 'Enter');
}

const lastAnswer = '#chat-log .msg.assistant:last-child';

/** The model's text in the latest answer (tool cards left out). */
const answerText = (page: Page) =>
  page.$$eval(`${lastAnswer} .answer`, (parts) => parts.map((p) => p.textContent).join(''));

describe('agent chat in headless Chromium: Strands + in-process MCP tools + a local ConverseStream', () => {
  let bedrock: LocalBedrockStream;
  let ui: ChildServer;
  let baseModelUi: ChildServer;
  let noModelUi: ChildServer;
  let browser: Browser;
  const inWindow = fixtureEvents().filter(
    (e) => e.eventTime >= `${WINDOW.start}Z` && e.eventTime <= `${WINDOW.end}Z`,
  ).length;

  beforeAll(async () => {
    if (!existsSync(UI_BIN)) throw new Error(`${UI_BIN} is missing: build the package first`);
    bedrock = await startLocalBedrockStream();
    const env = { CLOUDTRAIL_FILES: FIXTURE_DIR, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.endpoint };
    [ui, baseModelUi, noModelUi] = await Promise.all([
      startChildServer(UI_BIN, [], { ...env, BEDROCK_MODEL_ID: PROFILE }),
      startChildServer(UI_BIN, [], { ...env, BEDROCK_MODEL_ID: 'anthropic.claude-sonnet-4-20250514-v1:0' }),
      startChildServer(UI_BIN, [], env),
    ]);
    browser = await launchChromium();
    mkdirSync(RESULTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([ui?.stop(), baseModelUi?.stop(), noModelUi?.stop()]);
    await bedrock?.close();
  });

  it('shows the tool call, then partial text, then the answer quoting the tool total (first call throttled, retried)', async () => {
    // Prepare
    const page = await openChat(browser, ui.url);
    const gate = bedrock.holdNextAnswer();
    try {
      // Act
      await ask(page, 'How many CloudTrail calls are in this window, and which are most frequent?');
      await page.waitForSelector(
        `${lastAnswer} .tool-call[data-tool=get_cloudtrail_event_names][data-status=success]`,
      );
      await gate.reached;
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.textContent?.includes('The window holds'),
        lastAnswer,
      );
      // Assess: half an answer is on screen while the model is still writing
      expect(await page.getAttribute(lastAnswer, 'data-state')).toBe('streaming');
      expect(await answerText(page)).not.toContain('event names');
      await page.screenshot({ path: join(RESULTS, 'chat-partial-answer.png') });
      gate.release();
      await page.waitForSelector(`${lastAnswer}[data-state=done]`);
      const card = await page.textContent(`${lastAnswer} .tool-call`);
      expect(card).toContain('"startTime":"2024-07-01T00:00:00.000Z"');
      expect(card).toContain(`${inWindow} events`);
      expect(await page.textContent(`${lastAnswer} strong`)).toBe(`${inWindow} events`);
      expect(await page.$$eval(`${lastAnswer} table tr`, (rows) => rows.length)).toBe(4);
      expect(bedrock.stats.throttled).toBe(1);
      expect(bedrock.stats.modelIds.every((id) => id === PROFILE)).toBe(true);
      await page.screenshot({ path: join(RESULTS, 'chat-conversation.png') });
    } finally {
      gate.release();
      await page.close();
    }
  });

  it('stops mid-answer: the answer stays cut and the Bedrock stream is closed', async () => {
    // Prepare
    const page = await openChat(browser, ui.url);
    const gate = bedrock.holdNextAnswer();
    const abortedBefore = bedrock.stats.aborted;
    try {
      await ask(page, 'Count the calls again');
      await gate.reached;
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.textContent?.includes('The window holds'),
        lastAnswer,
      );
      // Act
      await page.click('#chat-stop');
      // Assess
      await page.waitForSelector(`${lastAnswer}[data-state=stopped]`);
      await waitFor(async () => bedrock.stats.aborted > abortedBefore, 10_000, 'Bedrock stream closed');
      gate.release();
      expect(await answerText(page)).not.toContain('event names');
      expect(await page.isDisabled('#chat-stop')).toBe(true);
      await page.screenshot({ path: join(RESULTS, 'chat-stopped.png') });
    } finally {
      gate.release();
      await page.close();
    }
  });

  it('renders model HTML, script, remote images and javascript: links inert', async () => {
    // Prepare
    const page = await openChat(browser, ui.url);
    try {
      // Act
      await ask(page, 'XSS probe');
      await page.waitForSelector(`${lastAnswer}[data-state=done]`);
      // Assess
      const log = '#chat-log';
      expect(await page.$$(`${log} img, ${log} script, ${log} a[href^="javascript"]`)).toHaveLength(0);
      expect(await page.textContent(lastAnswer)).toContain('<img src=x onerror="window.__xss=1">');
      expect(await page.textContent(lastAnswer)).toContain('[image: pic]');
      expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    } finally {
      await page.close();
    }
  });

  it('shows the inference-profile hint when Bedrock refuses a base model id', async () => {
    // Prepare
    const page = await openChat(browser, baseModelUi.url);
    try {
      // Act
      await ask(page, 'Who is active?');
      await page.waitForSelector(`${lastAnswer}[data-state=error]`);
      // Assess
      const shown = await page.textContent(`${lastAnswer} .error`);
      expect(shown).toContain('is invoked through an inference profile'.replace('is ', 'are '));
      expect(shown).toContain('"us.anthropic.claude-sonnet-4-20250514-v1:0"');
    } finally {
      await page.close();
    }
  });

  it('without BEDROCK_MODEL_ID says so and answers quick questions from the MCP tools, with no model call', async () => {
    // Prepare
    const page = await openChat(browser, noModelUi.url);
    const calls = bedrock.stats.calls;
    try {
      await page.waitForSelector('#chat-quick button[data-quick=event-names]');
      // Act
      await page.click('#chat-quick button[data-quick=event-names]');
      await page.waitForSelector(`${lastAnswer}[data-state=done]`);
      // Assess
      expect(await page.textContent('#chat-notice')).toContain('BEDROCK_MODEL_ID is not set');
      expect(await page.isDisabled('#chat-input')).toBe(true);
      expect(await page.getAttribute(`${lastAnswer} .tool-call`, 'data-tool')).toBe(
        'get_cloudtrail_event_names',
      );
      expect(await page.textContent(`${lastAnswer} strong`)).toBe(`${inWindow} events`);
      expect(bedrock.stats.calls).toBe(calls);
      await page.screenshot({ path: join(RESULTS, 'chat-without-bedrock.png') });
    } finally {
      await page.close();
    }
  });

  it('starts the agent only for a same-origin JSON POST', async () => {
    // Prepare
    const calls = bedrock.stats.calls;
    const body = JSON.stringify({ sessionId: crypto.randomUUID(), message: 'hi' });
    // Act
    const get = await fetch(`${ui.url}/api/chat`);
    const form = await fetch(`${ui.url}/api/chat`, { method: 'POST', body: 'message=hi' });
    const crossSite = await fetch(`${ui.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body,
    });
    const noModel = await fetch(`${noModelUi.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    // Assess
    expect([get.status, form.status, crossSite.status, noModel.status]).toEqual([405, 415, 403, 503]);
    expect((await noModel.json()).error.code).toBe('ChatUnavailable');
    expect(bedrock.stats.calls).toBe(calls);
  });
});
