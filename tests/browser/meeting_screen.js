// The meeting screen in Debian's real chromium (issue 16), run by ctest:
//   node meeting_screen.js NAGAME_BINARY OUT_DIR
// Seeds a fresh store with `nagame seed-demo`, starts `nagame serve` on a free loopback port
// with basic-auth credentials, then drives headless chromium (puppeteer-core) through /report,
// /review, /review/WEEK and /rules/NAME: every chart has the SVG shapes its table of numbers
// says, j/k and Tab walk the meeting with a visible focus, a decision recorded through the form
// shows in the API and in the Markdown notes, a page without credentials is refused, no CSP
// violation is reported, and axe-core finds no serious or critical violation. Screenshots at
// 1920×1080 and 1366×768 are saved into OUT_DIR (their paths printed). Exits non-zero on the
// first failure, and after a fixed time limit.
'use strict';

const {spawn, spawnSync} = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const CHROMIUM = process.env.NAGAME_CHROMIUM || '/usr/bin/chromium';
const TIME_LIMIT_MS = 150000;
const USER = 'demo';
const PASSWORD = 'browser-test-password';

const [nagameBinary, outDir] = process.argv.slice(2);
if (!nagameBinary || !outDir) {
  console.error('usage: node meeting_screen.js NAGAME_BINARY OUT_DIR');
  process.exit(2);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`FAIL: no chromium at ${CHROMIUM}: run scripts/install-deps.sh test`);
  process.exit(1);
}

let server = null;
let browser = null;
const timer = setTimeout(() => fail(`time limit of ${TIME_LIMIT_MS / 1000} s reached`), TIME_LIMIT_MS);

function fail(message) {
  console.error(`FAIL: ${message}`);
  if (server) server.kill('SIGKILL');
  if (browser) browser.process()?.kill('SIGKILL');
  process.exit(1);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// A fresh directory with the config, the seeded store and the demo rule file.
function prepare() {
  const dir = path.join(outDir, 'store');
  fs.rmSync(dir, {recursive: true, force: true});
  fs.mkdirSync(dir, {recursive: true});
  const config = path.join(dir, 'nagame.yaml');
  fs.writeFileSync(config, [
    'listen: "127.0.0.1:0"',
    `database: "${path.join(dir, 'nagame.db')}"`,
    'timezone: "UTC"',
    'sources:',
    '  alertmanager: {bearer_token: "browser-test-token"}',
    `rule_files: ["${path.join(dir, '*-rules.yml')}"]`,
    'api:',
    `  basic_auth: {username: "${USER}", password: "${PASSWORD}"}`,
    '',
  ].join('\n'));
  const seed = spawnSync(nagameBinary, ['seed-demo', '--config', config, '--rule-file',
                                        path.join(dir, 'demo-history-rules.yml')],
                         {encoding: 'utf8', timeout: 60000});
  check(seed.status === 0, `seed-demo failed: ${seed.stderr}`);
  console.log(seed.stdout.trim());
  return config;
}

// Starts `nagame serve` and resolves with its port once it logged "listening".
function serve(config) {
  return new Promise((resolve, reject) => {
    server = spawn(nagameBinary, ['serve', '--config', config], {stdio: ['ignore', 'ignore', 'pipe']});
    server.on('exit', (code) => reject(new Error(`nagame serve exited (${code})`)));
    const lines = readline.createInterface({input: server.stderr});
    lines.on('line', (line) => {
      try {
        const event = JSON.parse(line);
        if (event.event === 'listening' && event.port) resolve(event.port);
      } catch (e) { /* not a JSON log line */ }
    });
  });
}

function isoWeek(date) {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d - yearStart) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

// Every chart's SVG against its own table: the meeting's figures draw one ".v" shape per
// non-zero number; the report's bars one "rect.now" per labelled row. Returns the count.
async function checkCharts(page, where) {
  const charts = await page.evaluate(() => {
    const out = [];
    for (const fig of document.querySelectorAll('figure.chart')) {
      const svg = fig.querySelector('svg');
      const cells = [...fig.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent));
      const shapes = [...svg.querySelectorAll('.v')].map((el) => {
        const box = el.getBBox();
        return box.width * box.height;
      });
      let expected = 0;
      if (fig.classList.contains('heatmap')) {
        for (const row of cells) expected += row[1] === 'none' ? 0 : row[1].split(',').length;
      } else if (fig.classList.contains('timeline')) {
        expected = cells.filter((row) => row[0] === 'Episode').length;
      } else {
        expected = cells.filter((row) => Number(row[1]) > 0).length;
      }
      const rendered = svg.getBoundingClientRect();
      out.push({id: fig.id, kind: fig.className, shapes, expected,
                width: rendered.width, height: rendered.height});
    }
    for (const svg of document.querySelectorAll('svg.bars')) {
      const shapes = [...svg.querySelectorAll('rect.now')].map((el) => {
        const box = el.getBBox();
        return box.width * box.height;
      });
      out.push({id: 'bars', kind: 'bars', shapes,
                expected: svg.querySelectorAll('text.label').length,
                width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height});
    }
    return out;
  });
  check(charts.length > 0, `${where}: no chart`);
  let nonEmpty = 0;
  for (const c of charts) {
    check(c.shapes.length === c.expected,
          `${where}: chart ${c.id} (${c.kind}) draws ${c.shapes.length} shapes, its numbers say ${c.expected}`);
    check(c.shapes.every((area) => area > 0), `${where}: chart ${c.id} has an empty shape`);
    check(c.width > 0 && c.height > 0, `${where}: chart ${c.id} is not rendered`);
    if (c.shapes.length > 0) ++nonEmpty;
  }
  check(nonEmpty > 0, `${where}: every chart is empty`);
  console.log(`${where}: ${charts.length} charts, ${nonEmpty} with shapes, counts match their tables`);
  return charts.length;
}

