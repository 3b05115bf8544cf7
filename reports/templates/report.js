/* portal-audit report: filtering and sorting. Optional: with JavaScript off every
   section stays visible. Filters can be preset in the address: ?site=…&rule=…&page=…
   (page: a part of the page's address). A filter on anything but the site hides the
   site blocks with nothing that matches, so the matching rows are not below them all. */
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) { return; }
  var keys = ['site', 'family', 'severity', 'rule'];
  var selects = {};
  keys.forEach(function (k) { selects[k] = document.getElementById('f-' + k); });
  var sort = document.getElementById('f-sort');
  var pageInput = document.getElementById('f-page');
  var status = document.getElementById('filter-status');
  var list = document.getElementById('rule-list');
  var occurrences = Array.prototype.slice.call(document.querySelectorAll('.occ, .review-row'));
  var rules = Array.prototype.slice.call(document.querySelectorAll('.rule'));
  var sites = Array.prototype.slice.call(document.querySelectorAll('.site, .site-row'));
  var pageRows = Array.prototype.slice.call(document.querySelectorAll('.page-row'));

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  var params = new URLSearchParams(window.location.search || window.location.hash.replace(/^#/, ''));
  keys.concat(['sort']).forEach(function (k) {
    var select = k === 'sort' ? sort : selects[k];
    var value = params.get(k);
    if (value !== null && hasOption(select, value)) { select.value = value; }
  });
  if (params.get('page') !== null) { pageInput.value = params.get('page'); }

  /* The pages a row is about: its own, a template defect's listed pages, a review item's places. */
  function pagesOf(el) {
    if (!el.pages) {
      var list = [];
      if (el.getAttribute('data-page') !== null) { list.push(el.getAttribute('data-page')); }
      Array.prototype.forEach.call(el.querySelectorAll('.template-pages li, .where li, td.url'), function (x) {
        list.push(x.textContent);
      });
      el.pages = list.map(function (p) { return p.toLowerCase(); });
    }
    return el.pages;
  }

  function onPage(el, needle) {
    return !needle || pagesOf(el).some(function (p) { return p.indexOf(needle) !== -1; });
  }

  function matches(el, wanted) {
    return keys.every(function (k) {
      var have = el.getAttribute('data-' + k);
      return !wanted[k] || have === null || have === wanted[k];
    });
  }

  function apply() {
    var wanted = {};
    keys.forEach(function (k) { wanted[k] = selects[k].value; });
    var needle = pageInput.value.trim().toLowerCase();
    var narrowed = !!(wanted.family || wanted.severity || wanted.rule || needle);
    var withRows = {};
    var shown = 0;
    occurrences.forEach(function (el) {
      var ok = matches(el, wanted) && onPage(el, needle);
      el.hidden = !ok;
      if (ok) { withRows[el.getAttribute('data-site')] = true; }
      if (ok && el.tagName === 'TR' && el.classList.contains('occ') && !el.classList.contains('more')) { shown += 1; }
    });
    pageRows.forEach(function (el) {
      var ok = matches(el, wanted) && onPage(el, needle);
      el.hidden = !ok;
      if (ok && needle) { withRows[el.getAttribute('data-site')] = true; }
    });
    rules.forEach(function (section) {
      var visible = section.querySelector('tr.occ:not([hidden])') !== null;
      section.hidden = !(matches(section, wanted) && visible);
    });
    sites.forEach(function (el) {
      el.hidden = !matches(el, wanted) || (narrowed && !withRows[el.getAttribute('data-site')]);
    });
    fit();
    var total = document.querySelectorAll('tr.occ:not(.more)').length;
    status.setAttribute('data-visible', String(shown));
    status.textContent = status.getAttribute('data-showing') + ' ' + shown + ' ' +
      status.getAttribute('data-of') + ' ' + total + ' ' + status.getAttribute('data-word') + '.';
  }

  function order() {
    var by = sort.value;
    var sorted = rules.slice().sort(function (a, b) {
      var ka = a.getAttribute('data-rule');
      var kb = b.getAttribute('data-rule');
      if (by === 'id') { return ka < kb ? -1 : ka > kb ? 1 : 0; }
      var ca = Number(a.getAttribute('data-count'));
      var cb = Number(b.getAttribute('data-count'));
      var ra = Number(a.getAttribute('data-rank'));
      var rb = Number(b.getAttribute('data-rank'));
      var primary = by === 'count' ? cb - ca : rb - ra;
      var secondary = by === 'count' ? rb - ra : cb - ca;
      return primary || secondary || (ka < kb ? -1 : ka > kb ? 1 : 0);
    });
    sorted.forEach(function (section) { list.appendChild(section); });
  }

  /* A table's scroll region is a tab stop and a named region only while it
     scrolls; without JavaScript every one is (the page's markup). */
  var regions = Array.prototype.slice.call(document.querySelectorAll('.scroll'));
  function fit() {
    regions.forEach(function (r) {
      if (r.label === undefined) { r.label = r.getAttribute('aria-label'); }
      if (r.scrollWidth > r.clientWidth + 1) {
        r.setAttribute('tabindex', '0');
        r.setAttribute('role', 'region');
        r.setAttribute('aria-label', r.label);
      } else if (r.offsetParent !== null) {
        r.removeAttribute('tabindex');
        r.removeAttribute('role');
        r.removeAttribute('aria-label');
      }
    });
  }
  window.addEventListener('resize', fit);

  form.addEventListener('change', function () { order(); apply(); });
  form.addEventListener('input', function (event) { if (event.target === pageInput) { apply(); } });
  form.addEventListener('reset', function () {
    window.setTimeout(function () { order(); apply(); }, 0);
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  form.hidden = false;
  var note = document.getElementById('js-off');
  if (note) { note.hidden = true; }
  order();
  apply();
}());
/* The province table sorts by a column when its header is clicked (again: the other way). */
(function () {
  'use strict';
  var table = document.getElementById('province-table');
  if (!table || !table.tBodies.length) { return; }
  var body = table.tBodies[0];
  function key(row, col) {
    var cell = row.cells[col];
    var text = cell ? cell.textContent.trim() : '';
    var number = parseFloat(text.replace(',', '.').split('/')[0]);
    return isNaN(number) ? text.toLowerCase() : number;
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.setAttribute('tabindex', '0');
    th.setAttribute('aria-sort', 'none');
    function sortBy() {
      var down = th.getAttribute('aria-sort') !== 'descending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, col), y = key(b, col);
        if (typeof x !== typeof y) { x = String(x); y = String(y); }
        var c = x < y ? -1 : (x > y ? 1 : 0);
        return down ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener('click', sortBy);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(); } });
  });
}());
/* The manual review checklist: each item's Đạt / Không đạt / Ghi chú, kept in
   this browser's localStorage under the report's id, and downloaded as the JSON
   that `portal-audit report --review-decisions FILE` merges into the report:
   {"decisions": [{"id": "…", "verdict": "passed"|"failed", "note": "…"}]}. */
