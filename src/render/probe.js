// The rendered page as facts: the serialised DOM, every element's tag in
// document order, and for each visible text holder (an element with a direct
// text node holding a letter or digit) the colours it is painted with.
// The screen keeps its size (an enlarged one would be laid out, rastered and
// composited again, and would stretch what is sized by the viewport): the
// probe scrolls the page, in one task so no frame is painted meanwhile, so
// that each text lies in the middle half of the screen when
// elementsFromPoint asks what is at it (a fixed header or footer then covers
// what it covers for a reader, not every screenful's first lines), and
// scrolls back. Text further down the page than `limit` CSS pixels is
// reported as not probed.
(limit) => {
  const began = performance.now();
  const MAX_DOM = 32 << 20;
  const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '';
  const dom = doctype + document.documentElement.outerHTML;
  if (dom.length > MAX_DOM) return { error: 'dom-too-large', length: dom.length };
  const serialised = performance.now();

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
  // What an element's own box paints, read once however many texts lie on it.
  const layers = new Map();
  const layer = (e) => {
    let l = layers.get(e);
    if (!l) {
      const es = css(e);
      l = {
        colour: parse(es.backgroundColor),
        image: es.backgroundImage !== 'none',
        replaced: REPLACED.has(e.localName),
      };
      layers.set(e, l);
    }
    return l;
  };
  // Whether a filter or blend mode of the element or an ancestor changes
  // what is painted.
  const filters = new Map();
  const filtered = (e) => {
    if (!e || e.nodeType !== 1) return false;
    if (filters.has(e)) return filters.get(e);
    const s = css(e);
    const v = (s.filter && s.filter !== 'none') || (s.mixBlendMode && s.mixBlendMode !== 'normal')
      || (s.backdropFilter && s.backdropFilter !== 'none') || filtered(e.parentElement);
    filters.set(e, v);
    return v;
  };
  const pointerless = (e) => css(e).pointerEvents === 'none';

  const texts = [];
  const width = window.innerWidth;
  const height = window.innerHeight;
  const scroller = document.scrollingElement || document.documentElement;
  const [x0, y0] = [window.scrollX, window.scrollY];
  const range = document.createRange();
  const firstRect = (el) => {
    for (const child of el.childNodes) {
      if (child.nodeType !== 3 || !LETTER.test(child.data)) continue;
      range.selectNodeContents(child);
      for (const r of range.getClientRects()) {
        if (r.width > 0 && r.height > 0) return r;
      }
    }
    return null;
  };
  // Every text holder first, with where it lies in the document.
  const found = [];
  for (const el of all) {
    if (SKIP.has(el.localName) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') continue;
    const rect = firstRect(el);
    if (!rect) continue;
    const s = css(el);
    if (s.visibility !== 'visible' || opacity(el) === 0) continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const fact = {
      element: rank.get(el),
      fg: null,
      bg: null,
      reason: null,
      font_px: parseFloat(s.fontSize) || 0,
      weight: parseInt(s.fontWeight, 10) || 400,
    };
    const cx = rect.left + Math.min(rect.width, 4 * rect.height) / 2;
    const y = y0 + rect.top + rect.height / 2;
    if (cx < 0 || cx >= width || y < 0) continue;
    found.push({ el, s, fact, y, kept: true });
  }
  // Then each at its point, top to bottom, scrolling when it is outside the
  // middle half of the screen.
  const order = found.slice().sort((a, b) => a.y - b.y);
  let top = window.scrollY;
  for (const t of order) {
    const { el, s, fact } = t;
    if (t.y >= limit) { fact.reason = 'outside-probe'; continue; }
    if (t.y - top < height / 4 || t.y - top >= (3 * height) / 4) {
      window.scrollTo({ left: x0, top: Math.max(0, t.y - height / 2), behavior: 'instant' });
      top = window.scrollY;
    }
    const rect = firstRect(el);
    if (!rect) { t.kept = false; continue; }
    const cx = rect.left + Math.min(rect.width, 4 * rect.height) / 2;
    const cy = rect.top + rect.height / 2;
    if (cx < 0 || cx >= width) { t.kept = false; continue; }
    if (cy < 0 || cy >= height) { fact.reason = 'outside-probe'; continue; }
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
      if (!passive) { t.kept = false; continue; }
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
      const l = layer(e);
      if (e !== el && l.replaced) reason = 'image-behind';
      const c = l.colour;
      if (!c) { reason = 'unknown-colour'; continue; }
      const a = c[3] * opacity(e);
      if (a > 0) {
        bg = over(c, a, bg);
        if (a >= 1) reason = null;
      }
      if (l.image) reason = 'background-image';
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
      const l = layer(e);
      if (l.replaced || l.image) { reason = reason || 'image-over'; continue; }
      const o = l.colour;
      if (!o) continue;
      const a = o[3] * opacity(e);
      if (a >= 1) { hidden = true; break; }
      if (a > 0) { fg = over(o, a, fg); bg = over(o, a, bg); }
    }
    if (hidden) { t.kept = false; continue; }
    if (!reason && s.textShadow && s.textShadow !== 'none') reason = 'text-shadow';
    if (!reason && filtered(el)) reason = 'filter';
    fact.reason = reason;
    const byte = (v) => Math.max(0, Math.min(255, Math.round(v)));
    fact.fg = fg.map(byte);
    fact.bg = bg.map(byte);
  }
  window.scrollTo({ left: x0, top: y0, behavior: 'instant' });
  range.detach();
  for (const t of found) if (t.kept) texts.push(t.fact);
  // How long the DOM and the colours took (ms), for the loader's debug log.
  const took = [serialised - began, performance.now() - serialised];
  return { dom, url: location.href, facts: { tags, texts, metrics: null }, took };
}