async function checkAxe(page, where) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, {resultTypes: ['violations']});
    return r.violations.map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                     target: v.nodes[0]?.target?.join(' ')}));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result) console.log(`${where}: axe ${v.impact} ${v.id} ×${v.nodes} (${v.target})`);
  check(bad.length === 0, `${where}: axe found ${bad.length} serious or critical violations: ` +
                          bad.map((v) => v.id).join(', '));
}

async function screenshot(page, name) {
  for (const [width, height] of [[1920, 1080], [1366, 768]]) {
    await page.setViewport({width, height});
    const file = path.join(outDir, `${name}-${width}x${height}.png`);
    await page.screenshot({path: file});
    console.log(`screenshot: ${file}`);
  }
  await page.setViewport({width: 1366, height: 768});
}

// The focused element and whether it shows a focus outline.
function focusState(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {tag: el.tagName, id: el.id, visible: el.matches(':focus-visible') &&
            style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
  });
}

async function walkWithKeyboard(page, where) {
  const ids = await page.evaluate(() => [...document.querySelectorAll('section.rule')].map((s) => s.id));
  check(ids.length >= 3, `${where}: only ${ids.length} rule sections`);
  await page.mouse.click(5, 5);
  const moves = [['j', ids[0]], ['j', ids[1]], ['j', ids[2]], ['k', ids[1]]];
  for (const [key, want] of moves) {
    await page.keyboard.press(key);
    const f = await focusState(page);
    check(f.id === want, `${where}: after ${key} the focus is on ${f.tag}#${f.id}, want #${want}`);
    check(f.visible, `${where}: the focus on #${want} is not visible`);
    const top = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, want);
    check(Math.abs(top) < 5, `${where}: #${want} is not scrolled to the top (${top})`);
  }
  for (let i = 0; i < 3; ++i) {
    await page.keyboard.press('Tab');
    const f = await focusState(page);
    check(['A', 'INPUT', 'TEXTAREA', 'BUTTON', 'SUMMARY'].includes(f.tag),
          `${where}: Tab went to ${f.tag}`);
    check(f.visible, `${where}: Tab focus on ${f.tag} is not visible`);
  }
  console.log(`${where}: j/k moved through ${moves.length} rules, Tab through 3 controls, focus visible`);
}

