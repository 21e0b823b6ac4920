// marsad web front end: a hash router over the JSON API (docs/api.md).
//
// Safety rule for this file: every string that comes from the API (article
// text, titles, names, ids …) enters the DOM through text nodes or
// setAttribute, never as HTML. The helper `h` below is the only way elements
// are built, and it has no HTML path at all.
'use strict';

/* ------------------------------------------------------------------ DOM */

const SVG_NS = 'http://www.w3.org/2000/svg';

// h('a', {href: '#/x', class: 'c', onclick: fn}, 'text', child, [more]) → element.
// Strings become text nodes; null/false children are skipped.
function h(tag, attrs, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS(SVG_NS, tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const svg = (tag, attrs, ...kids) => h('svg:' + tag, attrs, ...kids);

// An English id or name inside Arabic text: isolated so bidi does not reorder it.
const bdi = (s) => h('bdi', { dir: 'ltr' }, s ?? '—');

// Only http(s) URLs become links; anything else (javascript:, data: …) is text.
function safeUrl(u) {
  try {
    const url = new URL(String(u));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch { return null; }
}

function extLink(u, label) {
  const href = safeUrl(u);
  if (!href) return u ? h('span', { class: 'url' }, u) : '—';
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'url', dir: 'ltr' }, label || u);
}

const enc = encodeURIComponent;
const actorHref = (id) => '#/actor/' + enc(id);
const articleHref = (id) => '#/article/' + enc(id);
const dyadHref = (a, b) => '#/dyad/' + enc(a) + '/' + enc(b);
const actorLink = (id, label) => (id ? h('a', { href: actorHref(id) }, bdi(label || id)) : '—');

function fmtNum(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return Number.isInteger(x) ? String(x) : Number(x).toFixed(digits);
}

// A signed number as an isolated LTR run (in RTL text "-4" would show as "4-").
const num = (x, cls) => h('bdi', { dir: 'ltr', class: cls || null }, fmtNum(x));

/* ------------------------------------------------------------------ API */

class ApiError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

// GET /api/<path>?params → parsed JSON, or an ApiError carrying the server's
// {"error": {"code", "message"}} (or a network/parse failure).
async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== '') qs.set(k, v);
  }
  const url = '/api/' + path + (qs.toString() ? '?' + qs : '');
  let res;
  try { res = await fetch(url, { headers: { Accept: 'application/json' } }); } catch (e) {
    throw new ApiError('network', 'تعذّر الاتصال بالخادم: ' + e.message);
  }
  let body = null;
  try { body = await res.json(); } catch { /* not JSON: handled below */ }
  if (!res.ok || body === null) {
    const err = body && body.error;
    throw new ApiError(err ? err.code : 'http_' + res.status, err ? err.message : res.status + ' ' + res.statusText);
  }
  return body;
}

/* ------------------------------------------------------------ downloads */

// Quote a CSV cell; text cells that a spreadsheet would run as a formula get a
// leading apostrophe (CSV injection).
function csvCell(v) {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function toCsv(header, rows) {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function download(filename, mime, content) {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = h('a', { href: url, download: filename, class: 'hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// A toolbar of download buttons. csvs: [{label, header, rows()}]; the BOM
// makes spreadsheet programs read the Arabic as UTF-8.
function downloadBar(name, json, csvs) {
  const safe = String(name).replace(/[^\w.-]+/g, '_');
  return h('div', { class: 'downloads' },
    csvs.map((c, i) => h('button', {
      type: 'button', class: 'dl', 'data-dl': 'csv',
      onclick: () => download(safe + (i ? '-' + i : '') + '.csv', 'text/csv;charset=utf-8', '\ufeff' + toCsv(c.header, c.rows())),
    }, c.label || 'CSV')),
    h('button', {
      type: 'button', class: 'dl', 'data-dl': 'json',
      onclick: () => download(safe + '.json', 'application/json', JSON.stringify(json, null, 2)),
    }, 'JSON'));
}

/* --------------------------------------------------------------- router */

const view = () => document.getElementById('view');
let renderSeq = 0; // bumps on every navigation, so late answers of a left view are dropped

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch { return p; } });
  return { name: parts[0] || 'search', args: parts.slice(1), params: new URLSearchParams(query) };
}

function hashFor(name, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  return '#/' + name + (qs.toString() ? '?' + qs : '');
}

const routes = { search: renderSearch, article: renderArticle, actor: renderActor, network: renderNetwork, dyad: renderDyad };

async function route() {
  const r = parseHash();
  const seq = ++renderSeq;
  const render = routes[r.name];
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === r.name));
  setView(h('p', { class: 'loading' }, 'جارٍ التحميل…'));
  if (!render) return setView(errorBox(new ApiError('not_found', 'لا توجد صفحة بهذا العنوان')));
  try {
    const nodes = await render(r);
    if (seq === renderSeq) setView(nodes);
  } catch (e) {
    if (seq === renderSeq) setView(errorBox(e));
    console.warn(e);
  }
}

