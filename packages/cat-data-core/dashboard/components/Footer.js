/** How many events one export request asks for (`<meta name="cat-data-export-page-size">`, default the API's). */
function pageSize() {
  const value = Number(document.querySelector('meta[name="cat-data-export-page-size"]')?.content);
  return Number.isInteger(value) && value > 0 ? value : 20000;
}

/**
 * Every page of `GET /export?format=csv`, joined into one file: the API pages its export (a Lambda answer is at most
 * 6 MB), so a single request would hand a large municipality only its first page. Each page is a complete CSV (BOM,
 * header row, formula-defused cells, CRLF); the file keeps one BOM and one header row.
 * @param {string} apiBase
 * @param {(pages: number) => void} progress
 * @returns {Promise<Blob>}
 */
async function allCsvPages(apiBase, progress) {
  const parts = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ format: 'csv', limit: String(pageSize()) });
    if (cursor) query.set('cursor', cursor);
    const response = await fetch(`${apiBase}/export?${query}`);
    if (!response.ok) throw new Error(`export: HTTP ${response.status}`);
    // text() decodes UTF-8 and drops the BOM; the file gets one, for spreadsheets, in front of the first page.
    let text = (await response.text()).replace(/^\uFEFF/, '');
    if (parts.length > 0) text = text.replace(/^[^\r\n]*\r?\n/, '');
    // A page ends with its last row, without a line break: the next page's rows start on a line of their own.
    if (text !== '' && !text.endsWith('\n')) text += '\r\n';
    parts.push(text);
    progress(parts.length);
    cursor = response.headers.get('x-next-cursor');
  } while (cursor);
  return new Blob(['\uFEFF', ...parts], { type: 'text/csv;charset=utf-8' });
}

/**
 * The site footer: sources and the open-data download (every page of the export, as one CSV file).
 * @param {{ apiBase: string }} props
 * @returns {HTMLElement}
 */
export function Footer({ apiBase }) {
  const footer = document.createElement('footer');
  footer.className = 'site';
  const p = document.createElement('p');
  const link = document.createElement('a');
  link.href = `${apiBase}/export?format=csv`;
  link.textContent = 'オープンデータ (CSV)';
  const status = document.createElement('span');
  status.setAttribute('role', 'status');
  link.addEventListener('click', (event) => {
    event.preventDefault();
    status.textContent = ' 準備中…';
    allCsvPages(apiBase, (pages) => {
      status.textContent = ` 準備中… ${pages} ページ`;
    })
      .then((blob) => {
        const save = document.createElement('a');
        save.href = URL.createObjectURL(blob);
        save.download = 'cat-data-open-data.csv';
        save.click();
        setTimeout(() => URL.revokeObjectURL(save.href), 60_000);
        status.textContent = '';
      })
      .catch((error) => {
        status.textContent = ` ダウンロードできませんでした (${error.message})`;
      });
  });
  p.append(
    '集計は自治体の保護記録から。国の公表値: 環境省「犬・猫の引取り及び負傷動物の収容状況」。 ',
    link,
    status,
  );
  footer.append(p);
  return footer;
}
