// The projects list and the create-project form.
'use strict';

(function () {
  const M = window.Miner;
  if (!M.getKey()) return;
  const tbody = document.querySelector('#projects-table tbody');
  const empty = document.getElementById('projects-empty');
  const count = (p, name) => (p[name] != null ? p[name] : p.counts ? p.counts[name] : null);

  async function load() {
    let projects;
    try {
      projects = M.items(await M.api('/projects'), 'projects');
    } catch (err) {
      M.showError(document.getElementById('page-error'), err);
      return;
    }
    M.clear(tbody);
    for (const p of projects) {
      tbody.append(
        M.el(
          'tr',
          { dataset: { projectId: p.id } },
          M.el('td', {}, M.el('a', { href: '/projects/' + p.id, dir: 'auto' }, p.name)),
          M.el('td', { class: 'num' }, M.fmt.int(count(p, 'records'))),
          M.el('td', { class: 'num' }, M.fmt.int(count(p, 'units'))),
          M.el('td', {}, M.fmt.date(p.created_at)),
          M.el('td', {}, M.el('a', { href: '/projects/' + p.id + '/map' }, M.t('open_map')))
        )
      );
    }
    M.show(empty, projects.length === 0);
  }

  const form = document.getElementById('create-project-form');
  const error = document.getElementById('create-project-error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = form.elements.name.value.trim();
    if (!name) {
      M.showError(error, new Error(M.t('name_required')));
      return;
    }
    try {
      const created = await M.api('/projects', { method: 'POST', json: { name } });
      location.assign('/projects/' + created.id);
    } catch (err) {
      M.showError(error, err);
    }
  });

  load();
})();
