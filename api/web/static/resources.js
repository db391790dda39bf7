// The /v1 endpoints the pages use beyond projects, jobs and the map, in one place: the
// pain-point review calls and the unit browse / correction calls, with the readers that
// pull fields out of their answers. If the API's shapes change, this is the file to adapt.
'use strict';

(function () {
  const M = window.Miner;
  const base = () => '/projects/' + M.projectId;
  const pp = (id) => base() + '/pain-points/' + encodeURIComponent(id);

  // Pain points as api/routers/pain_points.py serves them (miner/pain_point_views.py): id,
  // label_en, label_he, status, size, share, severity (0-100), stages / touchpoints as
  // [{label, count, share}], quotes [{unit_id, record_id, text, language}], trend
  // {weeks: {"2026-W18": n}, months: {"2026-05": n}}, growing; the detail adds units
  // [{unit_id, assigned_by, similarity}]. Each edit answers the pain point as it now reads.
  const painPoints = {
    list: async (query) => M.items(await M.api(base() + '/pain-points', { query })),
    get: (id) => M.api(pp(id)),
    /** Only the names given (an empty one is left as it is). */
    rename: (id, labels) => {
      const body = {};
      for (const name of ['label_en', 'label_he']) if (labels[name]) body[name] = labels[name];
      return M.api(pp(id), { method: 'PATCH', json: body });
    },
    /** Merge `others` into `id`; the answer is `id` with their units. */
    merge: (id, others) => M.api(base() + '/pain-points/merge', { method: 'POST', json: { sources: others, target: id } }),
    /** Split `unitIds` out of `id` into a new pain point: {new_ids: [...]}. */
    split: (id, unitIds) => M.api(pp(id) + '/split', { method: 'POST', json: { unit_ids: unitIds } }),
    dismiss: (id) => M.api(pp(id) + '/dismiss', { method: 'POST', json: {} }),
    restore: (id) => M.api(pp(id) + '/dismiss', { method: 'POST', json: { restore: true } }),
    /** Move unit `unitId` (now in another pain point) into `target`. */
    moveUnit: (unitId, target) => M.api(pp(target) + '/units', { method: 'POST', json: { unit_id: unitId } }),

    size: (p) => Number(p.size || 0),
    severity: (p) => Number(p.severity || 0),
    /** Severity as shown: 0-100, whole numbers. */
    severityText: (p) => M.fmt.int(Math.round(Number(p.severity || 0))),
    /** Units per week from the first dated week to the last, weeks without units as 0. */
    trend: (p) => weekly(p).map(([, n]) => n),
    trendPeriods: (p) => {
      const weeks = weekly(p);
      // Each week isolated on its own: in Hebrew the first week sits at the right, as in the chart.
      return weeks.length ? ' ' + M.ltr(weeks[0][0]) + ' – ' + M.ltr(weeks[weeks.length - 1][0]) : '';
    },
    quotes: (p) => p.quotes || [],
    newId: (answer) => (answer && Array.isArray(answer.new_ids) && answer.new_ids[0]) || null,
    /** Unit id -> who placed it ("model" | "analyst"), from the detail. */
    placedBy: (p) => new Map((p.units || []).map((u) => [u.unit_id, u.assigned_by])),
  };

  /** ISO week "2026-W18" -> the Monday of that week (UTC). */
  function weekStart(key) {
    const [year, week] = key.split('-W').map(Number);
    const jan4 = Date.UTC(year, 0, 4);
    const day = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
    return jan4 - day * 86400000 + (week - 1) * 7 * 86400000;
  }

  /** The ISO week of the Monday at `time`: the week of its Thursday, counted in that year. */
  function weekKey(time) {
    const thursday = new Date(time + 3 * 86400000);
    const year = thursday.getUTCFullYear();
    const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86400000)) + 1;
    return year + '-W' + String(week).padStart(2, '0');
  }

  /** [[week, units]] oldest first, every week between the first and the last. */
  function weekly(p) {
    const weeks = (p.trend && p.trend.weeks) || {};
    const keys = Object.keys(weeks).sort();
    if (!keys.length) return [];
    const out = [];
    const last = weekStart(keys[keys.length - 1]);
    for (let t = weekStart(keys[0]); t <= last && out.length < 520; t += 7 * 86400000) {
      const key = weekKey(t);
      out.push([key, Number(weeks[key] || 0)]);
    }
    return out;
  }

  // Units as miner/browse.py gives them: id, record_id, text, language, the effective labels
  // (stage, touchpoint, sentiment, emotion; corrections applied), their *_score, and
  // `corrected`: the names of the corrected fields.
  const units = {
    /** One page of units: {items, next_cursor}. */
    list: async (query) => {
      const answer = await M.api(base() + '/units', { query: Object.assign({ limit: 50 }, query) });
      return { items: M.items(answer), next_cursor: answer.next_cursor || null, total: answer.total };
    },
    /** PATCH /units/{id} {field: label}: stored as a correction; answers the unit as now read. */
    correct: (unitId, field, value) => M.api(base() + '/units/' + unitId, { method: 'PATCH', json: { [field]: value } }),
    id: (u) => (u.unit_id != null ? u.unit_id : u.id),
    label: (u, task) => (u[task] != null ? u[task] : null),
    corrected: (u, task) => Array.isArray(u.corrected) && u.corrected.includes(task),
    withCorrection: (u, task, value) =>
      Object.assign({}, u, { [task]: value, corrected: Array.from(new Set([...(u.corrected || []), task])).sort() }),
  };

  Object.assign(M, { painPoints, units });
})();