function setView(...nodes) {
  const v = view();
  v.replaceChildren();
  append(v, nodes);
  window.scrollTo(0, 0);
}

function errorBox(e) {
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, 'خطأ'), ' ', e.code ? h('code', {}, e.code) : null, ': ', e.message || String(e));
}

/* --------------------------------------------------------------- search */

const SEARCH_FILTERS = [
  ['actor', 'الفاعل', 'ISR'], ['type', 'نوع الحدث', 'ASSAULT'], ['from', 'من تاريخ', '2018-01'],
  ['to', 'إلى تاريخ', '2018-12-31'], ['outlet', 'الوسيلة', 'skynews'],
];
const PAGE_SIZE = 10;

async function renderSearch({ params }) {
  const p = Object.fromEntries(params);
  const page = Math.max(1, parseInt(p.page || '1', 10) || 1);
  const data = await api('search', { ...p, page, limit: PAGE_SIZE });
  const go = (changes) => { location.hash = hashFor('search', { ...p, page: '', ...changes }); };

  const form = h('form', { class: 'search-form', role: 'search' },
    h('div', { class: 'qrow' },
      h('input', { name: 'q', type: 'search', placeholder: 'ابحث في الأخبار… ("عبارة"، -استبعاد، OR)', 'aria-label': 'نص البحث' }),
      h('button', { type: 'submit' }, 'بحث')),
    h('div', { class: 'filters' }, SEARCH_FILTERS.map(([k, label, ph]) =>
      h('label', {}, label, h('input', { name: k, dir: 'ltr', placeholder: ph })))));
  for (const el of form.elements) if (el.name) el.value = p[el.name] || '';
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = {};
    for (const el of form.elements) if (el.name) v[el.name] = el.value.trim();
    location.hash = hashFor('search', v);
  });

  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  const results = h('section', { class: 'results' },
    h('div', { class: 'bar' },
      h('span', { class: 'count' }, `${data.total} نتيجة`, pages > 1 ? ` — الصفحة ${page} من ${pages}` : ''),
      downloadBar('search', data, [{
        header: ['id', 'title', 'outlet', 'published', 'url', 'score', 'snippet'],
        rows: () => data.hits.map((x) => [x.id, x.title, x.outlet, x.published, x.url, x.score, x.snippet && x.snippet.text]),
      }])),
    data.hits.length ? h('ol', { class: 'hits' }, data.hits.map(hitItem)) : h('p', { class: 'empty' }, 'لا نتائج.'),
    pager(page, pages, (n) => go({ page: n })));

  const facets = h('aside', { class: 'side facets' }, facetBlocks(data.facets || {}, data.names || {}, p, go));
  return [form, activeFilters(p, go), h('div', { class: 'layout' }, results, facets)];
}

function hitItem(x) {
  const parts = (x.snippet && x.snippet.parts) || [];
  return h('li', { class: 'hit' },
    h('a', { class: 'title', href: articleHref(x.id) }, x.title || x.id),
    h('div', { class: 'meta' }, bdi(x.outlet), ' · ', bdi(x.published)),
    h('p', { class: 'snippet' }, '…', parts.map((pt) => (pt.hit ? h('mark', {}, pt.text) : pt.text)), '…'));
}

function pager(page, pages, go) {
  if (pages <= 1) return null;
  return h('nav', { class: 'pager' },
    h('button', { type: 'button', disabled: page <= 1, onclick: () => go(page - 1) }, '→ السابق'),
    h('span', {}, `${page} / ${pages}`),
    h('button', { type: 'button', disabled: page >= pages, onclick: () => go(page + 1) }, 'التالي ←'));
}

// Chips for the filters in force, each removable.
function activeFilters(p, go) {
  const on = SEARCH_FILTERS.filter(([k]) => p[k]);
  if (!on.length) return null;
  return h('div', { class: 'chips' }, on.map(([k, label]) =>
    h('button', { type: 'button', class: 'chip', title: 'إزالة المرشح', onclick: () => go({ [k]: '' }) },
      label, ': ', bdi(p[k]), ' ✕')));
}

const FACETS = [['actor', 'الفاعلون'], ['type', 'أنواع الأحداث'], ['outlet', 'الوسائل'], ['month', 'الأشهر']];

// An actor's Arabic name (else English, else its id) from a `names` map.
const nameOf = (names, id) => (names[id] && (names[id].ar || names[id].en)) || id;

function facetBlocks(facets, names, p, go) {
  return FACETS.filter(([k]) => (facets[k] || []).length).map(([k, label]) =>
    h('section', { class: 'facet' }, h('h3', {}, label),
      h('ul', {}, facets[k].map(([value, n]) => h('li', {},
        h('button', {
          type: 'button', class: 'facet-btn', title: k === 'actor' ? value + ' · أضف مرشحًا' : 'أضف مرشحًا',
          // A month facet filters on the whole month.
          onclick: () => go(k === 'month' ? { from: value, to: value } : { [k]: value }),
        }, bdi(k === 'actor' ? nameOf(names, value) : value), h('span', { class: 'n' }, String(n))),
        k === 'actor' ? h('a', { class: 'mini', href: actorHref(value), title: 'صفحة الفاعل' }, '↗') : null)))));
}

