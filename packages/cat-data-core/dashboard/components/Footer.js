/**
 * The site footer: sources and the open-data download.
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
  p.append('集計は自治体の保護記録から。国の公表値: 環境省「犬・猫の引取り及び負傷動物の収容状況」。 ', link);
  footer.append(p);
  return footer;
}
