// Pain-point review: the list by severity with trend sparklines, a pain point's detail with
// its quotes in Hebrew and English and its units, and the edits: rename, merge, split,
// dismiss, move a unit. Every edit tells the other open pages (the map) to re-fetch.
'use strict';

(function () {
  const M = window.Miner;
  if (!M.getKey()) return;
  const $ = (id) => document.getElementById(id);
  const P = M.painPoints;
  let list = [];
  let selected = null; // the detail shown
  let tax = { stage: [] };

  const label = (pp) => M.bilingual(pp.label_en, pp.label_he) || pp.id;

  // ---- sparkline: the pain point's units per period, as an inline SVG ----
  function sparkline(values, width, height) {
    const w = width || 90, h = height || 24;
    const chart = M.svg('svg', { class: 'sparkline', width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img',
      'aria-label': M.t('trend') + ': ' + (values.length ? values.join(', ') : M.t('no_trend')) });
    if (values.length < 2) {
      chart.append(M.svg('line', { x1: 2, y1: h / 2, x2: w - 2, y2: h / 2, class: 'spark-empty' }));
      return chart;
    }
    const max = Math.max(...values, 1);
    const step = (w - 4) / (values.length - 1);
    // Time runs with the reading direction: right to left in the Hebrew interface.
    const rtl = M.lang === 'he';
    const pts = values.map((v, i) => {
      const x = 2 + (rtl ? values.length - 1 - i : i) * step;
      return x.toFixed(1) + ',' + (h - 2 - (v / max) * (h - 4)).toFixed(1);
    });
    chart.append(M.svg('polyline', { points: pts.join(' '), class: 'spark-line' }));
    const last = pts[pts.length - 1].split(',');
    chart.append(M.svg('circle', { cx: last[0], cy: last[1], r: 2.5, class: 'spark-dot' }));
    return chart;
  }

  // ---- the list ----
  async function loadList() {
    const form = $('pp-list-filters');
    const query = { status: form.elements.status.value, stage: form.elements.stage.value };
    try {
      list = await P.list(query);
    } catch (err) {
      M.showError($('page-error'), err);
      return;
    }
    list.sort((a, b) => (P.severity(b) - P.severity(a)) || (P.size(b) - P.size(a)));
    const ol = M.clear($('pp-list'));
    for (const pp of list) {
      ol.append(M.el('li', {},
        M.el('button', {
          type: 'button', class: 'pp-item', dataset: { painPoint: pp.id },
          'aria-current': selected && selected.id === pp.id ? 'true' : null,
          on: { click: () => select(pp.id) },
        },
        M.userText('span', label(pp), { class: 'pp-label' }),
        M.el('span', { class: 'pp-meta' }, M.tCount('pain_point_meta', P.size(pp), { units: M.fmt.int(P.size(pp)), severity: P.severityText(pp) }),
          pp.growing ? M.el('span', { class: 'badge growing' }, M.t('growing')) : null),
        sparkline(P.trend(pp)))));
    }
    M.show($('pp-list-empty'), list.length === 0);
  }

  $('pp-list-filters').addEventListener('change', () => loadList());

  // ---- the detail ----
  async function select(id) {
    const url = new URL(location.href);
    url.searchParams.set('pp', id);
    history.replaceState(null, '', url);
    let detail;
    let members;
    try {
      // The detail (quotes, trend) and all its units (to split or move), side by side.
      [detail, members] = await Promise.all([P.get(id), M.units.list({ pain_point: id, limit: 500 })]);
    } catch (err) {
      M.showError($('page-error'), err);
      return;
    }
    selected = detail;
    selected.memberUnits = members.items;
    for (const b of document.querySelectorAll('.pp-item')) {
      if (b.dataset.painPoint === id) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
    renderDetail(detail);
  }

  function renderDetail(pp) {
    $('pp-detail').dataset.painPoint = pp.id;
    M.show($('pp-detail-empty'), false);
    M.show($('pp-detail-body'), true);
    M.showError($('pp-action-error'), null);
    $('pp-title').textContent = label(pp);
    $('pp-subtitle').textContent = M.lang === 'he' ? pp.label_en || '' : pp.label_he || '';
    // The stages most of its units are at, with their share of them.
    const stages = (pp.stages || []).slice(0, 3)
      .map((s) => M.labelName(tax, 'stage', s.label) + ' ' + M.fmt.share(s.share)).join(', ');
    $('pp-stats').textContent = M.tCount('pain_point_detail_stats', P.size(pp), {
      units: M.fmt.int(P.size(pp)), severity: P.severityText(pp), stages: stages || '–',
      status: M.t('status_' + (pp.status || 'active')),
    });
    $('pp-trend').replaceChildren(M.el('span', { class: 'muted' }, M.t('trend') + ': '), sparkline(P.trend(pp), 240, 48),
      M.el('span', { class: 'muted small' }, P.trendPeriods(pp)));
    const quotes = P.quotes(pp);
    for (const language of ['he', 'en']) {
      const ul = M.clear($('pp-quotes-' + language));
      // Mixed-language quotes go with Hebrew: that is the side that reads them right to left.
      const mine = quotes.filter((q) => (language === 'he' ? q.language !== 'en' : q.language === 'en'));
      for (const q of mine) ul.append(M.el('li', {}, M.userText('blockquote', q.text, { dataset: { unitId: q.unit_id } })));
      if (!mine.length) ul.append(M.el('li', { class: 'muted' }, M.t('no_quotes')));
    }
    const units = M.clear($('pp-units'));
    const placedBy = P.placedBy(pp);
    for (const unit of pp.memberUnits || []) {
      const id = M.units.id(unit);
      const box = M.el('input', { type: 'checkbox', id: 'unit-' + id, value: id, on: { change: updateSplit } });
      units.append(M.el('li', { dataset: { unitId: id } },
        box,
        M.userText('label', unit.text, { for: 'unit-' + id }),
        placedBy.get(id) === 'analyst' ? M.el('span', { class: 'badge corrected' }, M.t('placed_by_analyst')) : null,
        M.el('button', {
          type: 'button', class: 'secondary small-button move-unit', 'aria-label': M.t('move_unit') + ': ' + unit.text,
          on: { click: () => openMove(unit) },
        }, M.t('move'))));
    }
    updateSplit();
    const dismissed = pp.status === 'dismissed';
    const merged = pp.status === 'merged';
    $('pp-dismiss-button').hidden = dismissed;
    $('pp-restore-button').hidden = !dismissed;
    for (const name of ['pp-merge-button', 'pp-dismiss-button', 'pp-restore-button']) $(name).disabled = merged;
    if (dismissed || merged) $('pp-merge-button').disabled = true;
  }

  function checkedUnits() {
    return Array.from(document.querySelectorAll('#pp-units input[type=checkbox]:checked')).map((b) => Number(b.value));
  }

  function updateSplit() {
    const count = checkedUnits().length;
    const total = document.querySelectorAll('#pp-units input[type=checkbox]').length;
    $('pp-split-button').disabled = count === 0 || count === total || selected.status === 'merged';
  }

  // ---- edits ----
  async function edit(action, message) {
    M.showError($('pp-action-error'), null);
    $('pp-action-done').hidden = true;
    let answer;
    try {
      answer = await action();
    } catch (err) {
      M.showError($('pp-action-error'), err);
      return null;
    }
    M.notifyEdit('pain_points');
    await loadList();
    $('pp-action-done').textContent = message;
    $('pp-action-done').hidden = false;
    return answer || {};
  }

  $('pp-rename-button').addEventListener('click', () => {
    $('rename-en').value = selected.label_en || '';
    $('rename-he').value = selected.label_he || '';
    M.openDialog($('rename-dialog'));
  });
  $('rename-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const labels = { label_en: $('rename-en').value.trim(), label_he: $('rename-he').value.trim() };
    $('rename-dialog').close();
    if (await edit(() => P.rename(selected.id, labels), M.t('done_rename'))) await select(selected.id);
  });

  /** The active pain points other than the one shown (whatever the list's filter). */
  async function otherActive() {
    try {
      return (await P.list({ status: 'active' })).filter((x) => x.id !== selected.id);
    } catch (err) {
      M.showError($('pp-action-error'), err);
      return null;
    }
  }

  $('pp-merge-button').addEventListener('click', async () => {
    const others = await otherActive();
    if (!others) return;
    const options = M.clear($('merge-options'));
    for (const pp of others) {
      options.append(M.el('li', {},
        M.el('input', { type: 'checkbox', id: 'merge-' + pp.id, value: pp.id }),
        M.el('label', { for: 'merge-' + pp.id }, M.userText('span', label(pp)), ' ', M.el('span', { class: 'muted' }, '(' + M.fmt.int(P.size(pp)) + ')'))));
    }
    M.openDialog($('merge-dialog'));
  });
  $('merge-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const others = Array.from($('merge-options').querySelectorAll('input:checked')).map((b) => b.value);
    $('merge-dialog').close();
    if (!others.length) return;
    const answer = await edit(() => P.merge(selected.id, others), M.t('done_merge'));
    if (answer) await select(selected.id);
  });

  $('pp-split-button').addEventListener('click', () => {
    $('split-count').textContent = M.t('split_count', { count: checkedUnits().length });
    $('split-en').value = '';
    $('split-he').value = '';
    M.openDialog($('split-dialog'));
  });
  $('split-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const unitIds = checkedUnits();
    const labels = { label_en: $('split-en').value.trim(), label_he: $('split-he').value.trim() };
    $('split-dialog').close();
    // The API names the new pain point itself; names given here are set on it right after.
    const answer = await edit(async () => {
      const split = await P.split(selected.id, unitIds);
      const created = P.newId(split);
      if (created && (labels.label_en || labels.label_he)) await P.rename(created, labels);
      return split;
    }, M.t('done_split'));
    if (answer) await select(P.newId(answer) || selected.id);
  });

  $('pp-dismiss-button').addEventListener('click', () => M.openDialog($('dismiss-dialog')));
  $('dismiss-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('dismiss-dialog').close();
    if (await edit(() => P.dismiss(selected.id), M.t('done_dismiss'))) await select(selected.id);
  });
  $('pp-restore-button').addEventListener('click', async () => {
    if (await edit(() => P.restore(selected.id), M.t('done_restore'))) await select(selected.id);
  });

  let moving = null;
  async function openMove(unit) {
    const targets = await otherActive();
    if (!targets) return;
    moving = unit;
    $('move-unit-text').textContent = unit.text;
    $('move-target').replaceChildren(...targets.map((pp) => M.el('option', { value: pp.id }, label(pp))));
    M.openDialog($('move-dialog'));
  }
  $('move-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const target = $('move-target').value;
    $('move-dialog').close();
    if (!target) return;
    if (await edit(() => P.moveUnit(M.units.id(moving), target), M.t('done_move'))) await select(selected.id);
  });

  // ---- start ----
  M.taxonomy().then((t) => {
    tax = t;
    M.fillLabelSelect($('pp-stage'), tax, 'stage');
    if (selected) renderDetail(selected);
  });
  M.onEdit(() => {
    loadList();
    if (selected) select(selected.id);
  });
  loadList().then(() => {
    const wanted = new URLSearchParams(location.search).get('pp');
    if (wanted) select(wanted);
    else if (list.length) select(list[0].id);
  });
})();
