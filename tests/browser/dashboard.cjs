// dashboard.cjs: drives Debian's chromium (headless, through playwright-core)
// over the page `deeds serve` shows, as a person would: load it, pick a
// dyad and a period, check that the chart has one point a period, click a
// point and read the evidence sentences, search, open a dyad from the heat
// map, and keep a screenshot.  Prints "ok - NAME" / "not ok - NAME" lines;
// exits non-zero when any check fails or the browser cannot start.
//
// usage: node dashboard.cjs URL SCREENSHOT.png
// environment: DEEDS_WEB_DEPS (folder holding node_modules), CHROMIUM
'use strict';

const path = require('path');
const { chromium } = require(require.resolve('playwright-core', {
  paths: [path.resolve(process.env.DEEDS_WEB_DEPS || 'build/web-deps')],
}));

const [url, screenshot] = process.argv.slice(2);
let failed = 0;

function check(name, ok, detail) {
  if (ok) {
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}`);
    if (detail !== undefined) console.log(`    ${JSON.stringify(detail)}`);
  }
}

// Waits until the chart holds data for `points` periods.
async function chartPoints(page, points) {
  await page.waitForFunction((n) => window.deeds.chart && window.deeds.chart.data[0].length === n,
                             points, { timeout: 10000 }).catch(() => {});
  return page.evaluate(() => (window.deeds.chart ? window.deeds.chart.data[0].length : -1));
}

async function pickDyad(page, source, target, from, to, by) {
  await page.selectOption('#source', source);
  await page.selectOption('#target', target);
  await page.fill('#from', from);
  await page.fill('#to', to);
  await page.selectOption('#by', by);
  await page.click('#show');
}

// Clicks the chart at the point for period index i of series s.
async function clickPoint(page, i, s) {
  const at = await page.evaluate(([idx, series]) => {
    const u = window.deeds.chart, box = u.over.getBoundingClientRect();
    return { x: box.left + u.valToPos(u.data[0][idx], 'x'),
             y: box.top + u.valToPos(u.data[series][idx], 'y') };
  }, [i, s]);
  await page.mouse.move(at.x, at.y);
  await page.mouse.click(at.x, at.y);
}

async function run() {
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  } catch (err) {
    check('chromium starts', false, String(err.message).split('\n')[0]);
    return;
  }
  check('chromium starts', true);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const offsite = [];
  page.on('request', (req) => { if (!req.url().startsWith(url)) offsite.push(req.url()); });
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });

  await page.goto(url);
  await page.waitForFunction(() => window.deeds && window.deeds.chart, null, { timeout: 10000 })
    .catch(() => {});
  check('the page loads and draws a chart', await page.evaluate(() => !!(window.deeds && window.deeds.chart)));

  await pickDyad(page, 'USA', 'PRK', '2018-01-01', '2018-12-31', 'month');
  const points = await chartPoints(page, 12);
  check('USA -> PRK by month over 2018 draws 12 points', points === 12, points);
  const shown = await page.evaluate(() => {
    const d = window.deeds.chart.data;
    return { rhetoric: d[1].filter((v) => v !== null).length, results: d[2].filter((v) => v !== null).length };
  });
  check('rhetoric has a value in the 3 months with words, results in the 1 with deeds',
        shown.rhetoric === 3 && shown.results === 1, shown);
  check('the title names the dyad', (await page.textContent('#dyad-title')).includes('USA → PRK'));
  check('the say-do gap is shown', /^[+-]?\d\.\d\d$/.test((await page.textContent('#gap')).trim()),
        await page.textContent('#gap'));
  check('follow-through counts promises', /of 2\b/.test(await page.textContent('#follow-summary')),
        await page.textContent('#follow-summary'));

  await clickPoint(page, 5, 1);   /* June 2018: the Singapore summit */
  await page.waitForSelector('#events li', { timeout: 5000 }).catch(() => {});
  const sentences = await page.$$eval('#events li .sentence', (els) => els.map((e) => e.textContent));
  check('clicking June shows its two events', sentences.length === 2, sentences);
  check('with their sentences', sentences.includes('Trump met Kim Jong Un in Singapore.'), sentences);
  const marks = await page.$$eval('#events li mark', (els) => els.map((e) => `${e.className}:${e.textContent}`));
  check('the matched words are marked', marks.includes('verb:met') && marks.includes('source:Trump'), marks);
  check('the code is explained in words',
        (await page.textContent('#events')).includes('Sign a formal agreement'), await page.textContent('#events li'));
  await page.screenshot({ path: screenshot, fullPage: true });
  check('a screenshot is kept', require('fs').statSync(screenshot).size > 10000);

  await page.click('#tabs button[data-tab="search"]');
  await page.fill('#search-q', 'Yongbyon');
  await page.click('#search-form button');
  await page.waitForSelector('#search-results li', { timeout: 5000 }).catch(() => {});
  const found = await page.$$eval('#search-results li .sentence', (els) => els.map((e) => e.textContent));
  check('searching Yongbyon finds the one sentence with it',
        found.length === 1 && found[0].includes('Yongbyon'), found);

  await page.click('#tabs button[data-tab="alignment"]');
  await page.waitForSelector('#alignment td[data-source="KOR"][data-target="PRK"]', { timeout: 5000 })
    .catch(() => {});
  const cell = await page.$('#alignment td[data-source="KOR"][data-target="PRK"]');
  check('the heat map has a KOR -> PRK cell', !!cell);
  if (cell) {
    await cell.click();
    await page.waitForFunction(() => document.getElementById('dyad-title').textContent.includes('KOR → PRK'),
                               null, { timeout: 5000 }).catch(() => {});
    check('clicking it opens that dyad', (await page.textContent('#dyad-title')).includes('KOR → PRK'));
    await page.reload();
    await page.waitForFunction(() => window.deeds && window.deeds.chart, null, { timeout: 10000 })
      .catch(() => {});
    check('a reload shows the same dyad and period (the view is in the address)',
          (await page.textContent('#dyad-title')).includes('KOR → PRK') &&
          (await page.inputValue('#from')) === '2018-01-01', page.url());
  }

  check('nothing was fetched from another host', offsite.length === 0, offsite);
  check('no script errors', errors.length === 0, errors);
  await browser.close();
}

run()
  .catch((err) => check('the browser test ran to its end', false, String(err.stack || err)))
  .finally(() => process.exit(failed ? 1 : 0));