async function recordDecision(page, base, week) {
  const note = `browser test ${Date.now()}`;
  const form = 'section.rule form.record';
  const rule = await page.$eval(`${form} input[name=rule]`, (el) => el.value);
  await page.click(`${form} input[value=keep]`);
  await page.type(`${form} textarea`, note);
  await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
  check(page.url().includes(`recorded=`), `after the form the page is ${page.url()}`);
  const auth = {Authorization: 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64')};
  const api = await (await fetch(`${base}/api/v1/decisions?from=${week}`, {headers: auth})).json();
  const found = (api.decisions || []).find((d) => d.note === note);
  check(found && found.rule === rule && found.action === 'keep' && found.author === USER,
        `the decision is not in GET /api/v1/decisions: ${JSON.stringify(api).slice(0, 500)}`);
  const md = await (await fetch(`${base}/review/${week}.md`, {headers: auth})).text();
  check(md.includes(note) && md.includes(`| ${rule} | keep | ${USER} |`),
        `the decision is not in the notes:\n${md}`);
  console.log(`recorded "keep" on ${rule} through the form; seen in the API and the notes`);
}

async function main() {
  fs.mkdirSync(outDir, {recursive: true});
  const started = Date.now();
  const config = prepare();
  const port = await serve(config);
  const base = `http://127.0.0.1:${port}`;
  const week = isoWeek(new Date());
  const lastWeek = isoWeek(new Date(Date.now() - 7 * 86400000));

  const args = ['--headless', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage',
                '--proxy-server=direct://', '--proxy-bypass-list=*'];
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
  browser = await puppeteer.launch({executablePath: CHROMIUM, args, timeout: 30000});
  console.log(`chromium ${await browser.version()}, nagame on ${base}`);

  // Without credentials every page is refused.
  const anonymous = await browser.createBrowserContext();
  const stranger = await anonymous.newPage();
  for (const target of ['/review', `/rules/DemoPodCrashLooping`, '/report']) {
    // Headless chromium answers a 401 challenge it has no credentials for by failing the load.
    const statuses = [];
    const seen = (res) => { if (res.url() === base + target) statuses.push(res.status()); };
    stranger.on('response', seen);
    const res = await stranger.goto(base + target).catch((err) => err);
    stranger.off('response', seen);
    const refused = res instanceof Error
        ? /ERR_INVALID_AUTH_CREDENTIALS/.test(String(res)) && statuses.every((s) => s === 401)
        : res.status() === 401;
    const direct = (await fetch(base + target)).status;
    check(refused && direct === 401,
          `${target} without credentials: browser ${res instanceof Error ? res : res.status()}, ` +
          `HTTP ${direct}`);
  }
  await anonymous.close();
  console.log('pages without credentials: 401');

  const page = await browser.newPage();
  await page.authenticate({username: USER, password: PASSWORD});
  const violations = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/.test(msg.text())) violations.push(msg.text());
  });
  page.on('pageerror', (err) => violations.push(String(err)));
  await page.setViewport({width: 1366, height: 768});

  const pages = [
    ['report', `/report/${lastWeek}`],
    ['review', '/review'],
    ['review-week', `/review/${lastWeek}`],
    ['rule', `/rules/DemoPodCrashLooping/${lastWeek}`],
  ];
  for (const [name, target] of pages) {
    const res = await page.goto(base + target, {waitUntil: 'load'});
    check(res.status() === 200, `${target} answered ${res.status()}`);
    await checkCharts(page, target);
    await checkAxe(page, target);
    await screenshot(page, name);
  }

  await page.goto(`${base}/review/${lastWeek}`, {waitUntil: 'load'});
  const scriptLoaded = await page.evaluate(() =>
    performance.getEntriesByType('resource').some((r) => r.name.endsWith('/static/review.js')));
  check(scriptLoaded, 'the meeting screen did not load /static/review.js');
  await walkWithKeyboard(page, `/review/${lastWeek}`);
  // A decision is recorded now, so in this week's meeting.
  await page.goto(`${base}/review`, {waitUntil: 'load'});
  await recordDecision(page, base, week);

  check(violations.length === 0, `the browser reported: ${violations.join('; ')}`);
  await browser.close();
  browser = null;
  server.kill('SIGTERM');
  clearTimeout(timer);
  console.log(`PASS in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
