import { describe, expect, it } from 'vitest';
import { BufferedRequest, BufferedResponse, withPath } from '../../src/BufferedRequest.ts';

describe('buffered request and response bodies', () => {
  it('behave as web Request/Response bodies: text, json, bytes, a stream on demand, clones', async () => {
    // Prepare
    const request = new BufferedRequest('https://x.example/a', { method: 'POST' }, '{"名":1}');
    const response = new BufferedResponse('{"ok":true}', {
      status: 201,
      headers: { 'content-type': 'application/json' },
    });
    // Assess
    expect(request).toBeInstanceOf(Request);
    expect(response).toBeInstanceOf(Response);
    expect(request.byteLength).toBe(Buffer.byteLength('{"名":1}'));
    expect(await request.json()).toEqual({ 名: 1 });
    expect(new TextDecoder().decode(await request.clone().bytes())).toBe('{"名":1}');
    expect(await new Response(request.body).text()).toBe('{"名":1}');
    expect(await response.clone().json()).toEqual({ ok: true });
    expect(await new Response(response.body).text()).toBe('{"ok":true}');
    expect(new BufferedResponse('', { status: 204 }).body).toBeNull();
  });

  it('moves a request to another path with its body', async () => {
    const moved = await withPath(
      new BufferedRequest('https://x.example/api/cats?a=1', { method: 'POST' }, 'hi'),
      '/cats',
    );
    expect(moved.url).toBe('https://x.example/cats?a=1');
    expect(await moved.text()).toBe('hi');
  });
});
