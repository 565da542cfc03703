/**
 * The site header.
 * @param {{ title: string, subtitle: string }} props
 * @returns {HTMLElement}
 */
export function Header({ title, subtitle }) {
  const header = document.createElement('header');
  header.className = 'site';
  const h1 = document.createElement('h1');
  h1.textContent = title;
  const p = document.createElement('p');
  p.textContent = subtitle;
  header.append(h1, p);
  return header;
}
