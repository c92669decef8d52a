// A small line chart in SVG: one line per instance over the last minutes. No library needed.
'use strict';
const chart = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const COLORS = ['#2f6fdb', '#1f9d55', '#c78a00', '#d0342c', '#8e44ad', '#16a085', '#e67e22', '#34495e'];
  const W = 600, H = 160, LEFT = 52, BOTTOM = 16, TOP = 8;

  function node(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // series: {label: [[at_ms, value], ...]}; format: value -> axis text. The time axis spans the
  // samples there are, from one minute up to maxWindowMs, so a young dashboard's lines are not a sliver.
  function draw(svg, series, format, maxWindowMs) {
    const now = Date.now();
    let first = now;
    for (const pts of Object.values(series)) if (pts.length > 0) first = Math.min(first, pts[0][0]);
    const windowMs = Math.min(maxWindowMs, Math.max(60000, now - first));
    const from = now - windowMs;
    let max = 0;
    for (const pts of Object.values(series)) for (const [, v] of pts) max = Math.max(max, v);
    max = max <= 0 ? 1 : max * 1.15;
    const x = t => LEFT + (W - LEFT - 4) * (t - from) / windowMs;
    const y = v => TOP + (H - TOP - BOTTOM) * (1 - v / max);
    const parts = [];
    for (let i = 0; i <= 4; i++) {
      const v = max * i / 4;
      parts.push(node('line', {class: 'grid', x1: LEFT, x2: W, y1: y(v), y2: y(v)}));
      parts.push(node('text', {class: 'axis', x: 2, y: y(v) + 3}, format(v)));
    }
    parts.push(node('text', {class: 'axis', x: LEFT, y: H - 3}, '-' + (windowMs < 120000 ? Math.round(windowMs / 1000) + ' s' : Math.round(windowMs / 60000) + ' min')));
    parts.push(node('text', {class: 'axis', x: W - 30, y: H - 3}, 'now'));
    Object.entries(series).forEach(([label, pts], i) => {
      const shown = pts.filter(([t]) => t >= from);
      if (shown.length === 0) return;
      const points = shown.map(([t, v]) => x(t).toFixed(1) + ',' + y(v).toFixed(1)).join(' ');
      const line = node('polyline', {points, fill: 'none', stroke: COLORS[i % COLORS.length], 'stroke-width': 2,
        'data-series': label, 'vector-effect': 'non-scaling-stroke'});
      line.append(node('title', {}, label));
      parts.push(line);
    });
    svg.replaceChildren(...parts);
  }

  return {draw};
})();
