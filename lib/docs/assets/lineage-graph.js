/*
 * Interactions on the lineage graphs of the docs site (target/docs/assets/lineage-graph.js). The
 * graphs are static SVG whose nodes are links; this script only adds: tracing a node's upstream
 * and downstream path on hover or keyboard focus, the layer filters and the "find" box of the
 * front page, zoom buttons and drag-to-pan. It reads the data- attributes the generator writes.
 */
/* global document, window */
(function () {
  'use strict';

  const ZOOM_STEP = 1.25;

  function setUpGraph(frame) {
    const svg = frame.querySelector('svg.lineage-graph');
    if (!svg) return undefined;
    const nodes = Array.from(svg.querySelectorAll('.lineage-node'));
    const edges = Array.from(svg.querySelectorAll('.lineage-edge'));
    const parents = new Map();
    const children = new Map();
    for (const edge of edges) {
      const from = edge.dataset.from;
      const to = edge.dataset.to;
      if (!children.has(from)) children.set(from, []);
      if (!parents.has(to)) parents.set(to, []);
      children.get(from).push(to);
      parents.get(to).push(from);
    }

    function reach(start, next) {
      const seen = new Set();
      const stack = [start];
      while (stack.length > 0) {
        const current = stack.pop();
        for (const id of next.get(current) || []) {
          if (!seen.has(id)) {
            seen.add(id);
            stack.push(id);
          }
        }
      }
      return seen;
    }

    function trace(id) {
      const path = new Set([id, ...reach(id, parents), ...reach(id, children)]);
      svg.classList.add('is-tracing');
      for (const node of nodes) node.classList.toggle('is-on-path', path.has(node.dataset.id));
      for (const edge of edges) edge.classList.toggle('is-on-path', path.has(edge.dataset.from) && path.has(edge.dataset.to));
    }

    function clearTrace() {
      svg.classList.remove('is-tracing');
      for (const element of svg.querySelectorAll('.is-on-path')) element.classList.remove('is-on-path');
    }

    for (const node of nodes) {
      node.addEventListener('mouseenter', () => trace(node.dataset.id));
      node.addEventListener('mouseleave', clearTrace);
      node.addEventListener('focus', () => trace(node.dataset.id));
      node.addEventListener('blur', clearTrace);
    }

    // Drag to pan: a drag that moved must not also follow the link it started on.
    let drag;
    let dragged = false;
    frame.addEventListener('mousedown', (event) => {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, left: frame.scrollLeft, top: frame.scrollTop };
      dragged = false;
    });
    window.addEventListener('mousemove', (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) {
        dragged = true;
        frame.classList.add('is-panning');
      }
      frame.scrollLeft = drag.left - dx;
      frame.scrollTop = drag.top - dy;
    });
    window.addEventListener('mouseup', () => {
      drag = undefined;
      frame.classList.remove('is-panning');
    });
    frame.addEventListener(
      'click',
      (event) => {
        if (dragged) {
          event.preventDefault();
          event.stopPropagation();
          dragged = false;
        }
      },
      true,
    );

    return { svg, nodes, edges };
  }

  function setUpToolbar(graph) {
    const checkboxes = Array.from(document.querySelectorAll('.layer-filters input[name="layer"]'));
    const find = document.getElementById('graph-search');
    const matchCount = document.getElementById('graph-match-count');

    function visibleNodes() {
      return graph.nodes.filter((node) => !node.classList.contains('is-hidden'));
    }

    function applyLayers() {
      const hidden = new Set(checkboxes.filter((box) => !box.checked).map((box) => box.value));
      const hiddenIds = new Set();
      for (const node of graph.nodes) {
        const hide = hidden.has(node.dataset.layer);
        node.classList.toggle('is-hidden', hide);
        if (hide) hiddenIds.add(node.dataset.id);
      }
      for (const edge of graph.edges) edge.classList.toggle('is-hidden', hiddenIds.has(edge.dataset.from) || hiddenIds.has(edge.dataset.to));
      applyFind();
    }

    function applyFind() {
      if (!find) return;
      const query = find.value.trim().toLowerCase();
      graph.svg.classList.toggle('is-searching', query !== '');
      let matches = 0;
      for (const node of graph.nodes) {
        const match = query !== '' && !node.classList.contains('is-hidden') && node.dataset.label.toLowerCase().includes(query);
        node.classList.toggle('is-match', match);
        if (match) matches += 1;
      }
      if (matchCount) matchCount.textContent = query === '' ? '' : `${matches} of ${visibleNodes().length}`;
    }

    for (const box of checkboxes) box.addEventListener('change', applyLayers);
    if (find) {
      find.addEventListener('input', applyFind);
      find.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter') return;
        const first = graph.nodes.find((node) => node.classList.contains('is-match'));
        if (first) window.location.href = first.getAttribute('href');
      });
    }
  }

  function setUpZoom(frame, svg) {
    const naturalWidth = Number(svg.getAttribute('width'));
    for (const button of document.querySelectorAll('[data-zoom]')) {
      button.addEventListener('click', () => {
        const mode = button.dataset.zoom;
        if (mode === 'fit') {
          frame.classList.remove('is-zoomed');
          svg.style.width = '';
          return;
        }
        const current = svg.getBoundingClientRect().width || naturalWidth;
        const next = mode === 'in' ? current * ZOOM_STEP : current / ZOOM_STEP;
        frame.classList.add('is-zoomed');
        svg.style.width = `${Math.max(320, Math.min(naturalWidth * 3, next))}px`;
      });
    }
  }

  const frames = Array.from(document.querySelectorAll('[data-graph]'));
  frames.forEach((frame, index) => {
    const graph = setUpGraph(frame);
    // The toolbar (filters, find, zoom) belongs to the front page's single graph.
    if (graph && index === 0 && document.querySelector('.graph-toolbar')) {
      setUpToolbar(graph);
      setUpZoom(frame, graph.svg);
    }
  });
})();
