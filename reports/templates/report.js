/* portal-audit report: filtering and sorting. Optional: with JavaScript off every
   section stays visible. Filters can be preset in the address: ?site=…&rule=… */
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) { return; }
  var keys = ['site', 'family', 'severity', 'rule'];
  var selects = {};
  keys.forEach(function (k) { selects[k] = document.getElementById('f-' + k); });
  var sort = document.getElementById('f-sort');
  var status = document.getElementById('filter-status');
  var list = document.getElementById('rule-list');
  var occurrences = Array.prototype.slice.call(document.querySelectorAll('.occ'));
  var rules = Array.prototype.slice.call(document.querySelectorAll('.rule'));
  var sites = Array.prototype.slice.call(document.querySelectorAll('.site, .site-row'));

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  var params = new URLSearchParams(window.location.search || window.location.hash.replace(/^#/, ''));
  keys.concat(['sort']).forEach(function (k) {
    var select = k === 'sort' ? sort : selects[k];
    var value = params.get(k);
    if (value !== null && hasOption(select, value)) { select.value = value; }
  });

  function matches(el, wanted) {
    return keys.every(function (k) {
      var have = el.getAttribute('data-' + k);
      return !wanted[k] || have === null || have === wanted[k];
    });
  }

  function apply() {
    var wanted = {};
    keys.forEach(function (k) { wanted[k] = selects[k].value; });
    var shown = 0;
    occurrences.forEach(function (el) {
      var ok = matches(el, wanted);
      el.hidden = !ok;
      if (ok && el.tagName === 'TR' && !el.classList.contains('more')) { shown += 1; }
    });
    rules.forEach(function (section) {
      var visible = section.querySelector('tr.occ:not([hidden])') !== null;
      section.hidden = !(matches(section, wanted) && visible);
    });
    sites.forEach(function (el) { el.hidden = !matches(el, wanted); });
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

  form.addEventListener('change', function () { order(); apply(); });
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