/* -------------------------------------------------------------- article */

const ENT_TYPES = { PER: 'شخص', ORG: 'منظمة', LOC: 'مكان', GPE: 'كيان سياسي', MISC: 'متفرقات' };
const FACTUALITY = { asserted: 'مؤكَّد', future: 'مستقبلي', intended: 'مقصود', negated: 'منفي', reported: 'منقول', hypothetical: 'افتراضي' };
const PROV_ROLES = { original: 'المصدر الأصلي', translator: 'المترجم', agency: 'وكالة', source: 'مصدر' };

async function renderArticle({ args }) {
  const data = await api('articles/' + enc(args[0] || ''));
  const { article, text, analysis: an } = data;
  const chars = Array.from(text || '');
  const actors = new Map((an.actors || []).map((a) => [a.id, a]));
  const name = (id) => (actors.get(id) && actors.get(id).name_en) || id;

  const textEl = h('div', { class: 'article-text', lang: 'ar' });
  emitSpans(textEl, buildSpanTree(articleSpans(an, actors), chars.length), chars);
  // Clicking a marked entity opens its actor's page.
  textEl.addEventListener('click', (ev) => {
    const ent = ev.target.closest('.ent[data-actor]');
    if (ent && !window.getSelection().toString()) location.hash = actorHref(ent.dataset.actor);
  });

  const head = h('header', { class: 'article-head' },
    h('h1', {}, article.title || article.id),
    h('div', { class: 'meta' }, bdi(article.outlet), ' · ', bdi(article.published), ' · ', extLink(article.url)),
    downloadBar('article-' + article.id, data, [{
      label: 'CSV (الأحداث)',
      header: ['idx', 'type', 'cameo', 'goldstein', 'source', 'target', 'date', 'factuality', 'trigger', 'cstart', 'cend'],
      rows: () => (an.events || []).map((e, i) => [i, e.type, e.cameo, e.goldstein, e.source, e.target, e.date, e.factuality, e.trigger.text, e.trigger.cstart, e.trigger.cend]),
    }]));

  const side = h('aside', { class: 'side' },
    eventsTable(an.events || [], name),
    quotesList(an.quotes || [], name),
    provenanceList(an.provenance || [], chars, name),
    framingTable(an.framing || [], name),
    actorsList(an.actors || []));
  return [head, legend(), h('div', { class: 'layout article' }, h('section', {}, textEl), side)];
}

// The spans to mark, as {s, e, kind, attrs}; `rank` orders spans that start
// and end at the same place (the outer one first).
function articleSpans(an, actors) {
  const spans = [];
  const add = (sp, rank, cls, attrs) => sp && sp.cend > sp.cstart && spans.push({ s: sp.cstart, e: sp.cend, rank, cls, attrs });
  for (const q of an.quotes || []) {
    add(q, 0, q.direct ? 'quote direct' : 'quote', { title: `اقتباس${q.direct ? ' مباشر' : ' غير مباشر'} — المتحدث: ${q.speaker || 'غير معروف'}${q.cue ? ' — ' + q.cue : ''}` });
  }
  for (const e of an.entities || []) {
    add(e, 1, 'ent ent-' + e.type, { title: entityTitle(e, actors.get(e.actor)), 'data-actor': e.actor, 'data-type': e.type });
  }
  for (const t of an.times || []) add(t, 2, 'time', { title: `زمن: ${t.value || 'غير محدد'}${t.mod ? ' (' + t.mod + ')' : ''} — ${t.kind}` });
  (an.events || []).forEach((ev, i) => {
    const title = `حدث ${ev.type} (CAMEO ${ev.cameo}): ${ev.source || '؟'} → ${ev.target || '؟'}`;
    add(ev.trigger, 3, 'trig', { title, id: 'trig-' + i, 'data-event': i });
    for (const m of ev.mentions || []) add(m, 3, 'trig again', { title, 'data-event': i });
  });
  return spans;
}

function entityTitle(e, a) {
  const lines = [`${ENT_TYPES[e.type] || e.type} · ${e.text}`];
  if (a) {
    lines.push(`${a.name_en || a.id} (${a.id})`, `النوع: ${a.kind || '—'}${a.country ? ' · البلد: ' + a.country : ''}`);
    for (const r of a.roles || []) lines.push(`الدور: ${r.title}${r.affiliation ? ' — ' + r.affiliation : ''}`);
  } else if (e.actor) lines.push(e.actor);
  return lines.join('\n');
}

