// html-to-image copies each HTML element's computed style, but clones an <svg> whole with its
// class names only: in the exported picture no stylesheet applies, so edges lose their stroke
// and shapes fill black. These properties are written onto the copy's SVG shapes instead.
const SVG_PROPERTIES = [
  'display',
  'visibility',
  'opacity',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'marker-start',
  'marker-mid',
  'marker-end',
  'paint-order',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'color',
] as const;

/** Writes the computed SVG paint of each shape inside `live`'s <svg> elements onto the same
 *  shape in `copy` (a clone of `live` in which stylesheets no longer apply). Shapes are paired
 *  in document order (`:scope` keeps the copy's own enclosing <svg> out of the match); a pair
 *  whose tags differ is left alone. */
export function inlineSvgStyles(live: Element, copy: Element): void {
  const from = [...live.querySelectorAll(':scope svg *')];
  const to = [...copy.querySelectorAll(':scope svg *')];
  for (let i = 0; i < Math.min(from.length, to.length); i++) {
    if (from[i].tagName !== to[i].tagName) continue;
    const computed = getComputedStyle(from[i]);
    const style = SVG_PROPERTIES.map((p) => [p, computed.getPropertyValue(p)] as const)
      .filter(([, v]) => v !== '')
      .map(([p, v]) => `${p}: ${v}`)
      .join('; ');
    to[i].setAttribute('style', style);
  }
}
