// Shared by every analyst page: the key, calls to /v1, interface strings, safe DOM building,
// dialogs, downloads and the language toggle. No framework, no build step.
// User text only ever reaches the page through textContent and attributes, never parsed as HTML.
'use strict';

(function () {
  const KEY_STORAGE = 'journeyMiner.apiKey';
  const LANG_COOKIE = 'miner_lang';
  const CHANNEL = 'journey-miner-edits';
  const strings = JSON.parse(document.getElementById('i18n-strings').textContent);
  const lang = document.documentElement.lang;
  const page = document.body.dataset.page;
  const projectId = document.body.dataset.projectId || null;

  /** The interface string `key`, with `{name}` placeholders filled from `vars`. */
  function t(key, vars) {
    let text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
    for (const [name, value] of Object.entries(vars || {})) {
      text = text.split('{' + name + '}').join(String(value));
    }
    return text;
  }

  /** `key`, or `key_one` where there is one and `count` is 1 ("1 unit", not "1 units"). */
  function tCount(key, count, vars) {
    const one = key + '_one';
    return Number(count) === 1 && Object.prototype.hasOwnProperty.call(strings, one) ? t(one, vars) : t(key, vars);
  }

  // ---- the key (sessionStorage: gone when the tab closes) ----
  const getKey = () => sessionStorage.getItem(KEY_STORAGE);
  const setKey = (key) => sessionStorage.setItem(KEY_STORAGE, key);
  const clearKey = () => sessionStorage.removeItem(KEY_STORAGE);

  function signInUrl() {
    return '/?next=' + encodeURIComponent(location.pathname + location.search);
  }

  // ---- calls to the API ----
  class ApiError extends Error {
    constructor(status, message, body) {
      super(message);
      this.status = status;
      this.body = body;
    }
  }

  /** A readable message from an application/problem+json (or FastAPI validation) body. */
  function problemMessage(status, body) {
    if (body && typeof body === 'object') {
      const detail = body.detail;
      if (typeof detail === 'string' && detail) return detail;
      if (Array.isArray(detail)) {
        return detail
          .map((d) => (Array.isArray(d.loc) ? d.loc.join('.') + ': ' : '') + (d.msg || ''))
          .join('; ');
      }
      if (Array.isArray(body.errors) && body.errors.length) {
        return body.errors.map((e) => (e.field ? e.field + ': ' : '') + (e.message || e.msg || '')).join('; ');
      }
      if (body.title) return body.title;
    }
    return t('error_http', { status });
  }

  function buildUrl(path, query) {
    const url = new URL('/v1' + path, location.origin);
    for (const [name, value] of Object.entries(query || {})) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (v !== undefined && v !== null && v !== '') url.searchParams.append(name, v);
      }
    }
    return url;
  }

  /**
   * Call the API with the analyst's key. `json` sends a JSON body, `form` a FormData;
   * `raw: true` returns the Response (for downloads). Throws ApiError with the server's message.
   */
  async function api(path, options) {
    const { method = 'GET', query, json, form, raw = false } = options || {};
    const key = getKey();
    if (!key) {
      location.assign(signInUrl());
      throw new ApiError(401, t('signed_out'));
    }
    const headers = { Authorization: 'Bearer ' + key };
    let body;
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    } else if (form !== undefined) {
      body = form;
    }
    let response;
    try {
      response = await fetch(buildUrl(path, query), { method, headers, body });
    } catch (err) {
      throw new ApiError(0, t('error_network'));
    }
    if (response.status === 401) {
      clearKey();
      location.assign(signInUrl());
      throw new ApiError(401, t('signed_out'));
    }
    if (!response.ok) {
      let payload = null;
      try {
        payload = await response.json();
      } catch (err) {
        payload = null;
      }
      throw new ApiError(response.status, problemMessage(response.status, payload), payload);
    }
    if (raw) return response;
    if (response.status === 204) return null;
    const type = response.headers.get('content-type') || '';
    return type.includes('json') ? response.json() : response.text();
  }

  /** The list inside an answer: `answer[key]` ({"projects": [...]}, {"items": [...]}). */
  function items(answer, key) {
    const list = answer ? answer[key || 'items'] : null;
    return Array.isArray(list) ? list : [];
  }

  // ---- DOM building (text through textContent only) ----
  /**
   * el('a', {href: '/x', class: 'c', dataset: {id: 1}, on: {click: fn}}, 'text', child, ...)
   * Strings become text nodes; attributes are set with setAttribute (never parsed as HTML).
   */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    applyAttrs(node, attrs);
    append(node, children);
    return node;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    applyAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function applyAttrs(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'on') {
        for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
      } else if (name === 'dataset') {
        for (const [k, v] of Object.entries(value)) node.dataset[k] = v;
      } else if (name === 'text') {
        node.textContent = value;
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  /** A piece of user text (a quote, a label, a name): its own direction, never parsed. */
  function userText(tag, text, attrs) {
    return el(tag, Object.assign({ dir: 'auto' }, attrs || {}), text == null ? '' : String(text));
  }

  function clear(node) {
    node.replaceChildren();
    return node;
  }

  function show(node, visible) {
    node.hidden = !visible;
    return node;
  }

  function showError(node, err) {
    node.textContent = err ? err.message || String(err) : '';
    node.hidden = !err;
  }

  // ---- numbers and names ----
  const locale = lang === 'he' ? 'he-IL' : 'en-GB';
  const ltr = (text) => '\u2066' + text + '\u2069'; // LEFT-TO-RIGHT ISOLATE ... POP
  const numberFormat = new Intl.NumberFormat(locale);
  const fmt = {
    int: (v) => (v == null ? '–' : numberFormat.format(v)),
    share: (v) => (v == null ? '–' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(v)),
    // Signed numbers are isolated left to right, so "-0.31" keeps its sign in front in Hebrew.
    score: (v) => (v == null ? '–' : ltr((v > 0 ? '+' : '') + Number(v).toFixed(2))),
    nps: (v) => (v == null ? '–' : ltr((v > 0 ? '+' : '') + Math.round(v))),
    pct: (v) => (v == null ? '–' : Math.round(v) + '%'),
    date: (v) => {
      if (!v) return '–';
      const d = new Date(v);
      return isNaN(d) ? String(v) : d.toLocaleDateString(locale);
    },
    dateTime: (v) => {
      if (!v) return '–';
      const d = new Date(v);
      return isNaN(d) ? String(v) : d.toLocaleString(locale);
    },
  };

  /** The interface-language name of a bilingual object {name_en, name_he} or {en, he}. */
  function bilingual(en, he) {
    return (lang === 'he' ? he || en : en || he) || '';
  }

  /** Taxonomy of a project, by section: {stage: [{key, en, he}], touchpoint: [...], ...}. */
  let taxonomyPromise = null;
  function taxonomy() {
    if (!taxonomyPromise) {
      taxonomyPromise = api('/projects/' + projectId + '/taxonomy')
        .then((answer) => {
          const tax = answer && answer.taxonomy ? answer.taxonomy : answer;
          const sections = { stage: 'stages', touchpoint: 'touchpoints', sentiment: 'sentiments', emotion: 'emotions' };
          const out = {};
          for (const [task, section] of Object.entries(sections)) {
            out[task] = (tax && tax[section] ? tax[section] : []).map((item) => ({
              key: item.key,
              en: item.name && typeof item.name === 'object' ? item.name.en : item.name || item.key,
              he: item.name && typeof item.name === 'object' ? item.name.he : '',
            }));
          }
          return out;
        })
        .catch(() => ({ stage: [], touchpoint: [], sentiment: [], emotion: [] }));
    }
    return taxonomyPromise;
  }

  /** The interface name of taxonomy label `key` of `task`, or the key itself. */
  function labelName(tax, task, key) {
    const item = tax && tax[task] ? tax[task].find((x) => x.key === key) : null;
    if (item) return bilingual(item.en, item.he) || key;
    const builtIn = t(task + '_' + key);
    return builtIn === task + '_' + key ? key : builtIn;
  }

  /** Fill `select` with the labels of `task` after its first (empty) option. */
  function fillLabelSelect(select, tax, task, keepFirst) {
    const first = keepFirst === false ? [] : Array.from(select.options).slice(0, 1);
    select.replaceChildren(...first);
    for (const item of tax[task] || []) {
      select.append(el('option', { value: item.key }, labelName(tax, task, item.key)));
    }
  }

  // ---- the project's name in the header ----
  let projectPromise = null;
  function project() {
    if (!projectPromise) projectPromise = api('/projects/' + projectId);
    return projectPromise;
  }

  // ---- dialogs: <dialog> + showModal (Escape closes natively); focus returns to the opener ----
  function openDialog(dialog) {
    const opener = document.activeElement;
    dialog.addEventListener(
      'close',
      () => {
        if (opener && typeof opener.focus === 'function' && document.contains(opener)) opener.focus();
      },
      { once: true }
    );
    dialog.showModal();
    const first =
      dialog.querySelector('[autofocus]') ||
      dialog.querySelector('input:not([type=hidden]), select, textarea, button:not(.icon)');
    if (first) first.focus();
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-close]');
    if (button) {
      const dialog = button.closest('dialog');
      if (dialog) dialog.close();
    }
  });

  // ---- downloads ----
  function download(blob, filename) {
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // ---- edits made on one page refresh the others at once (same browser) ----
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel(CHANNEL) : null;
  function notifyEdit(what) {
    if (channel) channel.postMessage({ projectId, what });
  }
  function onEdit(handler) {
    if (channel) {
      channel.addEventListener('message', (event) => {
        if (event.data && String(event.data.projectId) === String(projectId)) handler(event.data);
      });
    }
  }

  // ---- header: language toggle and sign out ----
  const toggle = document.getElementById('lang-toggle');
  if (toggle) {
    toggle.addEventListener('click', () => {
      document.cookie = LANG_COOKIE + '=' + toggle.dataset.lang + '; path=/; max-age=31536000; samesite=lax';
      const url = new URL(location.href);
      url.searchParams.delete('lang');
      location.replace(url);
    });
  }
  const signOut = document.getElementById('sign-out');
  if (signOut) {
    signOut.addEventListener('click', () => {
      clearKey();
      location.assign('/');
    });
  }

  // ---- sign in ----
  function safeNext() {
    const next = new URLSearchParams(location.search).get('next') || '';
    // Only a path on this site: never an address elsewhere (//host, or a scheme and host).
    return /^\/(?![/\\])/.test(next) ? next : '/projects';
  }

  function initSignIn() {
    if (getKey()) {
      location.replace(safeNext());
      return;
    }
    const form = document.getElementById('sign-in-form');
    const input = document.getElementById('api-key');
    const error = document.getElementById('sign-in-error');
    input.focus();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) {
        showError(error, new Error(t('key_required')));
        return;
      }
      showError(error, null);
      let response;
      try {
        response = await fetch('/v1/projects', { headers: { Authorization: 'Bearer ' + key } });
      } catch (err) {
        showError(error, new Error(t('error_network')));
        return;
      }
      if (response.status === 401 || response.status === 403) {
        showError(error, new Error(t('key_rejected')));
      } else if (!response.ok) {
        showError(error, new Error(t('error_http', { status: response.status })));
      } else {
        setKey(key);
        location.assign(safeNext());
      }
    });
  }

  if (page === 'signin') {
    initSignIn();
  } else if (!getKey()) {
    location.replace(signInUrl());
  } else if (projectId) {
    project()
      .then((p) => {
        document.getElementById('project-name').textContent = p.name;
        document.title = p.name + ' · ' + document.title;
      })
      .catch((err) => showError(document.getElementById('page-error'), err));
  }

  window.Miner = {
    t, tCount, lang, page, projectId, api, ApiError, items, el, svg, userText, clear, show, showError,
    fmt, ltr, bilingual, taxonomy, labelName, fillLabelSelect, project, openDialog, download,
    notifyEdit, onEdit, getKey,
  };
})();
