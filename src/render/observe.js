// Installed before any script of the page runs (Page.addScriptToEvaluateOnNewDocument):
// records the largest contentful paint, long tasks and layout shifts as they happen.
(() => {
  if (window.__portalAuditMetrics) return;
  const m = { lcp: null, tasks: [], shifts: [] };
  Object.defineProperty(window, '__portalAuditMetrics', { value: m, enumerable: false });
  const observe = (type, each) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(each)).observe({ type, buffered: true });
    } catch (e) { /* an entry type this browser does not know */ }
  };
  observe('largest-contentful-paint', (e) => { m.lcp = e.startTime; });
  observe('longtask', (e) => { m.tasks.push([e.startTime, e.duration]); });
  observe('layout-shift', (e) => { if (!e.hadRecentInput) m.shifts.push([e.startTime, e.value]); });
})();
