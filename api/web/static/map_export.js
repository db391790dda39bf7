// The journey map as one standalone SVG picture (for the SVG export), and that SVG drawn onto
// a canvas for the PNG export. Built with DOM calls and serialized, so user text is escaped.
'use strict';

(function () {
  const M = window.Miner;
  const FONT = 'system-ui, "Segoe UI", "DejaVu Sans", Arial, sans-serif';
  const HEBREW = /[\u0590-\u05FF]/;
  const LATIN = /[A-Za-z]/;

  const EMOTION_COLORS = {
    curiosity: '#7c5cc4', joy: '#2f9e6e', trust: '#2b6cb0', satisfaction: '#38a89d',
    neutral: '#8a96a3', confusion: '#d69e2e', anxiety: '#dd6b20', frustration: '#e0533d',
    anger: '#c53030', disappointment: '#8b2c4a',
  };

  function sentimentColor(score) {
    if (score == null) return '#8a96a3';
    return score < -0.2 ? '#d64545' : score > 0.2 ? '#2f9e6e' : '#8a96a3';
  }

  /** Direction of a text by its first strong letter (what dir="auto" does in HTML). */
  function textDirection(text) {
    for (const ch of String(text)) {
      if (HEBREW.test(ch)) return 'rtl';
      if (LATIN.test(ch)) return 'ltr';
    }
    return M.lang === 'he' ? 'rtl' : 'ltr';
  }

  /** Split `text` into at most `lines` lines of about `width` characters (words kept whole). */
  function wrap(text, width, lines) {
    const words = String(text || '').split(/\s+/).filter(Boolean);
    const out = [];
    let line = '';
    for (const word of words) {
      if (line && (line + ' ' + word).length > width) {
        out.push(line);
        line = word;
        if (out.length === lines) break;
      } else {
        line = line ? line + ' ' + word : word;
      }
    }
    if (out.length < lines && line) out.push(line);
    const used = out.join(' ').length;
    if (used < words.join(' ').length && out.length) {
      out[out.length - 1] = out[out.length - 1].slice(0, width - 1) + '…';
    }
    return out;
  }

  /**
   * The whole map as an SVG element: stage columns (right to left in Hebrew), volume, the
   * emotion curve with the dominant emotion of each stage, sentiment bars, the top pain points,
   * touchpoints, NPS and CSAT.
   */
  function buildSvg(map, names) {
    const stages = map.stages;
    const n = Math.max(stages.length, 1);
    const rtl = M.lang === 'he';
    const pad = 16, laneW = 140, colW = 190;
    const width = pad * 2 + laneW + n * colW;
    const hasNps = stages.some((s) => s.scores && s.scores.nps_n);
    const hasCsat = stages.some((s) => s.scores && s.scores.csat_n);
    const rows = [
      ['stage', 50], ['volume', 30], ['curve', 150], ['sentiment', 34],
      ['pain_points', 160], ['touchpoints', 80],
    ];
    if (hasNps) rows.push(['nps', 30]);
    if (hasCsat) rows.push(['csat', 30]);
    const top = 64;
    const height = top + rows.reduce((sum, r) => sum + r[1], 0) + pad;
    const root = M.svg('svg', {
      xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`,
      'font-family': FONT, 'font-size': 12, fill: '#1f2933',
    });
    root.append(M.svg('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }));
    const laneX = rtl ? width - pad - laneW : pad;
    const colX = (i) => (rtl ? pad + (n - 1 - i) * colW : pad + laneW + i * colW);

    /** Text at the interface's start edge of the box [x, x + w]. */
    function text(content, x, w, y, attrs) {
      const dir = textDirection(content);
      const atRight = rtl;
      const anchor = (dir === 'rtl') === atRight ? 'start' : 'end';
      return M.svg('text', Object.assign({
        x: atRight ? x + w - 8 : x + 8, y, direction: dir, 'text-anchor': anchor,
      }, attrs || {}), String(content));
    }

    const title = names.title + ': ' + (map.project_name || '');
    root.append(text(title, pad, width - 2 * pad, 28, { 'font-size': 18, 'font-weight': 700 }));
    root.append(text(names.subtitle, pad, width - 2 * pad, 48, { fill: '#52606d' }));

    let y = top;
    for (const [lane, h] of rows) {
      root.append(M.svg('rect', { x: pad, y, width: width - 2 * pad, height: h, fill: lane === 'stage' ? '#243b53' : 'none', stroke: '#d9e2ec' }));
      if (lane !== 'stage') {
        root.append(M.svg('rect', { x: laneX, y, width: laneW, height: h, fill: '#f0f4f8', stroke: '#d9e2ec' }));
        root.append(text(names.lanes[lane], laneX, laneW, y + 20, { 'font-weight': 600, fill: '#243b53' }));
      } else {
        root.append(text(names.lanes.stage, laneX, laneW, y + 22, { 'font-weight': 700, fill: '#ffffff' }));
      }
      if (lane === 'curve') drawCurve(root, stages, colX, colW, y, h, names);
      stages.forEach((stage, i) => drawCell(root, lane, stage, colX(i), colW, y, h, names, text));
      y += h;
    }
    return root;
  }

  function drawCurve(root, stages, colX, colW, y, h, names) {
    const mid = y + h / 2 - 10;
    const amp = h / 2 - 30;
    root.append(M.svg('line', { x1: colX(0) < colX(stages.length - 1) ? colX(0) : colX(stages.length - 1), y1: mid, x2: Math.max(colX(0), colX(stages.length - 1)) + colW, y2: mid, stroke: '#9aa5b1', 'stroke-dasharray': '4 4' }));
    const points = [];
    stages.forEach((s, i) => {
      const score = s.emotion ? s.emotion.mean_sentiment : null;
      if (score == null) return;
      points.push([colX(i) + colW / 2, mid - score * amp, s, score]);
    });
    if (points.length > 1) {
      const sorted = points.slice().sort((a, b) => a[0] - b[0]);
      root.append(M.svg('polyline', { points: sorted.map((p) => p[0] + ',' + p[1].toFixed(1)).join(' '), fill: 'none', stroke: '#334e68', 'stroke-width': 2.5 }));
    }
    for (const [x, py, s, score] of points) {
      const emotion = s.emotion.dominant_emotion;
      root.append(M.svg('circle', { cx: x, cy: py, r: 7, fill: EMOTION_COLORS[emotion] || sentimentColor(score), stroke: '#fff', 'stroke-width': 2 }));
      root.append(M.svg('text', { x, y: py - 12, 'text-anchor': 'middle', 'font-size': 11, fill: '#52606d' }, M.fmt.score(score)));
      if (emotion) {
        root.append(M.svg('text', { x, y: y + h - 10, 'text-anchor': 'middle', 'font-weight': 600, fill: EMOTION_COLORS[emotion] || '#1f2933' }, names.emotion(emotion)));
      }
    }
  }

  function drawCell(root, lane, s, x, w, y, h, names, text) {
    const scores = s.scores || {};
    if (lane === 'stage') {
      // Long names take two lines: a column is about 22 bold characters wide.
      wrap(M.bilingual(s.name_en, s.name_he), 22, 2).forEach((line, i) => {
        root.append(text(line, x, w, y + 22 + i * 16, { 'font-weight': 700, fill: '#ffffff', 'font-size': 13 }));
      });
    } else if (lane === 'volume') {
      root.append(text(`${M.fmt.int(s.volume.units)} ${names.units} · ${M.fmt.share(s.volume.unit_share)}`, x, w, y + 20));
    } else if (lane === 'sentiment') {
      const shares = s.emotion.sentiment_shares || {};
      let bx = x + 8;
      const bw = w - 16;
      const order = M.lang === 'he' ? ['positive', 'neutral', 'negative'] : ['negative', 'neutral', 'positive'];
      const colors = { negative: '#d64545', neutral: '#9aa5b1', positive: '#2f9e6e' };
      for (const key of order) {
        const part = (shares[key] || 0) * bw;
        if (part > 0) root.append(M.svg('rect', { x: bx, y: y + 12, width: part, height: 10, fill: colors[key] }));
        bx += part;
      }
    } else if (lane === 'pain_points') {
      let py = y + 18;
      for (const pp of (s.pain_points || []).slice(0, 3)) {
        const label = M.bilingual(pp.label_en, pp.label_he) || pp.id;
        // The whole name as the group's title: the lines below may cut it short.
        const group = M.svg('g', { 'data-pain-point': pp.id }, M.svg('title', {}, label));
        for (const line of wrap(label, 25, 2)) {
          group.append(text(line, x, w, py, { 'font-weight': 600 }));
          py += 14;
        }
        group.append(text(M.tCount('pain_point_meta', pp.units, { units: M.fmt.int(pp.units), severity: M.painPoints.severityText(pp) }), x, w, py, { fill: '#52606d', 'font-size': 11 }));
        root.append(group);
        py += 18;
      }
    } else if (lane === 'touchpoints') {
      let ty = y + 18;
      for (const tp of (s.touchpoints || []).slice(0, 4)) {
        // One line each: a long name is cut short so the count still fits in the column.
        const count = M.fmt.int(tp.units);
        const name = wrap(M.bilingual(tp.name_en, tp.name_he), 28 - count.length - 3, 1)[0] || '';
        root.append(text(`${name} · ${count}`, x, w, ty, { fill: tp.importance === 'critical' ? '#c53030' : '#1f2933' }));
        ty += 16;
      }
    } else if (lane === 'nps' && scores.nps_n) {
      root.append(text(`${M.fmt.nps(scores.nps)} (n=${scores.nps_n})`, x, w, y + 20));
    } else if (lane === 'csat' && scores.csat_n) {
      root.append(text(`${M.fmt.pct(scores.csat)} (n=${scores.csat_n})`, x, w, y + 20));
    }
  }

  function serialize(svgElement) {
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svgElement);
  }

  /** Draw an SVG document onto a canvas and return it as a PNG blob (scale 2 for sharpness). */
  async function toPng(svgText, width, height, scale) {
    const factor = scale || 2;
    const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
    try {
      const image = new Image();
      await new Promise((resolve, reject) => {
        image.onload = resolve;
        image.onerror = () => reject(new Error(M.t('export_failed')));
        image.src = url;
      });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(width * factor);
      canvas.height = Math.ceil(height * factor);
      const context = canvas.getContext('2d');
      context.scale(factor, factor);
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
      context.drawImage(image, 0, 0, width, height);
      return await new Promise((resolve, reject) =>
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(M.t('export_failed')))), 'image/png'));
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  window.MapExport = { buildSvg, serialize, toPng, EMOTION_COLORS, sentimentColor, textDirection };
})();
