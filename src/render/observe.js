// Installed before any script of the page runs (Page.addScriptToEvaluateOnNewDocument):
// records the largest contentful paint, long tasks (and the page's own long callbacks) and layout shifts as they happen,
// and keeps count of what the page has asked to run soon — one-shot timers and
// intervals of at most 500 ms, animation frames, idle callbacks, a navigation to
// another document — so the loader
// can tell a settled page from one still building itself (render::tab).
(() => {
  if (window.__portalAuditMetrics) return;
  const m = { lcp: null, tasks: [], shifts: [] };
  Object.defineProperty(window, '__portalAuditMetrics', { value: m, enumerable: false });
  // The entries an observer has not handed over yet (its callback is a task
  // of low priority, which a busy or throttled page may not have run when
  // the metrics are read) are taken by flush().
  const observers = [];
  const observe = (type, each) => {
    try {
      const observer = new PerformanceObserver((list) => list.getEntries().forEach(each));
      observer.observe({ type, buffered: true });
      observers.push([observer, each]);
    } catch (e) { /* an entry type this browser does not know */ }
  };
  Object.defineProperty(m, 'flush', {
    value: () => observers.forEach(([observer, each]) => observer.takeRecords().forEach(each)),
    enumerable: false,
  });
  observe('largest-contentful-paint', (e) => { m.lcp = e.startTime; });
  observe('longtask', (e) => { m.tasks.push([e.startTime, e.duration]); });
  // The Long Tasks API misses the task that was running when this script
  // was installed: the one that commits the navigation, and parses a
  // document that arrived whole, its inline scripts included. Its end is
  // when the next task starts; from here to there is kept, when 50 ms or
  // more, as that task — a reading that falls short by what the task did
  // before this script, and runs over when a task queued earlier runs
  // before the message.
  const installed = performance.now();
  const next = new MessageChannel();
  next.port1.onmessage = () => {
    const ran = performance.now() - installed;
    if (ran >= 50) m.first = [installed, ran];
  };
  next.port2.postMessage(0);
  observe('layout-shift', (e) => { if (!e.hadRecentInput) m.shifts.push([e.startTime, e.value]); });

  // What the page's timer, animation-frame and idle callbacks ran for, when
  // 50 ms or more: the Long Tasks API, on a busy machine, has been seen to
  // miss a one-second loop run by a timer (its observer's subscription and
  // the task raced); a callback's own time is a lower bound of its task's.
  m.timed = [];
  const timed = (callback) => function (...args) {
    const start = performance.now();
    try {
      return callback.apply(this, args);
    } finally {
      const ran = performance.now() - start;
      if (ran >= 50) m.timed.push([start, ran]);
    }
  };

  const SOON = 500;
  const pending = new Set();
  const track = (set, clear, once, soon) => {
    const originalSet = window[set];
    const originalClear = window[clear];
    window[set] = function (callback, ...rest) {
      if (typeof callback !== 'function') return originalSet.call(window, callback, ...rest);
      const run = timed(callback);
      if (!soon(rest[0])) return originalSet.call(window, run, ...rest);
      let key;
      const id = originalSet.call(window, function (...args) {
        if (once) pending.delete(key);
        return run.apply(this, args);
      }, ...rest);
      key = set + ':' + id;
      pending.add(key);
      return id;
    };
    window[clear] = function (id) {
      pending.delete(set + ':' + id);
      return originalClear.call(window, id);
    };
  };
  const short = (delay) => !(Number(delay) > SOON);
  track('setTimeout', 'clearTimeout', true, short);
  track('setInterval', 'clearInterval', false, short);
  track('requestAnimationFrame', 'cancelAnimationFrame', true, () => true);
  if (window.requestIdleCallback) track('requestIdleCallback', 'cancelIdleCallback', true, () => true);
  // A navigation the page started to another document (location.reload(),
  // location.href = …, a form sent) is pending too: the browser may tell of
  // its request only after the page has answered, and the page is about to
  // be replaced (a reload loop is then seen as one).
  let leaving = 0;
  if (window.navigation) {
    window.navigation.addEventListener('navigate', (e) => { if (!e.destination.sameDocument) leaving = 1; });
  }
  Object.defineProperty(window, '__portalAuditPending', { value: () => pending.size + leaving, enumerable: false });
})();