// Spans may nest or cross. Sorted by start (outer first), each span becomes a
// child of the innermost open span that contains its start; a span that
// crosses its parent's end is cut there and the rest is queued again, so every
// character stays in the text exactly once and nothing is dropped.
function buildSpanTree(spans, length) {
  const todo = spans.map((s) => ({ ...s, e: Math.min(s.e, length) })).filter((s) => s.e > s.s);
  const cmp = (a, b) => a.s - b.s || b.e - a.e || a.rank - b.rank;
  todo.sort(cmp);
  const root = { s: 0, e: length, kids: [] };
  const stack = [root];
  while (todo.length) {
    const sp = todo.shift();
    while (stack[stack.length - 1].e <= sp.s) stack.pop();
    const parent = stack[stack.length - 1];
    if (sp.e > parent.e) {
      const rest = { ...sp, s: parent.e, attrs: { ...sp.attrs, id: null } };
      const at = todo.findIndex((t) => cmp(rest, t) < 0);
      todo.splice(at < 0 ? todo.length : at, 0, rest);
      sp.e = parent.e;
    }
    sp.kids = [];
    parent.kids.push(sp);
    stack.push(sp);
  }
  return root;
}

function emitSpans(el, node, chars) {
  let pos = node.s;
  for (const k of node.kids) {
    if (k.s > pos) el.append(chars.slice(pos, k.s).join(''));
    const span = h('span', { class: k.cls, ...k.attrs });
    emitSpans(span, k, chars);
    el.append(span);
    pos = k.e;
  }
  if (node.e > pos) el.append(chars.slice(pos, node.e).join(''));
}

function legend() {
  return h('div', { class: 'legend' }, 'المفتاح: ',
    Object.entries(ENT_TYPES).map(([t, l]) => h('span', { class: 'ent ent-' + t }, l)),
    h('span', { class: 'time' }, 'زمن'), h('span', { class: 'quote' }, 'اقتباس'), h('span', { class: 'trig' }, 'محفّز حدث'));
}

function sideBlock(title, count, ...body) {
  return h('section', { class: 'block' }, h('h2', {}, title, count !== null ? h('span', { class: 'n' }, String(count)) : null), body);
}

// From/to inputs that reload the view (base is its hash path) with that range.
function rangeForm(base, range) {
  const form = h('form', { class: 'filters inline range' },
    h('label', {}, 'من', h('input', { name: 'from', dir: 'ltr', placeholder: '2017-01' })),
    h('label', {}, 'إلى', h('input', { name: 'to', dir: 'ltr', placeholder: '2018-12' })),
    h('label', {}, 'الفترة', h('select', { name: 'by' },
      h('option', { value: 'month' }, 'شهر'), h('option', { value: 'week' }, 'أسبوع'), h('option', { value: 'year' }, 'سنة'))),
    h('button', { type: 'submit' }, 'تطبيق'));
  form.elements.from.value = range.from || '';
  form.elements.to.value = range.to || '';
  form.elements.by.value = range.by || 'month';
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const qs = new URLSearchParams();
    for (const k of ['from', 'to', 'by']) if (form.elements[k].value.trim()) qs.set(k, form.elements[k].value.trim());
    if (qs.get('by') === 'month') qs.delete('by');
    location.hash = base + (qs.toString() ? '?' + qs : '');
  });
  return form;
}