(function () {
  'use strict';
  var table = document.getElementById('checklist');
  var tools = document.getElementById('review-tools');
  if (!table || !tools) { return; }
  var key = 'portal-audit:review:' + table.getAttribute('data-report-id');
  var status = document.getElementById('review-status');
  var rows = Array.prototype.slice.call(table.querySelectorAll('tr.review-row'));
  var storage = null;
  try { storage = window.localStorage; storage.getItem(key); } catch (e) { storage = null; }

  function controls(row) {
    var id = row.getAttribute('data-review-id');
    return {
      id: id,
      passed: document.getElementById('passed-' + id),
      failed: document.getElementById('failed-' + id),
      note: document.getElementById('note-' + id),
      mirror: row.querySelector('.note-print')
    };
  }

  function read(c) {
    var verdict = c.passed.checked ? 'passed' : (c.failed.checked ? 'failed' : null);
    var note = c.note.value.trim();
    return { verdict: verdict, note: note };
  }

  function decisions() {
    var list = [];
    rows.forEach(function (row) {
      var c = controls(row);
      var d = read(c);
      if (!d.verdict) { return; }
      var entry = { id: c.id, verdict: d.verdict };
      if (d.note) { entry.note = d.note; }
      list.push(entry);
    });
    return list;
  }

  function say(kind, count) {
    var text = status.getAttribute('data-' + kind) || '';
    status.textContent = text.replace('{count}', String(count));
  }

  function save() {
    var saved = {};
    var count = 0;
    rows.forEach(function (row) {
      var c = controls(row);
      var d = read(c);
      if (c.mirror) { c.mirror.textContent = d.note; }
      row.setAttribute('data-decided', d.verdict || '');
      if (d.verdict || d.note) { saved[c.id] = d; count += 1; }
    });
    if (!storage) { say('blocked', count); return; }
    try {
      storage.setItem(key, JSON.stringify(saved));
      say(count ? 'saved' : 'none', count);
    } catch (e) { say('blocked', count); }
  }

  function restore() {
    if (!storage) { return; }
    var saved = null;
    try { saved = JSON.parse(storage.getItem(key) || 'null'); } catch (e) { saved = null; }
    if (!saved || typeof saved !== 'object') { return; }
    rows.forEach(function (row) {
      var c = controls(row);
      var d = saved[c.id];
      if (!d) { return; }
      c.passed.checked = d.verdict === 'passed';
      c.failed.checked = d.verdict === 'failed';
      c.note.value = typeof d.note === 'string' ? d.note : '';
    });
  }

  function download() {
    var text = JSON.stringify({ decisions: decisions() }, null, 2) + '\n';
    var blob = new Blob([text], { type: 'application/json' });
    var link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'review-decisions.json';
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 1000);
  }

  restore();
  table.addEventListener('change', save);
  table.addEventListener('input', save);
  document.getElementById('review-download').addEventListener('click', download);
  document.getElementById('review-clear').addEventListener('click', function () {
    rows.forEach(function (row) {
      var c = controls(row);
      c.passed.checked = c.passed.defaultChecked;
      c.failed.checked = c.failed.defaultChecked;
      c.note.value = c.note.defaultValue;
    });
    if (storage) { try { storage.removeItem(key); } catch (e) { /* nothing kept */ } }
    save();
  });
  tools.hidden = false;
  save();
}());
