/**
 * Pack lineage as a graph: one box per pack version, an arrow from the pack it was made from
 * (a seasoned encoder from its parent), laid out in columns by generation. Parents that are not in
 * the store still appear, dashed, so a chain is never cut.
 */
import type { PackEntry } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
const BOX = { w: 190, h: 34, gapX: 60, gapY: 14 };

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function lineageGraph(packs: PackEntry[], highlight: (pack: PackEntry) => boolean): SVGSVGElement {
  const id = (p: { name: string; version: string }) => `${p.name}@${p.version}`;
  const known = new Map(packs.map((p) => [id(p), p]));
  const nodes = new Set<string>([...known.keys(), ...packs.flatMap((p) => (p.parent ? [p.parent] : []))]);
  const depth = new Map<string, number>();
  const depthOf = (node: string, seen = new Set<string>()): number => {
    if (depth.has(node)) return depth.get(node)!;
    const parent = known.get(node)?.parent;
    const d = parent && !seen.has(node) ? depthOf(parent, seen.add(node)) + 1 : 0;
    depth.set(node, d);
    return d;
  };
  const columns: string[][] = [];
  for (const node of [...nodes].sort()) (columns[depthOf(node)] ??= []).push(node);
  const position = new Map<string, { x: number; y: number }>();
  columns.forEach((column, c) => column.forEach((node, r) => position.set(node, { x: 10 + c * (BOX.w + BOX.gapX), y: 10 + r * (BOX.h + BOX.gapY) })));
  const width = 20 + columns.length * (BOX.w + BOX.gapX);
  const height = 20 + Math.max(1, ...columns.map((c) => c.length)) * (BOX.h + BOX.gapY);
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, id: 'lineage-graph' });
  const defs = el('defs', {});
  const marker = el('marker', { id: 'arrow', markerWidth: 8, markerHeight: 8, refX: 7, refY: 4, orient: 'auto' });
  marker.append(el('path', { d: 'M0,0 L8,4 L0,8 z', fill: '#667' }));
  defs.append(marker);
  svg.append(defs);
  for (const pack of packs) {
    if (!pack.parent) continue;
    const [from, to] = [position.get(pack.parent)!, position.get(id(pack))!];
    svg.append(el('line', { x1: from.x + BOX.w, y1: from.y + BOX.h / 2, x2: to.x - 2, y2: to.y + BOX.h / 2, stroke: '#667', 'marker-end': 'url(#arrow)' }));
  }
  for (const node of nodes) {
    const { x, y } = position.get(node)!;
    const pack = known.get(node);
    const match = pack !== undefined && highlight(pack);
    svg.append(el('rect', {
      x, y, width: BOX.w, height: BOX.h, rx: 5, fill: match ? '#d8f5dd' : pack ? '#fff' : '#f3f3f3',
      stroke: match ? '#17692a' : '#9aa5b1', 'stroke-dasharray': pack ? '' : '4 3',
    }));
    svg.append(el('text', { x: x + 8, y: y + 14, 'font-size': 12, 'font-weight': 600 }, node));
    svg.append(el('text', { x: x + 8, y: y + 28, 'font-size': 11, fill: '#667' }, pack ? `${pack.kind} · ${pack.plugin}${match ? ' · fits the model' : ''}` : 'not in the store'));
  }
  return svg;
}