function table(header, rows) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, header.map((c) => h('th', {}, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}

// Scroll to an event's trigger in the text and flash it.
function showTrigger(i) {
  const el = document.getElementById('trig-' + i);
  if (!el) return;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  document.querySelectorAll('.trig.flash').forEach((x) => x.classList.remove('flash'));
  el.classList.add('flash');
  setTimeout(() => el.classList.remove('flash'), 2500);
}

function eventsTable(events, name) {
  if (!events.length) return sideBlock('الأحداث', 0, h('p', { class: 'empty' }, 'لا أحداث.'));
  return sideBlock('الأحداث', events.length, table(
    ['النوع (CAMEO)', 'المصدر ← الهدف', 'التاريخ (الواقعية)', 'المحفّز'],
    events.map((e, i) => [
      h('span', { title: `Goldstein ${fmtNum(e.goldstein)}` }, bdi(e.type), h('div', { class: 'muted' }, bdi(e.cameo))),
      h('span', { class: 'pair' }, idLink(e.source, name), ' ← ', idLink(e.target, name)),
      h('span', {}, bdi(e.date), h('div', { class: 'muted' }, FACTUALITY[e.factuality] || e.factuality)),
      // The trigger word itself is the button that shows it in the text.
      h('button', { type: 'button', class: 'small trig-btn', 'data-show-trigger': i, title: 'أظهر في النص', onclick: () => showTrigger(i) }, e.trigger.text),
    ])));
}

// An actor id as a link, its English name on hover: short enough for tables.
function idLink(id, name) {
  if (!id) return '—';
  return h('a', { href: actorHref(id), title: name(id) }, bdi(id));
}

function quotesList(quotes, name) {
  return sideBlock('الاقتباسات', quotes.length, quotes.length
    ? h('ul', { class: 'quotes' }, quotes.map((q) => h('li', {},
      h('div', { class: 'who' }, q.speaker ? actorLink(q.speaker, name(q.speaker)) : 'متحدث غير معروف', q.cue ? ' — ' + q.cue : '', q.direct ? ' (مباشر)' : ' (غير مباشر)'),
      h('blockquote', {}, q.text))))
    : h('p', { class: 'empty' }, 'لا اقتباسات.'));
}

// Provenance credits carry byte offsets only: map them to characters to show the evidence.
function provenanceList(prov, chars, name) {
  const byteAt = [0];
  for (const c of chars) byteAt.push(byteAt[byteAt.length - 1] + new TextEncoder().encode(c).length);
  const charOf = (b) => { const i = byteAt.indexOf(b); return i < 0 ? null : i; };
  return sideBlock('المصدر', prov.length, prov.length
    ? table(['الدور', 'الجهة', 'الدليل'], prov.map((p) => {
      const s = charOf(p.start), e = charOf(p.end);
      return [PROV_ROLES[p.role] || p.role, actorLink(p.actor, p.actor && name(p.actor)), s !== null && e !== null ? chars.slice(s, e).join('') : '—'];
    }))
    : h('p', { class: 'empty' }, 'لا معلومات عن المصدر.'));
}

function framingTable(framing, name) {
  const KINDS = { loaded_name: 'اسم مؤطَّر', loaded_title: 'لقب مؤطَّر', loaded_term: 'مصطلح مؤطَّر' };
  return sideBlock('التأطير', framing.length, framing.length
    ? table(['الفاعل', 'المصطلح', 'النوع', 'العدد'], framing.map((f) => [actorLink(f.actor, f.actor && name(f.actor)), f.term, KINDS[f.kind] || f.kind, String(f.count)]))
    : h('p', { class: 'empty' }, 'لا تأطير.'));
}

function actorsList(actors) {
  return sideBlock('الفاعلون', actors.length, h('ul', { class: 'actors' }, actors.map((a) => h('li', {},
    actorLink(a.id, a.name_en || a.id), ' ', a.name_ar ? h('span', { class: 'ar' }, a.name_ar) : null,
    h('span', { class: 'muted' }, ' · ', bdi(a.kind), ` · ${(a.mentions || []).length} ذكر`),
    (a.roles || []).length ? h('div', { class: 'roles' }, a.roles.map((r) => r.title).join('، ')) : null))));
}

/* ---------------------------------------------------------------- actor */

async function renderActor({ args, params }) {
  const id = args[0] || '';
  const range = { from: params.get('from'), to: params.get('to'), by: params.get('by') || 'month' };
  const [data, tl] = await Promise.all([api('actors/' + enc(id)), api('timeline', { actor: id, ...range })]);
  const a = data.actor;
  const pairs = (list) => ((list || []).length
    ? h('ul', { class: 'pairs' }, list.map(([k, n]) => h('li', {}, k, h('span', { class: 'n' }, String(n)))))
    : h('p', { class: 'empty' }, 'لا شيء.'));
  const head = h('header', { class: 'article-head' },
    h('h1', {}, a.name_ar || a.name_en || a.id, ' ', h('small', {}, bdi(a.name_en || ''), ' ', h('code', {}, a.id))),
    h('div', { class: 'meta' }, 'النوع: ', bdi(a.kind), ' · البلد: ', a.country ? actorLink(a.country) : '—',
      ` · ${a.mentions} ذكر في ${a.articles} مقال · مصدرًا ${data.roles ? data.roles.source : 0} · هدفًا ${data.roles ? data.roles.target : 0} · `,
      h('a', { href: hashFor('search', { actor: a.id }) }, 'المقالات')),
    downloadBar('actor-' + a.id, { ...data, timeline: tl }, [timelineCsv(tl), eventsCsv(data.events || [])]));
  const main = h('section', {},
    sideBlock('الخط الزمني', null, rangeForm('#/actor/' + enc(id), range), timelineChart(tl, !range.from && !range.to)),
    sideBlock('أحدث الأحداث', (data.events || []).length, corpusEventsTable(data.events || [])));
  const side = h('aside', { class: 'side' },
    sideBlock('الشركاء', (data.partners || []).length, relTable(a.id, data.partners)),
    sideBlock('الخصوم', (data.adversaries || []).length, relTable(a.id, data.adversaries)),
    sideBlock('أنواع الأحداث', null, pairs(data.types)),
    sideBlock('الأسماء', null, pairs(data.names)),
    sideBlock('الأسماء المؤطَّرة', null, pairs(data.loaded_names)));
  return [head, h('div', { class: 'layout' }, main, side)];
}

function relTable(self, list) {
  if (!list || !list.length) return h('p', { class: 'empty' }, 'لا أحد.');
  return table(['الفاعل', 'الوزن', 'مقالات', ''], list.map((r) => [
    actorLink(r.id, r.name_en || r.id), num(r.weight, 'sign-' + r.sign), String(r.articles),
    h('a', { href: dyadHref(self, r.id), class: 'small' }, 'الثنائية'),
  ]));
}

function corpusEventsTable(events) {
  if (!events.length) return h('p', { class: 'empty' }, 'لا أحداث.');
  return table(['اليوم', 'النوع', 'CAMEO', 'المصدر ← الهدف', 'غولدستين', 'المقال'], events.map((e) => [
    bdi(e.day), bdi(e.type), bdi(e.cameo),
    h('span', { class: 'pair' }, actorLink(e.source), ' ← ', actorLink(e.target)),
    num(e.goldstein, e.goldstein < 0 ? 'sign-hostile' : 'sign-cooperative'),
    e.first_article ? h('a', { href: articleHref(e.first_article), title: e.first_article }, 'افتح') : '—',
  ]));
}

const timelineCsv = (tl) => ({
  label: 'CSV (الخط الزمني)',
  header: ['period', 'start', 'events', 'cooperative', 'hostile', 'goldstein', 'articles'],
  rows: () => tl.points.map((p) => [p.period, p.start, p.events, p.cooperative, p.hostile, p.goldstein, p.articles]),
});

const eventsCsv = (events) => ({
  label: 'CSV (الأحداث)',
  header: ['id', 'day', 'type', 'cameo', 'quad_class', 'goldstein', 'source', 'target', 'num_articles', 'first_article', 'first_url'],
  rows: () => events.map((e) => [e.id, e.day, e.type, e.cameo, e.quad_class, e.goldstein, e.source, e.target, e.num_articles, e.first_article, e.first_url]),
});

// Cooperative counts as bars above the middle axis, hostile below it, and the
// mean Goldstein score (−10…10, same middle axis) as a line with dots.
// Events dated from the text reach back centuries (an article recalling 1776
// gives a 2,900-month timeline): unless a range is chosen (trim false), only
// the last MAX_PERIODS periods are drawn, and a note says what was left out.
const MAX_PERIODS = 120;

function timelineChart(tl, trim) {
  let pts = tl.points || [];
  if (!pts.length) return h('p', { class: 'empty' }, 'لا أحداث مؤرخة.');
  let note = null;
  if (trim && pts.length > MAX_PERIODS) {
    const cut = pts.slice(0, pts.length - MAX_PERIODS);
    pts = pts.slice(-MAX_PERIODS);
    const n = cut.reduce((sum, p) => sum + p.events, 0);
    note = h('p', { class: 'muted note' }, `يعرض آخر ${MAX_PERIODS} فترة؛ ${n} حدثًا قبل `, bdi(pts[0].period), ' خارج العرض (من ', bdi(cut[0].period), '). اختر «من» لعرضها.');
  }
  const W = 800, H = 260, L = 34, R = 34, T = 14, B = 30;
  const mid = T + (H - T - B) / 2, half = (H - T - B) / 2;
  const max = Math.max(1, ...pts.map((p) => Math.max(p.cooperative, p.hostile)));
  const band = (W - L - R) / pts.length, bw = Math.min(40, Math.max(1, band * 0.7));
  const x = (i) => L + i * band + (band - bw) / 2;
  const gy = (g) => mid - (Math.max(-10, Math.min(10, g)) / 10) * half;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart timeline', role: 'img', direction: 'ltr', 'aria-label': 'الخط الزمني' });
  // Axis labels: counts on the left, Goldstein on the right.
  chart.append(
    svg('text', { x: L - 4, y: T + 8, class: 'axis', 'text-anchor': 'end' }, String(max)),
    svg('text', { x: L - 4, y: H - B, class: 'axis', 'text-anchor': 'end' }, String(max)),
    svg('text', { x: W - R + 4, y: T + 8, class: 'axis g' }, '+10'),
    svg('text', { x: W - R + 4, y: H - B, class: 'axis g' }, '−10'),
    svg('line', { x1: L, x2: W - R, y1: mid, y2: mid, class: 'zero' }));
  const labelEvery = Math.ceil(pts.length / 12);
  pts.forEach((p, i) => {
    const hc = (p.cooperative / max) * half, hh = (p.hostile / max) * half;
    chart.append(svg('g', { class: 'bar' },
      svg('title', {}, `${p.period}: ${p.events} حدث — تعاوني ${p.cooperative}، عدائي ${p.hostile}، غولدستين ${fmtNum(p.goldstein)}، ${p.articles} مقال`),
      svg('rect', { x: x(i), y: mid - hc, width: bw, height: hc, class: 'coop' }),
      svg('rect', { x: x(i), y: mid, width: bw, height: hh, class: 'host' }),
      svg('rect', { x: L + i * band, y: T, width: band, height: H - T - B, class: 'hover' })));
    if (i % labelEvery === 0) chart.append(svg('text', { x: x(i) + bw / 2, y: H - 10, class: 'axis', 'text-anchor': 'middle' }, p.period));
  });
  // Months without events have no Goldstein mean (null): the line breaks there.
  let run = [];
  const flush = () => {
    if (run.length > 1) chart.append(svg('polyline', { points: run.map((q) => q.join(',')).join(' '), class: 'gline' }));
    run = [];
  };
  pts.forEach((p, i) => {
    if (p.goldstein === null || p.goldstein === undefined) return flush();
    const q = [(x(i) + bw / 2).toFixed(1), gy(p.goldstein).toFixed(1)];
    run.push(q);
    chart.append(svg('circle', { cx: q[0], cy: q[1], r: 2.5, class: 'gdot' }));
  });
  flush();
  return h('figure', { class: 'chart-box' }, note, chart, h('figcaption', { class: 'legend' },
    h('span', { class: 'sw coop' }), 'تعاوني ', h('span', { class: 'sw host' }), 'عدائي ', h('span', { class: 'sw gline' }), 'متوسط غولدستين',
    tl.unplaced ? ` · ${tl.unplaced} حدث بلا تاريخ` : ''));
}

/* --------------------------------------------------------------- dyad */

async function renderDyad({ args, params }) {
  const [a, b] = args;
  if (!a || !b) throw new ApiError('bad_request', 'الثنائية تحتاج فاعلَين: #/dyad/ISR/MAR');
  const range = { from: params.get('from'), to: params.get('to'), by: params.get('by') || 'month' };
  const [tl, ev] = await Promise.all([
    api('timeline', { actor: a, actor2: b, ...range }),
    api('events', { dyad: a + ',' + b, limit: 200, from: range.from, to: range.to }),
  ]);
  const head = h('header', { class: 'article-head' },
    h('h1', {}, 'الثنائية: ', actorLink(a, nameOf(tl.names || {}, a)), ' ↔ ', actorLink(b, nameOf(tl.names || {}, b))),
    // The events list is capped at 200 (the timeline counts them all).
    h('div', { class: 'meta' }, ev.events.length >= 200 ? 'أحدث 200 حدث · ' : `${ev.events.length} حدث · `, h('a', { href: dyadHref(b, a) }, 'اعكس الترتيب')),
    downloadBar(`dyad-${a}-${b}`, { timeline: tl, events: ev.events }, [eventsCsv(ev.events), timelineCsv(tl)]));
  return [head, sideBlock('الخط الزمني', null, rangeForm(dyadHref(a, b), range), timelineChart(tl, !range.from && !range.to)), sideBlock('الأحداث بينهما', ev.events.length, corpusEventsTable(ev.events))];
}

/* -------------------------------------------------------------- network */

async function renderNetwork({ params }) {
  const p = Object.fromEntries(params);
  const data = await api('graph', { from: p.from, to: p.to, min_weight: p.min_weight, top: p.top || 60 });
  const form = h('form', { class: 'filters inline' },
    [['from', 'من تاريخ', '2018-01'], ['to', 'إلى تاريخ', '2018-12'], ['min_weight', 'أدنى وزن', '0'], ['top', 'عدد الفاعلين', '60']].map(([k, label, ph]) =>
      h('label', {}, label, h('input', { name: k, dir: 'ltr', placeholder: ph }))),
    h('button', { type: 'submit' }, 'عرض'));
  for (const el of form.elements) if (el.name) el.value = p[el.name] || '';
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = {};
    for (const el of form.elements) if (el.name) v[el.name] = el.value.trim();
    location.hash = hashFor('network', v);
  });
  const names = new Map(data.nodes.map((n) => [n.id, n.name_en || n.id]));
  const head = h('header', { class: 'article-head' }, h('h1', {}, 'شبكة الفاعلين'),
    h('div', { class: 'meta' }, `${data.nodes.length} فاعل · ${data.edges.length} علاقة`),
    downloadBar('network', data, [{
      label: 'CSV (العلاقات)',
      header: ['a', 'a_name', 'b', 'b_name', 'weight', 'sign', 'articles', 'cooperative', 'hostile', 'mixed'],
      rows: () => data.edges.map((e) => [e.a, names.get(e.a), e.b, names.get(e.b), e.weight, e.sign, e.articles, e.cooperative, e.hostile, e.mixed]),
    }]));
  const legendEl = h('div', { class: 'legend' },
    h('span', { class: 'sw coop' }), 'تعاوني ', h('span', { class: 'sw host' }), 'عدائي ', h('span', { class: 'sw mixed' }), 'مختلط',
    ' · حجم العقدة: عدد الذكر · سمك الخط: قوة العلاقة · انقر عقدة لصفحة الفاعل وخطًا للثنائية');
  return [head, form, legendEl, data.nodes.length ? networkSvg(data) : h('p', { class: 'empty' }, 'لا علاقات في هذه الفترة.')];
}

