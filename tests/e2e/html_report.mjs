// Drives /usr/bin/chromium over report.html with playwright-core: every section and chart must
// render without console errors, a click on a Sankey port must switch the drill-down to it, and
// the page must load within the time limits. Prints one JSON line with what it measured.
//
// node html_report.mjs PAGE SHOT_DIR [--full] [--max-load-ms N] [--max-all-charts-ms N] [--loads N]
//                      [--readme-shot FILE]
//   "load" is the page's performance mark 'first-screen': from navigation start until the page's
//   DOM is built, its controls work and its first screen (overview and the first chart) is
//   painted. 'all-charts' marks the moment the last chart was drawn (the others follow in idle
//   time). --max-load-ms (default 3000) holds first-screen, --max-all-charts-ms (default 15000)
//   all-charts.
//   --full: check sections, charts, tables and the click (else only the times are measured)
//   --active: also the active-vs-passive section (a report with probe results); without --full,
//            only that section, its chart and tables (and the times)
//   --loads N: load the page N times and hold the fastest to the limits (the machine is shared;
//   the page's own cost is the least time it took)
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const webModules = resolve(process.env.IOTSCOPE_WEB_MODULES || join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'web', 'node_modules'));
const { chromium } = require(join(webModules, 'playwright-core'));

const [page_path, shotDir, ...flags] = process.argv.slice(2);
const full = flags.includes('--full');
const flagValue = (name) => { const i = flags.indexOf(name); return i >= 0 ? flags[i + 1] : undefined; };
const maxLoadMs = Number(flagValue('--max-load-ms') || 3000);
const readmeShot = flagValue('--readme-shot');
const loads = Math.max(1, Number(flagValue('--loads') || 1));
const maxAllChartsMs = Number(flagValue('--max-all-charts-ms') || 15000);

const active = flags.includes('--active');
const sections = ['overview', 'devices', 'local-sankey', 'external-sankey', 'drilldown', 'scans',
  'encryption', 'exposure', 'thesis', 'candidates'];
const chartIds = ['chart-local-sankey', 'chart-external-sankey', 'chart-drill-remote',
  'chart-drill-devices', 'chart-drill-peers', 'chart-scans', 'chart-encryption', 'chart-tls',
  'chart-exposure', 'chart-port-usage-local', 'chart-port-usage-external', 'chart-sharing',
  'chart-external-by-type', 'chart-bytes-cdf'];
const tablesWithRows = ['table-inputs', 'table-devices', 'table-scans', 'table-encryption',
  'table-exposure', 'table-port-usage-local', 'table-candidates'];
// --active: the report has probe results; the active-vs-passive section must render too. Without
// --full only that section (and the overview) is checked: a small lab has no scans to list.
if (active) {
  const activeSections = ['active'];
  const activeCharts = ['chart-offered-unused'];
  const activeTables = ['table-service-usage', 'table-offered'];
  if (!full) {
    sections.splice(0, sections.length, 'overview');
    chartIds.splice(0, chartIds.length);
    tablesWithRows.splice(0, tablesWithRows.length);
  }
  sections.splice(Math.max(0, sections.indexOf('candidates')), 0, ...activeSections);
  chartIds.push(...activeCharts);
  tablesWithRows.push(...activeTables);
}

