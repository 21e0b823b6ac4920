// Browser end-to-end test of the marsad web interface.
//
//   MARSAD_URL=http://127.0.0.1:8090 node run.mjs
//
// Opens every view in headless Chromium (Debian's /usr/bin/chromium, or
// CHROMIUM=path), checks what each shows, fails on any JavaScript dialog,
// page error or Content-Security-Policy violation, and saves screenshots to
// screenshots/. Exit code 1 when a check fails. With MARSAD_XSS_ID set, also
// opens that article (one whose text holds <script> and <img onerror>) and
// checks the markup shows as text and runs nothing.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE = (process.env.MARSAD_URL || 'http://127.0.0.1:8090').replace(/\/$/, '');
const QUERY = process.env.MARSAD_QUERY || 'أمريكا';
const XSS_ID = process.env.MARSAD_XSS_ID || '';
const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const TIMEOUT = 20000;

const results = [];
const problems = []; // dialogs, page errors and CSP violations, on any page

async function check(name, fn) {
  const t0 = Date.now();
  try {
    const note = await fn();
    results.push({ name, ok: true });
    console.log(`PASS  ${name}${note ? ' — ' + note : ''} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL  ${name} — ${String(e.message || e).split('\n')[0]}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// Every page reports dialogs (and dismisses them), uncaught errors and
// console errors such as CSP violations.
function watch(page, label) {
  page.on('dialog', async (d) => {
    problems.push(`${label}: dialog ${d.type()} "${d.message()}"`);
    await d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => problems.push(`${label}: page error ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    const url = m.location().url || '';
    // The browser's own favicon request, and the 404 the error check asks for.
    if (/favicon/.test(text + url) || url.includes('no-such-article')) return;
    problems.push(`${label}: console error ${text}`);
  });
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });
}

