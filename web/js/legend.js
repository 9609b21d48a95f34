// The legend: what each line, pin and circle on the map stands for.
import { t } from './i18n.js';
import { addLegendControl } from './map.js';
import { AREA_LEVELS, AREA_STYLES } from './territory.js';
import { HOUSEHOLD_KINDS } from './households.js';
import { RADIUS_STYLE, PLANNED_RADIUS_STYLE } from './stations.js';

function section(titleKey, rows) {
  const box = document.createElement('section');
  const title = document.createElement('h4');
  title.textContent = t(titleKey);
  box.append(title);
  const list = document.createElement('ul');
  for (const [swatch, label] of rows) {
    const item = document.createElement('li');
    const text = document.createElement('span');
    text.textContent = label;
    item.append(swatch, text);
    list.append(item);
  }
  box.append(list);
  return box;
}

function swatch(className, style = {}) {
  const el = document.createElement('i');
  el.className = `swatch ${className}`;
  Object.assign(el.style, style);
  return el;
}

const areaSwatch = s => swatch('swatch-area', {
  borderColor: s.color,
  borderWidth: `${Math.min(3, Math.max(1, Math.round(s.weight)))}px`,
  borderStyle: s.dashArray ? 'dashed' : 'solid',
  // The map's faint fills would vanish in a 14 px box: show them at least 25 % strong.
  backgroundColor: s.fill === false ? 'transparent' : `color-mix(in srgb, ${s.fillColor} ${Math.max(25, s.fillOpacity * 100)}%, transparent)`,
});

const circleSwatch = s => swatch('swatch-circle', {
  borderColor: s.color,
  borderStyle: s.dashArray ? 'dashed' : 'solid',
  backgroundColor: s.fillOpacity > 0 ? `color-mix(in srgb, ${s.fillColor} 25%, transparent)` : 'transparent',
});

function render(box) {
  box.replaceChildren(
    section('legend.areas', AREA_LEVELS.map(level => [areaSwatch(AREA_STYLES[level]), t(`level.${level}`)])),
    section('legend.households', HOUSEHOLD_KINDS.map(kind => [swatch(`hh-pin hh-${kind}`), t(`kind.${kind}`)])),
    section('legend.stations', [
      [swatch('station-pin station-community station-open'), t('legend.station')],
      [circleSwatch(RADIUS_STYLE), t('legend.radius')],
      [circleSwatch(PLANNED_RADIUS_STYLE), t('legend.planned')],
    ]),
  );
}

export const addLegend = map => addLegendControl(map, 'legend.title', render);
