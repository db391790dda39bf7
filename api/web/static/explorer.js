// Feedback explorer: filter and search opinion units, see each unit's labels, correct a label
// (stored by the API and used the next time the heads are retrained).
'use strict';

(function () {
  const M = window.Miner;
  if (!M.getKey()) return;
  const $ = (id) => document.getElementById(id);
  const U = M.units;
  const FILTERS = ['q', 'stage', 'touchpoint', 'sentiment', 'emotion', 'language', 'source', 'segment', 'date_from', 'date_to'];
  const TASKS = ['stage', 'touchpoint', 'sentiment', 'emotion'];
  const form = $('explorer-filters');
  const tbody = document.querySelector('#units-table tbody');
  let tax = { stage: [], touchpoint: [], sentiment: [], emotion: [] };
  let cursor = null;
  let shown = 0;
  let generation = 0;

  function filters() {
    const out = {};
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) out[name] = value;
    }
    return out;
  }

  /** The filters as the API reads them: a `date_to` day counts whole (up to its last second). */
  function apiFilters() {
    const out = filters();
    if (out.date_to) out.date_to += 'T23:59:59';
    return out;
  }

  function fillFromUrl() {
    const params = new URLSearchParams(location.search);
    for (const name of FILTERS) if (params.get(name)) form.elements[name].value = params.get(name);
  }

  function setUrl(values) {
    const url = new URL(location.href);
    for (const name of FILTERS) url.searchParams.delete(name);
    for (const [name, value] of Object.entries(values)) url.searchParams.set(name, value);
    history.replaceState(null, '', url);
  }

  async function load(more) {
    const mine = more ? generation : ++generation;
    const query = Object.assign({}, apiFilters(), more && cursor ? { cursor } : {});
    let page;
    try {
      page = await U.list(query);
    } catch (err) {
      M.showError($('page-error'), err);
      return;
    }
    if (mine !== generation) return;
    M.showError($('page-error'), null);
    if (!more) {
      M.clear(tbody);
      shown = 0;
    }
    for (const unit of page.items) tbody.append(row(unit));
    shown += page.items.length;
    cursor = page.next_cursor || null;
    M.show($('load-more'), Boolean(cursor));
    M.show($('explorer-empty'), shown === 0);
    $('explorer-summary').textContent = page.total != null
      ? M.t('units_shown_of', { shown: M.fmt.int(shown), total: M.fmt.int(page.total) })
      : M.t('units_shown', { shown: M.fmt.int(shown) });
  }

  function labelCell(unit, task) {
    const value = U.label(unit, task);
    const corrected = U.corrected(unit, task);
    const cell = M.el('td', { dataset: { task } },
      M.el('span', { class: 'label-value' }, value ? M.labelName(tax, task, value) : '–'),
      task === 'sentiment' && unit.sentiment_score != null ? M.el('span', { class: 'muted small' }, ' ' + M.fmt.score(unit.sentiment_score)) : null,
      corrected ? M.el('span', { class: 'badge corrected' }, M.t('corrected')) : null,
      ' ',
      M.el('button', {
        type: 'button', class: 'icon edit', 'aria-label': M.t('correct_label', { label: M.t(task) }),
        title: M.t('correct_label', { label: M.t(task) }), on: { click: () => openCorrection(unit, task) },
      }, '✎'));
    return cell;
  }

  function row(unit) {
    const id = U.id(unit);
    return M.el('tr', { dataset: { unitId: id } },
      M.el('td', { class: 'text-col' }, M.userText('div', unit.text, { lang: unit.language === 'he' || unit.language === 'en' ? unit.language : null }),
        unit.source || unit.date ? M.el('div', { class: 'muted small' }, [unit.source, unit.date ? M.fmt.date(unit.date) : null].filter(Boolean).join(' · ')) : null),
      M.el('td', {}, M.t('lang_' + (unit.language || 'other'))),
      TASKS.map((task) => labelCell(unit, task)));
  }

  // ---- correcting a label ----
  let editing = null;
  function openCorrection(unit, task) {
    editing = { unit, task };
    $('correct-title').textContent = M.t('correct_label', { label: M.t(task) });
    $('correct-label').textContent = M.t(task);
    $('correct-unit-text').textContent = unit.text;
    M.fillLabelSelect($('correct-value'), tax, task, false);
    $('correct-value').value = U.label(unit, task) || '';
    M.showError($('correct-error'), null);
    M.openDialog($('correct-dialog'));
  }

  $('correct-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const { unit, task } = editing;
    const value = $('correct-value').value;
    let updated;
    try {
      updated = await U.correct(U.id(unit), task, value);
    } catch (err) {
      M.showError($('correct-error'), err);
      return;
    }
    $('correct-dialog').close();
    const fresh = updated && updated.text ? updated : U.withCorrection(unit, task, value);
    const old = tbody.querySelector(`tr[data-unit-id="${CSS.escape(String(U.id(unit)))}"]`);
    if (old) old.replaceWith(row(fresh));
    M.notifyEdit('labels');
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setUrl(filters());
    load(false);
  });
  form.addEventListener('reset', () => setTimeout(() => {
    setUrl({});
    load(false);
  }));
  $('load-more').addEventListener('click', () => load(true));

  fillFromUrl();
  M.taxonomy().then((t) => {
    tax = t;
    for (const task of TASKS) {
      const select = form.elements[task];
      const wanted = new URLSearchParams(location.search).get(task) || '';
      M.fillLabelSelect(select, tax, task);
      select.value = wanted;
    }
    load(false);
  });
})();
