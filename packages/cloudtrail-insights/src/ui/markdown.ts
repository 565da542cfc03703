/**
 * Renders model output (Markdown) as HTML that cannot run or fetch anything: every character of the input is
 * HTML-escaped first, so raw HTML is shown as text; then headings, lists, tables, fenced code, inline code,
 * bold / italic and links are built from the escaped text. Links keep only `http(s):` and `mailto:` targets (a
 * `javascript:` or `data:` link becomes its text) and open in a new tab without a referrer; images become their alt
 * text (no remote images). Self-contained: the page embeds this very function's source.
 *
 * @example
 * renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |'); // '<table>…</table>'
 */
export function renderMarkdown(source: string): string {
  const escapeHtml = (s: string) =>
    s.replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
    );
  const inline = (raw: string) => {
    const codes: string[] = [];
    let s = escapeHtml(raw).replace(/`([^`]+)`/g, (_m, code: string) => {
      codes.push(`<code>${code}</code>`);
      return `\u0000${codes.length - 1}\u0000`;
    });
    s = s.replace(/!\[([^\]]*)\]\(([^)\s]*)\)/g, (_m, alt: string) => `[image: ${alt}]`);
    s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, text: string, href: string) =>
      /^(https?:\/\/|mailto:)/i.test(href)
        ? `<a href="${href}" target="_blank" rel="noopener noreferrer nofollow">${text}</a>`
        : text,
    );
    s = s
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
    return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)] as string);
  };
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const fence = /^\s*```\s*([\w-]*)\s*$/.exec(line);
    if (fence) {
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] as string); i++)
        code.push(lines[i] as string);
      i++;
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line) && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
      const head = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i] as string); i++)
        rows.push(cells(lines[i] as string));
      out.push(
        `<table><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${rows
          .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`,
      );
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      out.push(
        `<h${Math.min(6, (heading[1] as string).length + 2)}>${inline(heading[2] as string)}</h${Math.min(6, (heading[1] as string).length + 2)}>`,
      );
      i++;
      continue;
    }
    const bullet = /^\s*([-*+]|\d+[.)])\s+/;
    if (bullet.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      for (; i < lines.length && bullet.test(lines[i] as string); i++)
        items.push(`<li>${inline((lines[i] as string).replace(bullet, ''))}</li>`);
      out.push(ordered ? `<ol>${items.join('')}</ol>` : `<ul>${items.join('')}</ul>`);
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const para: string[] = [];
    for (
      ;
      i < lines.length &&
      (lines[i] as string).trim() !== '' &&
      !/^\s*(```|#{1,6}\s|[-*+]\s|\d+[.)]\s|\|)/.test(lines[i] as string);
      i++
    )
      para.push(inline(lines[i] as string));
    if (para.length === 0) {
      out.push(`<p>${inline(line)}</p>`);
      i++;
    } else out.push(`<p>${para.join('<br>')}</p>`);
  }
  return out.join('\n');
}
