import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/ui/markdown.js';

describe('renderMarkdown (model output in the chat)', () => {
  it('shows raw HTML as text and keeps no script, handler or remote image', () => {
    // Prepare
    const answer =
      'See <img src=x onerror="alert(1)"> <script>alert(2)</script> ![pic](https://evil.example/x.png)';
    // Act
    const html = renderMarkdown(answer);
    // Assess
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).toContain('[image: pic]');
  });

  it('keeps http(s) links (no referrer, new tab) and turns javascript: and data: links into their text', () => {
    // Act
    const html = renderMarkdown(
      '[ok](https://a.example/?q=1&r=2) [bad](javascript:alert) [worse](data:text/html,x)',
    );
    // Assess
    expect(html).toContain(
      '<a href="https://a.example/?q=1&amp;r=2" target="_blank" rel="noopener noreferrer nofollow">ok</a>',
    );
    expect(html).not.toMatch(/href="(javascript|data):/);
    expect(html).toContain('bad');
  });

  it('renders tables, fenced code (escaped), lists, headings and emphasis', () => {
    // Act
    const html = renderMarkdown(
      '## Counts\n| Name | Calls |\n|---|---:|\n| **bert** | 3 |\n\n```json\n{"a": "<b>"}\n```\n- one\n- `two`',
    );
    // Assess
    expect(html).toContain('<h4>Counts</h4>');
    expect(html).toContain(
      '<table><thead><tr><th>Name</th><th>Calls</th></tr></thead><tbody><tr><td><strong>bert</strong></td><td>3</td></tr></tbody></table>',
    );
    expect(html).toContain('<pre><code>{&quot;a&quot;: &quot;&lt;b&gt;&quot;}</code></pre>');
    expect(html).toContain('<ul><li>one</li><li><code>two</code></li></ul>');
  });

  it('works from its own source text, as the page embeds it', () => {
    // Prepare
    const embedded = new Function(`return ${renderMarkdown.toString()}`)() as typeof renderMarkdown;
    // Act
    const html = embedded('**42** <b>');
    // Assess
    expect(html).toBe('<p><strong>42</strong> &lt;b&gt;</p>');
  });
});