// A small force layout (Fruchterman–Reingold): every pair of nodes repels,
// each edge pulls its ends together in proportion to its strength (so the
// many weak edges do not crush the graph into a ball), a weak pull to the
// centre keeps it on screen, and the step size cools down. The start is a
// circle, so the picture is the same on every load.
function layout(nodes, edges, radii, W, H) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => ({ x: W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / n), y: H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / n), dx: 0, dy: 0 }));
  const index = new Map(nodes.map((nd, i) => [nd.id, i]));
  const maxW = Math.max(1, ...edges.map((e) => Math.abs(e.weight)));
  const links = edges.map((e) => [index.get(e.a), index.get(e.b), Math.sqrt(Math.abs(e.weight) / maxW)])
    .filter(([i, j]) => i !== undefined && j !== undefined);
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.75; // ideal distance
  const steps = n > 200 ? 100 : 250;
  for (let step = 0; step < steps; step++) {
    for (const q of pos) { q.dx = 0; q.dy = 0; }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x || 0.1, dy = pos[i].y - pos[j].y || 0.1;
        // Distance between the circles' edges, so big nodes keep apart.
        const d = Math.max(1, Math.hypot(dx, dy) - radii[i] - radii[j]);
        const f = (k * k) / d / Math.hypot(dx, dy);
        pos[i].dx += dx * f; pos[i].dy += dy * f; pos[j].dx -= dx * f; pos[j].dy -= dy * f;
      }
    }
    for (const [i, j, w] of links) {
      const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, d = Math.hypot(dx, dy) || 1;
      const f = (d / k) * w;
      pos[i].dx -= dx * f; pos[i].dy -= dy * f; pos[j].dx += dx * f; pos[j].dy += dy * f;
    }
    const temp = (W / 10) * (1 - step / steps) + 1;
    for (let i = 0; i < n; i++) {
      const q = pos[i];
      q.dx += (W / 2 - q.x) * 0.05 * (k / 50); q.dy += (H / 2 - q.y) * 0.05 * (k / 50);
      const len = Math.hypot(q.dx, q.dy) || 1, moveBy = Math.min(len, temp);
      const m = radii[i] + 4;
      const mx = Math.max(m, 50); // room for the label beside the circle
      q.x = Math.max(mx, Math.min(W - mx, q.x + (q.dx / len) * moveBy));
      q.y = Math.max(m, Math.min(H - m - 14, q.y + (q.dy / len) * moveBy));
    }
  }
  return pos;
}

