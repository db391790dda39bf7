// The journey map page: filters, the map table (stages as columns, lanes as rows, the emotion
// curve as SVG), the pain-point dialog with quotes and rename, and the exports.
'use strict';

(function () {
  const M = window.Miner;
  const X = window.MapExport;
  if (!M.getKey()) return;
  const $ = (id) => document.getElementById(id);
  const FILTERS = ['date_from', 'date_to', 'source', 'segment', 'language'];
  const form = $('map-filters');
  const table = $('journey-map');
  let current = null; // the map shown
  let tax = { stage: [], touchpoint: [], sentiment: [], emotion: [] };
  let loading = null;

  // ---- filters live in the address, so a filtered map can be shared and reloaded ----
  function filtersFromUrl() {
    const params = new URLSearchParams(location.search);
    const out = {};
    for (const name of FILTERS) if (params.get(name)) out[name] = params.get(name);
    return out;
  }

  function filtersFromForm() {
    const out = {};
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) out[name] = value;
    }
    return out;
  }

  function fillForm(filters) {
    for (const name of FILTERS) form.elements[name].value = filters[name] || '';
  }

  function setUrl(filters) {
    const url = new URL(location.href);
    for (const name of FILTERS) url.searchParams.delete(name);
    for (const [name, value] of Object.entries(filters)) url.searchParams.set(name, value);
    history.replaceState(null, '', url);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const filters = filtersFromForm();
    setUrl(filters);
    load();
  });
  form.addEventListener('reset', () => {
    setTimeout(() => {
      setUrl({});
      load();
    });
  });

  // ---- loading ----
  async function load() {
    const filters = filtersFromUrl();
    const request = M.api('/projects/' + M.projectId + '/map', { query: filters });
    loading = request;
    let answer;
    try {
      answer = await request;
    } catch (err) {
      if (loading === request) M.showError($('page-error'), err);
      return;
    }
    if (loading !== request) return; // a newer request is on its way
    M.showError($('page-error'), null);
    current = answer && answer.stages ? answer : answer.map;
    render(current);
  }

  // ---- rendering ----
  const emotionName = (key) => M.labelName(tax, 'emotion', key);

  function laneRow(lane, title, cells) {
    return M.el('tr', { class: 'lane-' + lane, dataset: { lane } },
      M.el('th', { scope: 'row', class: 'lane' }, title), cells);
  }

  function render(map) {
    const stages = map.stages || [];
    const totals = map.totals || {};
    const scores = totals.scores || {};
    $('map-summary').replaceChildren(
      M.t('map_summary', {
        units: M.fmt.int(totals.volume ? totals.volume.units : 0),
        records: M.fmt.int(totals.volume ? totals.volume.records : 0),
      }),
      scores.nps_n ? ' · NPS ' + M.fmt.nps(scores.nps) + ' (n=' + scores.nps_n + ')' : '',
      scores.csat_n ? ' · CSAT ' + M.fmt.pct(scores.csat) + ' (n=' + scores.csat_n + ')' : ''
    );
    const empty = !totals.volume || !totals.volume.units;
    M.show($('map-empty'), empty);
    const head = M.el('thead', {}, M.el('tr', {},
      M.el('th', { scope: 'col', class: 'lane' }, M.t('stage')),
      stages.map((s) => M.el('th', { scope: 'col', dataset: { stage: s.key } },
        M.el('span', { class: 'stage-name' }, M.bilingual(s.name_en, s.name_he))))));
    const body = M.el('tbody', {},
      laneRow('volume', M.t('volume'), stages.map((s) => M.el('td', {},
        M.el('span', { class: 'big' }, M.fmt.int(s.volume.units)), ' ', M.t('units'), ' ',
        M.el('span', { class: 'muted', title: M.t('of_feedback', { share: M.fmt.share(s.volume.unit_share) }) },
          '(' + M.fmt.share(s.volume.unit_share) + ')')))),
      laneRow('curve', M.t('emotion_curve'), M.el('td', { colspan: stages.length || 1, class: 'curve-cell' },
        M.el('div', { class: 'curve-host', id: 'curve-host' }))),
      laneRow('emotion', M.t('emotion'), stages.map(emotionCell)),
      laneRow('sentiment', M.t('sentiment'), stages.map(sentimentCell)),
      laneRow('pain_points', M.t('pain_points'), stages.map(painPointCell)),
      laneRow('touchpoints', M.t('touchpoints'), stages.map(touchpointCell)),
      stages.some((s) => s.scores && s.scores.nps_n)
        ? laneRow('nps', 'NPS', stages.map((s) => scoreCell(s.scores.nps_n, M.fmt.nps(s.scores.nps)))) : null,
      stages.some((s) => s.scores && s.scores.csat_n)
        ? laneRow('csat', 'CSAT', stages.map((s) => scoreCell(s.scores.csat_n, M.fmt.pct(s.scores.csat)))) : null
    );
    table.replaceChildren(head, body);
    drawCurve();
    renderDefinitions(map.definitions || {});
  }

  /** The dominant emotion and the next ones. */
  function emotionCell(s) {
    const e = s.emotion || {};
    if (!e.dominant_emotion) return M.el('td', {}, M.el('span', { class: 'muted' }, '–'));
    const mix = Object.entries(e.emotion_mix || {})
      .filter(([key]) => key !== e.dominant_emotion)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2);
    const swatch = M.el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = X.EMOTION_COLORS[e.dominant_emotion] || '#8a96a3';
    return M.el('td', { dataset: { emotion: e.dominant_emotion } },
      swatch, M.el('strong', { class: 'dominant-emotion' }, emotionName(e.dominant_emotion)), ' ',
      M.fmt.share(e.dominant_emotion_share),
      mix.length ? M.el('div', { class: 'muted small' }, mix.map(([key, share]) => emotionName(key) + ' ' + M.fmt.share(share)).join(' · ')) : null);
  }

  /** The mean sentiment score and the negative / neutral / positive split as a bar. */
  function sentimentCell(s) {
    const e = s.emotion || {};
    if (e.mean_sentiment == null) return M.el('td', {}, M.el('span', { class: 'muted' }, '–'));
    return M.el('td', { dataset: { meanSentiment: e.mean_sentiment } },
      M.el('span', { class: 'muted small' }, M.t('mean_sentiment') + ' '), M.el('strong', {}, M.fmt.score(e.mean_sentiment)),
      sentimentBar(e.sentiment_shares || {}));
  }

  function sentimentBar(shares) {
    const label = ['negative', 'neutral', 'positive'].map((k) => M.t('sentiment_' + k) + ' ' + M.fmt.share(shares[k] || 0)).join(', ');
    const bar = M.el('div', { class: 'bar', role: 'img', 'aria-label': label, title: label });
    for (const key of ['negative', 'neutral', 'positive']) {
      const part = M.el('span', { class: 'bar-' + key });
      part.style.inlineSize = (100 * (shares[key] || 0)).toFixed(1) + '%';
      bar.append(part);
    }
    return bar;
  }

  function touchpointCell(s) {
    const list = (s.touchpoints || []).slice(0, 5);
    if (!list.length) return M.el('td', {}, M.el('span', { class: 'muted' }, '–'));
    return M.el('td', {}, M.el('ul', { class: 'cells' }, list.map((tp) => M.el('li', {},
      M.bilingual(tp.name_en, tp.name_he), ' ', M.el('span', { class: 'muted' }, M.fmt.int(tp.units)),
      tp.importance ? M.el('span', { class: 'badge importance-' + tp.importance }, M.t('importance_' + tp.importance)) : null))));
  }

  function painPointCell(s) {
    const list = s.pain_points || [];
    if (!list.length) return M.el('td', {}, M.el('span', { class: 'muted' }, '–'));
    return M.el('td', {}, M.el('ul', { class: 'cells' }, list.map((pp) => M.el('li', {},
      M.el('button', {
        type: 'button', class: 'pain-point', dataset: { painPoint: pp.id, stage: s.key },
        on: { click: () => openPainPoint(pp, s) },
      },
      M.userText('span', M.bilingual(pp.label_en, pp.label_he) || pp.id, { class: 'pp-label' }),
      M.el('span', { class: 'pp-meta' }, M.tCount('pain_point_meta', pp.units, { units: M.fmt.int(pp.units), severity: M.painPoints.severityText(pp) })))))));
  }

  function scoreCell(n, value) {
    if (!n) return M.el('td', {}, M.el('span', { class: 'muted' }, '–'));
    return M.el('td', {}, M.el('span', { class: 'big' }, value), ' ', M.el('span', { class: 'muted' }, 'n=' + n));
  }

  function renderDefinitions(definitions) {
    $('map-definitions').replaceChildren(...Object.entries(definitions).flatMap(([name, text]) =>
      [M.el('dt', {}, name), M.el('dd', {}, text)]));
  }

  // ---- the emotion curve: drawn at the cell's real width so its labels are not stretched ----
  function drawCurve() {
    const host = $('curve-host');
    if (!host || !current) return;
    const stages = current.stages || [];
    const n = Math.max(stages.length, 1);
    const width = Math.max(host.clientWidth, 100);
    const height = 116;
    const rtl = getComputedStyle(table).direction === 'rtl';
    const colW = width / n;
    const mid = height / 2 - 6;
    const amp = height / 2 - 26;
    const x = (i) => (rtl ? n - 1 - i : i) * colW + colW / 2;
    const chart = M.svg('svg', { class: 'curve', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': M.t('emotion_curve') });
    chart.append(M.svg('line', { x1: 0, y1: mid, x2: width, y2: mid, class: 'zero-line' }));
    const points = [];
    stages.forEach((s, i) => {
      if (s.emotion && s.emotion.mean_sentiment != null) points.push([x(i), mid - s.emotion.mean_sentiment * amp, s]);
    });
    if (points.length > 1) {
      const ordered = points.slice().sort((a, b) => a[0] - b[0]);
      chart.append(M.svg('polyline', { class: 'curve-line', points: ordered.map((p) => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join(' ') }));
    }
    for (const [px, py, s] of points) {
      const emotion = s.emotion.dominant_emotion;
      const group = M.svg('g', { class: 'curve-point', dataset: { stage: s.key, emotion: emotion || '' } });
      group.append(M.svg('title', {}, M.bilingual(s.name_en, s.name_he) + ': ' + M.fmt.score(s.emotion.mean_sentiment) + (emotion ? ' · ' + emotionName(emotion) : '')));
      group.append(M.svg('circle', { cx: px, cy: py, r: 7, fill: X.EMOTION_COLORS[emotion] || X.sentimentColor(s.emotion.mean_sentiment) }));
      group.append(M.svg('text', { x: px, y: py - 12, 'text-anchor': 'middle', class: 'curve-score' }, M.fmt.score(s.emotion.mean_sentiment)));
      if (emotion) group.append(M.svg('text', { x: px, y: height - 6, 'text-anchor': 'middle', class: 'curve-emotion' }, emotionName(emotion)));
      chart.append(group);
    }
    host.replaceChildren(chart);
  }
  new ResizeObserver(() => drawCurve()).observe($('map-scroll'));

  // ---- the pain-point dialog: quotes, both labels, rename ----
  const dialog = $('pain-point-dialog');
  let shown = null;
  function openPainPoint(pp, stage) {
    shown = pp;
    $('pp-dialog-title').textContent = M.bilingual(pp.label_en, pp.label_he) || pp.id;
    $('pp-dialog-other-label').textContent = M.lang === 'he' ? pp.label_en || '' : pp.label_he || '';
    $('pp-dialog-stats').textContent = M.tCount('pain_point_stats', pp.units, {
      stage: M.bilingual(stage.name_en, stage.name_he), units: M.fmt.int(pp.units),
      share: M.fmt.share(pp.share), all: M.fmt.int(pp.units_all_stages), severity: M.painPoints.severityText(pp),
    });
    const quotes = $('pp-dialog-quotes');
    quotes.replaceChildren(...(pp.quotes || []).map((q) => M.el('li', {},
      M.userText('blockquote', q.text, { lang: q.language === 'he' || q.language === 'en' ? q.language : null, dataset: { unitId: q.unit_id } }))));
    if (!(pp.quotes || []).length) quotes.append(M.el('li', { class: 'muted' }, M.t('no_quotes')));
    $('pp-rename-en').value = pp.label_en || '';
    $('pp-rename-he').value = pp.label_he || '';
    M.showError($('pp-rename-error'), null);
    $('pp-dialog-review').href = '/projects/' + M.projectId + '/pain-points?pp=' + encodeURIComponent(pp.id);
    M.openDialog(dialog);
  }

  $('pp-rename-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const labels = { label_en: $('pp-rename-en').value.trim(), label_he: $('pp-rename-he').value.trim() };
    if (!labels.label_en && !labels.label_he) {
      M.showError($('pp-rename-error'), new Error(M.t('label_required')));
      return;
    }
    try {
      await M.painPoints.rename(shown.id, labels);
    } catch (err) {
      M.showError($('pp-rename-error'), err);
      return;
    }
    dialog.close();
    M.notifyEdit('pain_points');
    await load(); // the map shows the new name at once
  });

  // ---- exports ----
  const exportNames = () => ({
    title: M.t('map_title'),
    subtitle: $('map-summary').textContent + filterText(),
    units: M.t('units'),
    emotion: emotionName,
    lanes: {
      stage: M.t('stage'), volume: M.t('volume'), curve: M.t('emotion_curve'), sentiment: M.t('sentiment'),
      pain_points: M.t('pain_points'), touchpoints: M.t('touchpoints'), nps: 'NPS', csat: 'CSAT',
    },
  });

  function filterText() {
    const filters = filtersFromUrl();
    const parts = Object.entries(filters).map(([k, v]) => M.t(k) + ': ' + v);
    return parts.length ? ' · ' + parts.join(', ') : '';
  }

  async function exportAs(kind) {
    const base = 'journey-map-' + M.projectId;
    if (kind === 'csv' || kind === 'html') {
      const query = Object.assign({ format: kind }, filtersFromUrl(), kind === 'html' ? { lang: M.lang } : {});
      const response = await M.api('/projects/' + M.projectId + '/map', { query, raw: true });
      M.download(await response.blob(), base + '.' + kind);
      return;
    }
    if (!current) return;
    const picture = X.buildSvg(current, exportNames());
    const text = X.serialize(picture);
    if (kind === 'svg') {
      M.download(new Blob([text], { type: 'image/svg+xml' }), base + '.svg');
    } else {
      const png = await X.toPng(text, Number(picture.getAttribute('width')), Number(picture.getAttribute('height')));
      M.download(png, base + '.png');
    }
  }

  for (const button of document.querySelectorAll('[data-export]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await exportAs(button.dataset.export);
      } catch (err) {
        M.showError($('page-error'), err);
      } finally {
        button.disabled = false;
      }
    });
  }

  // ---- edits elsewhere (pain-point review, explorer) show here at once ----
  M.onEdit(() => load());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') load();
  });

  // Sources and segments to choose from, when the project lists them.
  M.project().then((p) => {
    for (const [list, values] of [['source-options', p.sources], ['segment-options', p.segments]]) {
      if (Array.isArray(values)) $(list).replaceChildren(...values.map((v) => M.el('option', { value: v })));
    }
  }).catch(() => {});

  fillForm(filtersFromUrl());
  M.taxonomy().then((t) => {
    tax = t;
    if (current) render(current);
  });
  load();
})();