const failures = [];
const fail = (message) => failures.push(message);
const profile = mkdtempSync(join(tmpdir(), 'iotscope-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
const result = { page: page_path };
try {
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  // The page must need nothing from outside: any request but the file itself fails the test.
  const requests = [];
  page.on('request', (request) => { if (!request.url().startsWith('file:')) requests.push(request.url()); });

  const url = pathToFileURL(resolve(page_path)).href;
  // Per load: the in-page marks (from navigation start), and the wall time the test waited from
  // asking for the page until it said its first screen is up (includes starting the renderer).
  result.first_screen_loads_ms = [];
  result.all_charts_loads_ms = [];
  result.wall_loads_ms = [];
  const markTime = (name) => page.evaluate((n) => {
    const entry = performance.getEntriesByName(n, 'mark')[0];
    return entry ? Math.round(entry.startTime) : null;
  }, name);
  for (let i = 0; i < loads; i++) {
    if (i > 0) await page.goto('about:blank');
    const started = Date.now();
    await page.goto(url, { waitUntil: 'load', timeout: 120000 });
    await page.waitForFunction(() => performance.getEntriesByName('first-screen', 'mark').length > 0, null, { timeout: 120000, polling: 20 });
    result.wall_loads_ms.push(Date.now() - started);
    result.first_screen_loads_ms.push(await markTime('first-screen'));
    await page.waitForSelector('body[data-charts="done"]', { timeout: 120000 });
    result.all_charts_loads_ms.push(await markTime('all-charts'));
  }
  result.first_screen_ms = Math.min(...result.first_screen_loads_ms);
  result.all_charts_ms = Math.min(...result.all_charts_loads_ms);
  result.ready = await page.evaluate(() => document.body.getAttribute('data-ready'));
  result.first_screen_charts = await page.evaluate(() => window.iotscope.firstScreenCharts);
  result.timings = await page.evaluate(() => window.iotscope.timings);
  result.chart_ms = await page.evaluate(() => window.iotscope.chartMs);
  if (result.ready !== 'true') fail('body[data-ready] is not set after the first screen');
  if (full && !result.first_screen_charts.includes(chartIds[0])) fail(`the first screen did not draw ${chartIds[0]}: ${result.first_screen_charts}`);
  if (result.first_screen_ms > maxLoadMs) fail(`first screen took ${result.first_screen_ms} ms (limit ${maxLoadMs} ms)`);
  if (result.all_charts_ms > maxAllChartsMs) fail(`all charts took ${result.all_charts_ms} ms (limit ${maxAllChartsMs} ms)`);
  if (requests.length) fail('the page requested ' + requests.join(', '));

  if (full || active) {
    result.sections = await page.evaluate((ids) => ids.map((id) => {
      const s = document.getElementById(id);
      return { id, present: !!s, text: s ? s.innerText.length : 0 };
    }), sections);
    for (const s of result.sections) {
      if (!s.present || s.text < 40) fail(`section ${s.id} missing or empty (${s.text} characters)`);
    }
    // A chart counts as rendered when ECharts owns its box and its canvas has painted pixels.
    result.charts = await page.evaluate((ids) => ids.map((id) => {
      const box = document.getElementById(id);
      if (!box) return { id, present: false };
      const instance = window.echarts.getInstanceByDom(box);
      const canvas = box.querySelector('canvas');
      let painted = 0;
      if (canvas && canvas.width > 0 && canvas.height > 0) {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4 * 7) if (pixels[i] > 0) painted++;
      }
      const caption = box.nextElementSibling && box.nextElementSibling.classList.contains('caption')
        ? box.nextElementSibling.textContent : '';
      return { id, present: true, echarts: !!instance, width: canvas ? canvas.width : 0, height: canvas ? canvas.height : 0, painted, caption: caption.length };
    }), chartIds);
    for (const c of result.charts) {
      if (!c.present || !c.echarts || c.painted < 200) fail(`chart ${c.id} not rendered: ${JSON.stringify(c)}`);
      if (c.caption < 40) fail(`chart ${c.id} has no caption`);
    }
    result.table_rows = await page.evaluate((ids) => Object.fromEntries(ids.map((id) => {
      const t = document.getElementById(id);
      return [id, t ? t.querySelectorAll('tbody tr').length : -1];
    })), tablesWithRows);
    for (const [id, rows] of Object.entries(result.table_rows)) if (rows < 1) fail(`table ${id} has no rows`);
  }
  if (full) {

    // Long tables draw their first rows, and more as their box is scrolled to the end.
    result.devices_paging = await page.evaluate(async () => {
      const body = document.querySelector('#table-devices tbody');
      const wrap = body.closest('.table-wrap');
      const held = window.iotscope.data.devices.rows.length;
      const before = body.rows.length;
      wrap.scrollTop = wrap.scrollHeight;
      await new Promise((done) => setTimeout(done, 300));
      const after = body.rows.length;
      wrap.scrollTop = 0;
      return { held, before, after };
    });
    {
      const { held, before, after } = result.devices_paging;
      if (before !== Math.min(held, 100)) fail(`devices table drew ${before} of ${held} rows at first (expected ${Math.min(held, 100)})`);
      if (held > before && after <= before) fail(`scrolling the devices table drew no more rows (${before} of ${held})`);
    }

    // The devices table filters: choosing one vendor leaves only that vendor's rows.
    const vendor = await page.evaluate(() => document.querySelector('#device-vendor option:nth-child(2)').value);
    await page.selectOption('#device-vendor', vendor);
    const vendors = await page.evaluate(() => [...document.querySelectorAll('#table-devices tbody tr td:nth-child(4)')].map((td) => td.textContent));
    if (!vendors.length || vendors.some((v) => v !== vendor)) fail(`vendor filter ${vendor} shows ${[...new Set(vendors)]}`);
    await page.selectOption('#device-vendor', '');

    await page.screenshot({ path: join(shotDir, 'report-full.png'), fullPage: true });

    // Click a local-port node of the device-to-device Sankey with the mouse, at the node's place
    // in the canvas as ECharts laid it out; the drill-down must switch to that port.
    const before = await page.getAttribute('#drill-title', 'data-port');
    const target = await page.evaluate((current) => {
      const chart = window.iotscope.charts['chart-local-sankey'];
      const series = chart.getModel().getSeriesByIndex(0);
      const data = series.getData();
      const origin = series.layoutInfo || { x: 0, y: 0 };  // node layouts are relative to it
      for (let i = 0; i < data.count(); i++) {
        const name = data.getName(i);
        if (!name.startsWith('lport:') || name === 'lport:ephemeral' || name.slice(6) === current) continue;
        const layout = data.getItemLayout(i);
        if (layout.dy < 4) continue;
        return { port: name.slice(6), x: origin.x + layout.x + layout.dx / 2, y: origin.y + layout.y + layout.dy / 2 };
      }
      return null;
    }, before);
    if (!target) {
      fail('no clickable local port node in the device-to-device Sankey');
    } else {
      // Bring the node itself into the viewport: the Sankey may be taller than the window.
      await page.evaluate((y) => {
        const top = document.getElementById('chart-local-sankey').getBoundingClientRect().top + window.scrollY;
        window.scrollTo(0, top + y - window.innerHeight / 2);
      }, target.y);
      const box = await page.locator('#chart-local-sankey').boundingBox();
      await page.mouse.click(box.x + target.x, box.y + target.y);
      await page.waitForFunction((port) => document.getElementById('drill-title').getAttribute('data-port') === port, target.port, { timeout: 5000 })
        .catch(() => {});
      const after = await page.evaluate(() => ({
        port: document.getElementById('drill-title').getAttribute('data-port'),
        scope: document.getElementById('drill-title').getAttribute('data-scope'),
        title: document.getElementById('drill-title').textContent,
        bars: window.iotscope.charts['chart-drill-remote'].getOption().yAxis[0].data.length,
        select: document.getElementById('drill-select').value,
      }));
      result.click = { before, clicked: target.port, after };
      if (after.port !== target.port || after.scope !== 'local') fail(`drill-down shows ${after.port}/${after.scope} after clicking port ${target.port}`);
      if (after.bars < 1) fail('drill-down remote-port chart is empty after the click');
      if (after.select !== 'local:' + target.port) fail(`drill-down selector shows ${after.select}`);
      await page.screenshot({ path: join(shotDir, 'drilldown.png') });
    }
    // The sticky header would cover part of a section in an element screenshot.
    await page.evaluate(() => { document.querySelector('header').style.position = 'static'; });
    await page.locator('#local-sankey').screenshot({ path: join(shotDir, 'sankey-local.png') });
    if (readmeShot) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('#local-sankey').screenshot({ path: readmeShot });
    }
  }
  result.console_errors = consoleErrors;
  if (consoleErrors.length) fail('console errors: ' + consoleErrors.join(' | '));
} catch (error) {
  fail(String(error && error.stack || error));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
result.failures = failures;
console.log(JSON.stringify(result));
process.exit(failures.length ? 1 : 0);
