// The rendered page as facts: the serialised DOM, every element's tag in
// document order, and for each visible text holder (an element with a direct
// text node holding a letter or digit) the colours it is painted with.
// The viewport was enlarged to the page's height first (render::tab: this is
// a function of that height), so elementsFromPoint sees every box above it.
// The probe waits until the page has the new size (at most 1 s), not for
// frames: a frame would paint the whole enlarged screen for nothing, hit
// testing lays the page out itself.
async (probeHeight) => {
  const until = performance.now() + 1000;
  while (window.innerHeight !== probeHeight && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 0));
  }
  const MAX_DOM = 32 << 20;
  const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '';
  const dom = doctype + document.documentElement.outerHTML;
  if (dom.length > MAX_DOM) return { error: 'dom-too-large', length: dom.length };

  const all = [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT);
  for (let n = walker.currentNode; n; n = walker.nextNode()) all.push(n);
  const tags = all.map((e) => e.localName);
  const rank = new Map(all.map((e, i) => [e, i]));

  const LETTER = /[\p{L}\p{N}]/u;
  const REPLACED = new Set(['img', 'video', 'canvas', 'iframe', 'object', 'embed', 'svg', 'picture']);
  const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'title']);
  const styles = new Map();
  const css = (e) => {
    let s = styles.get(e);
    if (!s) { s = getComputedStyle(e); styles.set(e, s); }
    return s;
  };
  const parse = (value) => {
    const m = /^rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value);
    if (!m) return null;
    let a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), a];
  };
  const over = (top, a, under) => [0, 1, 2].map((k) => top[k] * a + under[k] * (1 - a));
  const opacities = new Map();
  const opacity = (e) => {
    if (!e || e.nodeType !== 1) return 1;
    if (opacities.has(e)) return opacities.get(e);
    const v = parseFloat(css(e).opacity) * opacity(e.parentElement);
    opacities.set(e, v);
    return v;
  };
  const filtered = (e) => {
    for (let a = e; a; a = a.parentElement) {
      const s = css(a);
      if ((s.filter && s.filter !== 'none') || (s.mixBlendMode && s.mixBlendMode !== 'normal')
        || (s.backdropFilter && s.backdropFilter !== 'none')) return true;
    }
    return false;
  };
  const pointerless = (e) => css(e).pointerEvents === 'none';

  const texts = [];
  const width = window.innerWidth;
  const height = window.innerHeight;
  for (const el of all) {
    if (SKIP.has(el.localName) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') continue;
    let rect = null;
    for (const child of el.childNodes) {
      if (child.nodeType !== 3 || !LETTER.test(child.data)) continue;
      const range = document.createRange();
      range.selectNodeContents(child);
      for (const r of range.getClientRects()) {
        if (r.width > 0 && r.height > 0) { rect = r; break; }
      }
      if (rect) break;
    }
    if (!rect) continue;
    const s = css(el);
    if (s.visibility !== 'visible' || opacity(el) === 0) continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const cx = rect.left + Math.min(rect.width, 4 * rect.height) / 2;
    const cy = rect.top + rect.height / 2;
    if (cx < 0 || cx >= width || cy < 0) continue;
    const fact = {
      element: rank.get(el),
      fg: null,
      bg: null,
      reason: null,
      font_px: parseFloat(s.fontSize) || 0,
      weight: parseInt(s.fontWeight, 10) || 400,
    };
    texts.push(fact);
    if (cy >= height) { fact.reason = 'outside-probe'; continue; }
    const hits = document.elementsFromPoint(cx, cy);
    let at = hits.indexOf(el);
    let below;
    let above;
    if (at >= 0) {
      below = hits.slice(at);
      above = hits.slice(0, at);
    } else {
      // Hit testing skips boxes with pointer-events: none; other text not
      // at its own point is clipped away or scrolled out of its box.
      let passive = false;
      for (let a = el; a; a = a.parentElement) if (pointerless(a)) { passive = true; break; }
      if (!passive) { texts.pop(); continue; }
      below = [];
      for (let a = el; a; a = a.parentElement) below.push(a);
      above = [];
    }
    // Paint the background from the bottom up; an opaque layer hides what
    // lies under it, including an image.
    let bg = [255, 255, 255];
    let reason = null;
    for (let k = below.length - 1; k >= 0; k--) {
      const e = below[k];
      const es = css(e);
      if (e !== el && REPLACED.has(e.localName)) reason = 'image-behind';
      const c = parse(es.backgroundColor);
      if (!c) { reason = 'unknown-colour'; continue; }
      const a = c[3] * opacity(e);
      if (a > 0) {
        bg = over(c, a, bg);
        if (a >= 1) reason = null;
      }
      if (es.backgroundImage !== 'none') reason = 'background-image';
    }
    const fill = s.webkitTextFillColor && s.webkitTextFillColor !== s.color ? s.webkitTextFillColor : s.color;
    const c = parse(fill);
    if (!c) { fact.reason = 'unknown-colour'; continue; }
    let fg = over(c, c[3] * opacity(el), bg);
    // Boxes painted over the text: an opaque one hides it, a translucent one
    // tints text and background alike.
    let hidden = false;
    for (let k = above.length - 1; k >= 0; k--) {
      const e = above[k];
      if (el.contains(e) && css(e).position === 'static') continue;
      const es = css(e);
      if (REPLACED.has(e.localName) || es.backgroundImage !== 'none') { reason = reason || 'image-over'; continue; }
      const o = parse(es.backgroundColor);
      if (!o) continue;
      const a = o[3] * opacity(e);
      if (a >= 1) { hidden = true; break; }
      if (a > 0) { fg = over(o, a, fg); bg = over(o, a, bg); }
    }
    if (hidden) { texts.pop(); continue; }
    if (!reason && s.textShadow && s.textShadow !== 'none') reason = 'text-shadow';
    if (!reason && filtered(el)) reason = 'filter';
    fact.reason = reason;
    const byte = (v) => Math.max(0, Math.min(255, Math.round(v)));
    fact.fg = fg.map(byte);
    fact.bg = bg.map(byte);
  }
  return { dom, url: location.href, facts: { tags, texts, metrics: null } };
}
