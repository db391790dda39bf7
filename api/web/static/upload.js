// Upload a dump, follow its job live (GET /v1/jobs/{id}) and show the ingest report.
'use strict';

(function () {
  const M = window.Miner;
  if (!M.getKey()) return;
  const POLL_MS = 700;
  const $ = (id) => document.getElementById(id);
  const form = $('upload-form');
  const fileInput = $('upload-file');
  let polling = null;

  function display(value) {
    if (typeof value === 'number') return M.fmt.int(value);
    if (typeof value === 'boolean') return M.t(value ? 'yes' : 'no');
    return String(value);
  }

  function counted(dl, entries) {
    M.clear(dl);
    for (const [name, value] of entries) {
      if (value === undefined || value === null || typeof value === 'object') continue;
      const label = M.t('count_' + name);
      dl.append(
        M.el('div', {}, M.el('dt', {}, label === 'count_' + name ? name : label),
          M.el('dd', { dir: 'auto' }, display(value)))
      );
    }
  }

  function renderReport(report, fileName) {
    if (!report || !Object.keys(report).length) return;
    M.show($('report-panel'), true);
    counted($('report-summary'), [
      ['file', fileName || report.file], ['format', report.format], ['encoding', report.encoding],
      ['delimiter', report.delimiter === '\t' ? 'TAB' : report.delimiter],
      ['rows_read', report.rows_read], ['records', report.records],
    ]);
    const bad = report.bad_rows || [];
    $('bad-row-count').textContent = M.fmt.int(bad.length);
    M.show($('no-bad-rows'), bad.length === 0);
    const table = $('bad-rows-table');
    M.show(table, bad.length > 0);
    const tbody = M.clear(table.querySelector('tbody'));
    for (const row of bad) {
      tbody.append(
        M.el('tr', {},
          M.el('td', { class: 'num' }, String(row.row)),
          M.el('td', { dir: 'auto' }, row.field || '–'),
          M.el('td', { dir: 'auto' }, row.reason),
          M.el('td', {}, row.skipped === false ? M.t('field_dropped') : M.t('row_skipped')))
      );
    }
  }

  function renderJob(job) {
    M.show($('job-panel'), true);
    $('job-file').textContent = job.file_name || '';
    const status = $('job-status');
    status.textContent = M.t('status_' + job.status);
    status.className = 'badge status-' + job.status;
    $('job-step').textContent = job.step ? M.t('step_' + job.step) === 'step_' + job.step ? job.step : M.t('step_' + job.step) : '';
    const progress = Math.max(0, Math.min(100, Number(job.progress) || 0));
    $('job-progress').value = progress;
    $('job-progress-text').textContent = Math.round(progress) + '%';
    counted($('job-counts'), Object.entries(job.counts || {}));
    M.showError($('job-error'), job.status === 'failed' ? new Error(job.error || M.t('status_failed')) : null);
    M.show($('job-links'), job.status === 'succeeded');
    renderReport(job.report, job.file_name); // the report's own `file` is the worker's temporary copy
  }

  async function follow(jobId) {
    clearTimeout(polling);
    let job;
    try {
      job = await M.api('/jobs/' + encodeURIComponent(jobId));
    } catch (err) {
      M.showError($('upload-error'), err);
      return;
    }
    renderJob(job);
    if (job.status === 'queued' || job.status === 'running') {
      polling = setTimeout(() => follow(jobId), POLL_MS);
    } else {
      loadJobs();
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    M.showError($('upload-error'), null);
    const file = fileInput.files[0];
    if (!file) {
      M.showError($('upload-error'), new Error(M.t('file_required')));
      return;
    }
    const data = new FormData();
    data.append('file', file, file.name);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const answer = await M.api('/projects/' + M.projectId + '/uploads', { method: 'POST', form: data });
      const jobId = answer.job_id || answer.id;
      const url = new URL(location.href);
      url.searchParams.set('job', jobId);
      history.replaceState(null, '', url);
      M.show($('report-panel'), false);
      follow(jobId);
    } catch (err) {
      M.showError($('upload-error'), err);
    } finally {
      button.disabled = false;
    }
  });

  // The project's recent jobs, when the API lists them (older APIs may not: then nothing shows).
  async function loadJobs() {
    let jobs;
    try {
      jobs = M.items(await M.api('/projects/' + M.projectId + '/jobs'), 'jobs');
    } catch (err) {
      return;
    }
    const list = M.clear($('jobs-list'));
    for (const job of jobs.slice(0, 10)) {
      const id = job.id || job.job_id;
      list.append(
        M.el('li', {},
          M.el('button', { type: 'button', class: 'link', on: { click: () => follow(id) } },
            M.userText('bdi', job.file_name || id)),
          ' · ', M.t('status_' + job.status), ' · ', M.fmt.dateTime(job.created_at))
      );
    }
    M.show($('jobs-panel'), jobs.length > 0);
  }

  const current = new URLSearchParams(location.search).get('job');
  if (current) follow(current);
  loadJobs();
})();
