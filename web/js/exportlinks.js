// Download links for a layer as a page shows it: GET /api/export/{layer}.{format} with the
// view's filters. They are plain links: the sign-in is the page's own HttpOnly cookie (auth.js),
// which the browser sends with a link on this origin as it does with a fetch, so no token is put
// in the address and the browser streams the file to disk however large it is (a fetch and a blob
// would hold it all in memory first).
import { onLangChange, t } from './i18n.js';

export const EXPORT_FORMATS = [
  { format: 'csv', label: 'CSV' },
  { format: 'geojson', label: 'GeoJSON' },
  { format: 'gpkg', label: 'GeoPackage' },
];

/** The export's address: the layer in the format, with the filters (null and empty ones left out). */
export function exportUrl(layer, format, filters = {}) {
  const url = new URL(`/api/export/${layer}.${format}`, location.origin);
  for (const [name, value] of Object.entries(filters)) {
    if (value !== null && value !== undefined && value !== '') url.searchParams.set(name, value);
  }
  return url.pathname + url.search;
}

/**
 * A group of links, one per format, to export layer as filters() describes the view at the
 * moment of the click (so the page never has to tell them that its filters changed).
 */
export function exportLinks(layer, filters = () => ({})) {
  const group = document.createElement('div');
  group.className = 'export-links';
  group.setAttribute('role', 'group');
  group.dataset.layer = layer;
  const title = document.createElement('span');
  title.className = 'export-title';
  group.append(title);
  const links = EXPORT_FORMATS.map(({ format, label }) => {
    const link = Object.assign(document.createElement('a'), { textContent: label, className: 'export-link' });
    link.dataset.format = format;
    link.download = '';
    // The address is written as the link is about to be followed, with the filters of that moment
    // (the page may not have chosen its area yet when the links are made).
    link.href = exportUrl(layer, format);
    const refresh = () => { link.href = exportUrl(layer, format, filters()); };
    link.addEventListener('pointerdown', refresh);
    link.addEventListener('focus', refresh);
    link.addEventListener('click', refresh);
    group.append(link);
    return link;
  });
  const translate = () => {
    const name = t(`export.layer.${layer}`);
    title.textContent = t('export.title');
    group.setAttribute('aria-label', `${t('export.title')} ${name}`);
    links.forEach((link, i) => link.setAttribute('aria-label', t('export.link', { layer: name, format: EXPORT_FORMATS[i].label })));
  };
  translate();
  onLangChange(translate);
  return group;
}

/** One row of links per layer ({ layer, filters }), each named by its layer, as a map control shows them. */
export function exportRows(layers) {
  const rows = document.createElement('div');
  for (const { layer, filters } of layers) {
    const row = exportLinks(layer, filters);
    const name = document.createElement('span');
    name.className = 'export-layer';
    const translate = () => { name.textContent = t(`export.layer.${layer}`); };
    translate();
    onLangChange(translate);
    row.querySelector('.export-title').replaceWith(name);
    rows.append(row);
  }
  return rows;
}
