// The page-load metrics of this load, from the observers of observe.js and the
// performance timeline (milliseconds from navigation start).
// A page with text may be read before its first paint (a busy machine paints
// late after the load event): wait for it, at most 5 s, then two frames and a
// task so the observers' last entries (LCP) have been delivered.
(async () => {
  const painted = () => performance.getEntriesByName('first-contentful-paint').length > 0;
  const hasContent = () => document.body && (document.body.innerText || '').trim() !== '';
  const until = performance.now() + 5000;
  while (!painted() && hasContent() && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await new Promise((r) => setTimeout(r, 0));
  const m = window.__portalAuditMetrics || { lcp: null, tasks: [], shifts: [] };
  if (m.flush) m.flush();
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const fcp = paint ? paint.startTime : null;
  const nav = performance.getEntriesByType('navigation')[0];
  const load = nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : null;
  // The task that committed the page and the page's long callbacks
  // (observe.js), each unless a long task the browser reported covers it.
  const tasks = m.tasks.slice();
  const covered = ([start, ran]) => m.tasks.some(([s, d]) => start < s + d && s < start + ran);
  for (const task of [m.first, ...(m.timed || [])]) {
    if (task && !covered(task)) tasks.push(task);
  }
  let longest = 0;
  let tbt = 0;
  for (const [start, duration] of tasks) {
    longest = Math.max(longest, duration);
    const end = start + duration;
    const from = fcp === null ? start : Math.max(start, fcp);
    if (end - from > 50) tbt += end - from - 50;
  }
  // CLS: the largest session window (gaps under 1 s, at most 5 s long).
  let cls = 0;
  let win = 0;
  let winStart = 0;
  let last = -Infinity;
  for (const [t, v] of m.shifts) {
    if (t - last > 1000 || t - winStart > 5000) { win = 0; winStart = t; }
    win += v;
    last = t;
    cls = Math.max(cls, win);
  }
  const lastShift = m.shifts.length ? m.shifts[m.shifts.length - 1][0] : null;
  const seen = [fcp, m.lcp, lastShift].filter((v) => v !== null);
  return {
    fcp_ms: fcp,
    lcp_ms: m.lcp,
    visual_complete_ms: seen.length ? Math.max(...seen) : null,
    load_ms: load,
    longest_task_ms: longest,
    tbt_ms: tbt,
    long_tasks: tasks.length,
    // Of those, the ones the Long Tasks API did not report (for the log).
    unreported_tasks: tasks.length - m.tasks.length,
    cls,
  };
})()
