/*
 * The search box of every docs page (target/docs/assets/site.js). It searches the catalog that
 * assets/catalog.js defines (models, sources, exposures, dashboards and every column), so it works
 * from file:// without a server. Links are relative to the site root, which the page states in
 * <html data-site-root>.
 */
/* global window, document */
(function () {
  'use strict';

  const MAX_RESULTS = 14;
  const input = document.getElementById('site-search');
  const list = document.getElementById('site-search-results');
  const catalog = window.crmDocsCatalog || [];
  if (!input || !list) return;
  const root = document.documentElement.dataset.siteRoot || '';
  let active = -1;

  function score(entry, query) {
    const label = entry.label.toLowerCase();
    const name = label.split('.').pop();
    let base;
    if (label === query || name === query) base = 0;
    else if (label.startsWith(query) || name.startsWith(query)) base = 1;
    else if (label.includes(query)) base = 2;
    else if ((entry.detail || '').toLowerCase().includes(query)) base = 4;
    else return -1;
    // Tables and dashboards before their columns.
    return base * 2 + (entry.kind === 'column' ? 1 : 0);
  }

  function search(text) {
    const query = text.trim().toLowerCase();
    if (query === '') return [];
    return catalog
      .map((entry) => ({ entry, rank: score(entry, query) }))
      .filter((scored) => scored.rank >= 0)
      .sort((a, b) => a.rank - b.rank || a.entry.label.localeCompare(b.entry.label))
      .slice(0, MAX_RESULTS)
      .map((scored) => scored.entry);
  }

  function render(results) {
    list.replaceChildren();
    active = -1;
    if (input.value.trim() === '') {
      list.hidden = true;
      return;
    }
    if (results.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'empty';
      empty.textContent = 'Nothing matches.';
      list.append(empty);
    }
    for (const entry of results) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = root + entry.page + (entry.anchor ? '#' + entry.anchor : '');
      const dot = document.createElement('span');
      dot.className = 'layer-dot layer-' + entry.layer;
      const label = document.createElement('span');
      label.textContent = entry.label;
      const detail = document.createElement('span');
      detail.className = 'result-detail';
      detail.textContent = entry.detail || '';
      const kind = document.createElement('span');
      kind.className = 'result-kind';
      kind.textContent = entry.kind;
      link.append(dot, label, detail, kind);
      item.append(link);
      list.append(item);
    }
    list.hidden = false;
  }

  function move(step) {
    const links = list.querySelectorAll('a');
    if (links.length === 0) return;
    active = (active + step + links.length) % links.length;
    links.forEach((link, index) => link.classList.toggle('is-active', index === active));
    links[active].scrollIntoView({ block: 'nearest' });
  }

  input.addEventListener('input', () => render(search(input.value)));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      move(1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(-1);
    } else if (event.key === 'Enter') {
      const links = list.querySelectorAll('a');
      const chosen = links[active >= 0 ? active : 0];
      if (chosen) window.location.href = chosen.href;
    } else if (event.key === 'Escape') {
      input.value = '';
      render([]);
    }
  });
  document.addEventListener('click', (event) => {
    if (!event.target.closest || !event.target.closest('.search')) list.hidden = true;
  });
  // "/" focuses the search, as on most documentation sites.
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== input && !(event.target instanceof window.HTMLInputElement)) {
      event.preventDefault();
      input.focus();
    }
  });
})();
