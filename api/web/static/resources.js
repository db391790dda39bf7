// The /v1 endpoints the pages use beyond projects, jobs and the map, in one place: the
// pain-point review calls and the unit browse / correction calls, with the readers that
// pull fields out of their answers. If the API's shapes change, this is the file to adapt.
'use strict';

(function () {
  const M = window.Miner;
  const base = () => '/projects/' + M.projectId;
  const pp = (id) => base() + '/pain-points/' + encodeURIComponent(id);

  const painPoints = {
    list: async (query) => M.items(await M.api(base() + '/pain-points', { query: Object.assign({ limit: 200 }, query) })),
    get: (id) => M.api(pp(id)),
    rename: (id, labels) => M.api(pp(id), { method: 'PATCH', json: labels }),
    /** Merge `others` into `id`; the answer is the surviving pain point. */
    merge: (id, others) => M.api(pp(id) + '/merge', { method: 'POST', json: { pain_point_ids: others } }),
    /** Split `unitIds` out of `id` into a new pain point (optionally named). */
    split: (id, unitIds, labels) => M.api(pp(id) + '/split', { method: 'POST', json: Object.assign({ unit_ids: unitIds }, labels) }),
    dismiss: (id) => M.api(pp(id) + '/dismiss', { method: 'POST', json: {} }),
    moveUnit: (id, unitId, target) => M.api(pp(id) + '/units/' + unitId + '/move', { method: 'POST', json: { target_id: target } }),

    size: (p) => Number(p.size != null ? p.size : p.units != null ? p.units : p.count || 0),
    severity: (p) => Number(p.severity != null ? p.severity : (p.details && p.details.severity) || 0),
    stages: (p) => {
      if (Array.isArray(p.stages)) return p.stages.map((s) => (typeof s === 'string' ? s : s.key || s.stage));
      return p.stage ? [p.stage] : [];
    },
    /** Units per period, oldest first, as plain numbers. */
    trend: (p) => {
      const trend = Array.isArray(p.trend) ? p.trend : p.trend && Array.isArray(p.trend.points) ? p.trend.points : [];
      return trend.map((x) => Number(typeof x === 'number' ? x : x.units != null ? x.units : x.count || 0));
    },
    trendPeriods: (p) => {
      const trend = Array.isArray(p.trend) ? p.trend : p.trend && Array.isArray(p.trend.points) ? p.trend.points : [];
      const periods = trend.map((x) => (typeof x === 'object' ? x.period || x.month || x.start || '' : '')).filter(Boolean);
      return periods.length ? ' ' + M.ltr(periods[0] + ' – ' + periods[periods.length - 1]) : '';
    },
    quotes: (p) => p.quotes || [],
    newId: (answer) => (answer && (answer.new_id || (answer.created && answer.created.id) || answer.id)) || null,
  };

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