function networkSvg({ nodes, edges }) {
  // A taller, narrower canvas on phones, so labels stay readable when scaled down.
  const [W, H] = window.innerWidth < 800 ? [560, 760] : [1000, 700];
  const maxM = Math.max(1, ...nodes.map((nd) => nd.mentions || 0));
  const maxW = Math.max(1, ...edges.map((e) => Math.abs(e.weight)));
  const radii = nodes.map((nd) => 4 + 20 * Math.sqrt((nd.mentions || 0) / maxM));
  const pos = layout(nodes, edges, radii, W, H);
  const at = new Map(nodes.map((nd, i) => [nd.id, pos[i]]));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart network', role: 'img', direction: 'ltr', 'aria-label': 'شبكة الفاعلين' });
  // Weakest edges first, so the strong ones are drawn on top; weak ones are faint.
  for (const e of [...edges].sort((x, y) => Math.abs(x.weight) - Math.abs(y.weight))) {
    const p = at.get(e.a), q = at.get(e.b);
    if (!p || !q) continue;
    const s = Math.sqrt(Math.abs(e.weight) / maxW);
    const line = svg('line', {
      x1: p.x.toFixed(1), y1: p.y.toFixed(1), x2: q.x.toFixed(1), y2: q.y.toFixed(1), class: 'edge ' + e.sign,
      'stroke-width': (0.8 + 7 * s).toFixed(2), 'stroke-opacity': (0.12 + 0.7 * s).toFixed(2),
    }, svg('title', {}, `${e.a} ↔ ${e.b}: ${fmtNum(e.weight)} (${e.articles} مقال، تعاوني ${e.cooperative}، عدائي ${e.hostile}، مختلط ${e.mixed})`));
    line.addEventListener('click', () => { location.hash = dyadHref(e.a, e.b); });
    chart.append(line);
  }
  nodes.forEach((nd, i) => {
    const r = radii[i];
    const g = svg('g', { class: 'node', 'data-id': nd.id, tabindex: 0, role: 'link', transform: `translate(${pos[i].x.toFixed(1)},${pos[i].y.toFixed(1)})` },
      svg('title', {}, `${nd.name_en || nd.id} — ${nd.name_ar || ''} (${nd.id}) · ${nd.kind || '—'} · ${nd.mentions} ذكر`),
      svg('circle', { r: r.toFixed(1), class: 'kind-' + (nd.kind || 'other') }),
      svg('text', { y: (r + 12).toFixed(1), 'text-anchor': 'middle' }, nd.name_ar || nd.name_en || nd.id));
    const open = () => { location.hash = actorHref(nd.id); };
    g.addEventListener('click', open);
    g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(); });
    chart.append(g);
  });
  return h('div', { class: 'chart-box network-box' }, chart);
}

/* ----------------------------------------------------------------- boot */

function boot() {
  document.getElementById('quick-actor').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = ev.target.elements.id.value.trim();
    if (id) location.hash = actorHref(id);
  });
  window.addEventListener('hashchange', route);
  route();
}

document.addEventListener('DOMContentLoaded', boot);