async function newPage(browser, width, label) {
  const ctx = await browser.newContext({
    viewport: { width, height: width > 500 ? 900 : 844 },
    deviceScaleFactor: 1,
    acceptDownloads: true,
    locale: 'ar',
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(TIMEOUT);
  watch(page, label);
  return page;
}

// Wait until a view has finished loading: its content or an error box.
async function settled(page, selector) {
  await page.waitForSelector(`${selector}, #view .error`);
  const err = await page.$('#view .error');
  if (err) throw new Error('the view shows an error: ' + (await err.textContent()));
}

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  // Playwright starts Chromium with a fresh temporary profile (user data dir)
  // of its own on every launch.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });

  try {
    const page = await newPage(browser, 1280, 'desktop');
    let articleHref = null;
    let actorId = 'USA';

    await check('search: an Arabic query shows hits with <mark>', async () => {
      await page.goto(BASE + '/');
      await settled(page, '.results');
      await page.fill('input[name=q]', QUERY);
      await page.click('.search-form button[type=submit]');
      await page.waitForFunction(() => location.hash.startsWith('#/search?q='));
      await settled(page, '.hit mark');
      const hits = await page.$$eval('.hit', (xs) => xs.length);
      const marks = await page.$$eval('.hit mark', (xs) => xs.map((m) => m.textContent));
      assert(hits > 0 && marks.length > 0, 'no hits or no marks');
      assert(await page.$('.facet .facet-btn'), 'no facets');
      articleHref = await page.$eval('.hit a.title', (a) => a.getAttribute('href'));
      await shot(page, 'search');
      return `${hits} hits, marked: ${marks.slice(0, 3).join(' | ')}`;
    });

    await check('search: a facet adds a filter, paging works', async () => {
      await page.click('.facet .facet-btn');
      await page.waitForFunction(() => /[?&](actor|type|outlet|from)=/.test(location.hash));
      await settled(page, '.chips .chip');
      await settled(page, '.hit');
      const before = await page.$eval('.hit a.title', (a) => a.textContent);
      const next = await page.$('.pager button:last-child:not([disabled])');
      if (next) {
        await next.click();
        await page.waitForFunction(() => /[?&]page=2/.test(location.hash));
        await page.waitForFunction((t) => document.querySelector('.hit a.title')?.textContent !== t, before);
      }
      return decodeURIComponent(await page.evaluate(() => location.hash));
    });

    await check('search: CSV and JSON downloads', async () => {
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('.downloads [data-dl=csv]')]);
      const [json] = await Promise.all([page.waitForEvent('download'), page.click('.downloads [data-dl=json]')]);
      return `${csv.suggestedFilename()}, ${json.suggestedFilename()}`;
    });

    await check('article: text with marked entities and their hover title', async () => {
      assert(articleHref, 'no article link from the search');
      await page.goto(BASE + '/' + articleHref);
      await settled(page, '.article-text');
      const ents = await page.$$eval('.article-text .ent', (xs) => xs.length);
      assert(ents > 0, 'no marked entities');
      const ent = await page.$('.article-text .ent[data-actor]');
      assert(ent, 'no entity with an actor');
      const title = await ent.getAttribute('title');
      assert(title && title.includes('\n'), 'entity title lacks the actor: ' + title);
      await ent.hover();
      actorId = await ent.getAttribute('data-actor');
      const kinds = await page.$$eval('.article-text .time, .article-text .quote, .article-text .trig', (xs) => xs.length);
      await shot(page, 'article');
      return `${ents} entities, ${kinds} times/quotes/triggers; title "${title.replace(/\n/g, ' / ')}"`;
    });

    await check('article: the whole text is there, and an event button shows its trigger', async () => {
      const id = decodeURIComponent(articleHref.replace('#/article/', ''));
      const shown = await page.$eval('.article-text', (el) => el.textContent);
      const api = await page.evaluate(async (u) => (await fetch(u)).json(), '/api/articles/' + encodeURIComponent(id));
      assert(shown === api.text, `the marked text differs from the article text (${shown.length} vs ${api.text.length} chars)`);
      const btn = await page.$('[data-show-trigger]');
      if (!btn) return 'no events in this article';
      await btn.click();
      await page.waitForSelector('.trig.flash');
      return 'trigger flashed';
    });

    await check('article: phone width', async () => {
      const phone = await newPage(browser, 390, 'phone');
      await phone.goto(BASE + '/' + articleHref);
      await settled(phone, '.article-text .ent');
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await shot(phone, 'article-phone');
      await phone.goto(BASE + '/#/search?q=' + encodeURIComponent(QUERY));
      await settled(phone, '.hit mark');
      const overflow2 = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await shot(phone, 'search-phone');
      await phone.context().close();
      assert(overflow <= 1 && overflow2 <= 1, `page wider than the phone (article +${overflow}px, search +${overflow2}px)`);
    });

    await check('actor: profile and timeline SVG', async () => {
      await page.goto(BASE + '/#/actor/' + encodeURIComponent(actorId));
      await settled(page, 'svg.timeline, .block .empty');
      const bars = await page.$$eval('svg.timeline rect.coop, svg.timeline rect.host', (xs) => xs.length);
      if (!bars) {
        // The article's actor may have no dated events: try a state that has.
        actorId = 'USA';
        await page.goto(BASE + '/#/actor/USA');
        await settled(page, 'svg.timeline');
      }
      const n = await page.$$eval('svg.timeline .bar', (xs) => xs.length);
      assert(n > 0, 'no bars in the timeline');
      await shot(page, 'actor');
      return `${actorId}: ${n} months`;
    });

    await check('network: graph with nodes and edges', async () => {
      await page.goto(BASE + '/#/network');
      await settled(page, 'svg.network');
      const nodes = await page.$$eval('svg.network .node', (xs) => xs.length);
      const edges = await page.$$eval('svg.network .edge', (xs) => xs.length);
      assert(nodes > 0, 'no nodes');
      await shot(page, 'network');
      await page.click('svg.network .node');
      await page.waitForFunction(() => location.hash.startsWith('#/actor/'));
      return `${nodes} nodes, ${edges} edges; a node opens ${decodeURIComponent(await page.evaluate(() => location.hash))}`;
    });

    await check('dyad: timeline and events of a pair', async () => {
      // The strongest partner or adversary of the actor, else IRN–USA.
      await page.goto(BASE + '/#/actor/USA');
      await settled(page, 'svg.timeline');
      const href = (await page.$eval('a[href^="#/dyad/"]', (a) => a.getAttribute('href')).catch(() => null)) || '#/dyad/IRN/USA';
      await page.goto(BASE + '/' + href);
      await settled(page, 'svg.timeline, .block .empty');
      const rows = await page.$$eval('table tbody tr', (xs) => xs.length);
      assert(rows > 0, 'no events between them');
      await shot(page, 'dyad');
      return `${decodeURIComponent(href)}: ${rows} events`;
    });

    await check('errors: an unknown article shows the API error', async () => {
      await page.goto(BASE + '/#/article/no-such-article-xyz');
      await page.waitForSelector('#view .error');
      return (await page.textContent('#view .error')).trim();
    });

    if (XSS_ID) {
      await check('xss: markup in an article shows as text and runs nothing', async () => {
        const p = await newPage(browser, 1280, 'xss');
        let dialogs = 0;
        p.on('dialog', () => dialogs++);
        await p.goto(BASE + '/#/article/' + encodeURIComponent(XSS_ID));
        await settled(p, '.article-text');
        await p.waitForTimeout(1000); // give an injected onerror the time to fire
        const text = await p.$eval('.article-text', (el) => el.textContent);
        const injected = await p.$$eval('#view script, #view img, #view [onerror]', (xs) => xs.length);
        await shot(p, 'xss');
        await p.context().close();
        assert(text.includes('<script>'), 'the text does not show <script> literally');
        assert(injected === 0, `${injected} injected elements in the page`);
        assert(dialogs === 0, `${dialogs} dialogs`);
        return 'shown literally, no element, no dialog';
      });
    }

    await check('no dialog, page error or CSP violation on any page', async () => {
      assert(problems.length === 0, problems.join('; '));
    });
  } finally {
    await browser.close();
  }

  const failed = results.filter((r) => !r.ok);
  console.log(`\n${results.length - failed.length}/${results.length} checks passed; screenshots in ${SHOTS}`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
