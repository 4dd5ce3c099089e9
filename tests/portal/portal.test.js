// The web portal in headless Chromium (Debian's `chromium`, driven by playwright-core) against
// the real `healthpass-server` and `healthpass` binaries: sign in, register a venue (the browser
// makes the poster's seed), download the poster text, PNG and SVG and print the A4 view to PDF,
// read each QR back with our own scanner (`healthpass scan`) and check in with it; assert that
// nothing the server stored or logged holds the seed; warn the venue's visitors with the poster
// text from the CLI; confirm a case with advice and period and read the code (text and QR),
// review and publish, refuse a form without its CSRF token, sign out, a keyboard-only pass, and
// axe-core on every page (no serious or critical issue). Screenshots go to $ARTIFACTS (default
// target/portal-artifacts). Exit status 0 = every check passed.
//
//   HEALTHPASS=target/debug/healthpass NODE_PATH=$TOOLS/node_modules node tests/portal/portal.test.js

'use strict';
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const binary = path.resolve(process.env.HEALTHPASS || path.join(root, 'target', 'debug', 'healthpass'));
const serverBinary = path.join(path.dirname(binary), 'healthpass-server');
const artifacts = path.resolve(process.env.ARTIFACTS || path.join(root, 'target', 'portal-artifacts'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(artifacts, { recursive: true });
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-'));

/** Runs the healthpass CLI; its standard output. */
function healthpass(...args) {
  return execFileSync(binary, args, { cwd: data, encoding: 'utf8' });
}

/** The texts `healthpass scan` reads from one image file (it prints `FILE: ["text", …]`). */
function scan(file) {
  const out = healthpass('scan', file).trim();
  return JSON.parse(out.slice(out.indexOf(': ') + 2));
}

/** The last line of `healthpass-server add-…`: the new account's token. */
function account(kind, name) {
  return execFileSync(serverBinary, [kind, '--data', data, name], { cwd: data, encoding: 'utf8' }).trim().split('\n').pop();
}

/** Starts the server on a free port; resolves to [process, base URL]. */
function startServer() {
  const server = spawn(serverBinary, ['run', '--sign-documents-at-start', '--data', data, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', fs.openSync(path.join(artifacts, 'server.log'), 'w')],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/\S+)/);
      if (match) resolve([server, match[1]]);
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

let shot = 0;
async function screenshot(page, name) {
  shot += 1;
  await page.screenshot({ path: path.join(artifacts, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** Pages axe-core checked, with their serious or critical violations. */
const accessibility = [];
async function checkAccessibility(context, url, name) {
  // Only this context bypasses the CSP, so axe-core can be injected; the flows run under it.
  const page = await context.newPage();
  await page.goto(url);
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => (await axe.run()).violations);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  accessibility.push({ name, violations: violations.map((v) => `${v.impact} ${v.id}`) });
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], `axe on ${name}`);
  await page.close();
}

async function signIn(page, base, token) {
  await page.goto(`${base}/portal/`);
  assert.match(page.url(), /\/portal\/login$/);
  await page.fill('#token', token);
  await page.press('#token', 'Enter');
  await page.waitForLoadState();
}

async function main() {
  const officerToken = account('add-officer', 'Dr. Sari');
  const operatorToken = account('add-operator', 'Mal Bekasi Raya');
  const [server, base] = await startServer();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  const cspViolations = [];
  const watch = (page) => page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  try {
    // Operator: sign in, register a venue; the browser makes the seed.
    const operatorContext = await browser.newContext({ acceptDownloads: true });
    const operator = await operatorContext.newPage();
    watch(operator);
    await signIn(operator, base, operatorToken);
    assert.match(operator.url(), /\/portal\/venues$/);
    await screenshot(operator, 'operator-venues-empty');
    await operator.click('a[href="/portal/venues/new"] >> nth=0');
    await operator.fill('#name', 'Mal Bekasi Raya');
    await operator.fill('#address', 'Jl. Ahmad Yani No. 1, Bekasi');
    await operator.selectOption('#category', 'mall');
    await operator.fill('#stay', '90');
    await operator.check('#occupancy');
    await screenshot(operator, 'operator-register-form');
    await operator.click('main button[type=submit]');
    await operator.waitForSelector('#poster-ready', { state: 'visible' });
    await screenshot(operator, 'operator-registered');

    // The poster text (with the seed), PNG and SVG, as the operator downloads them.
    const saved = {};
    for (const [id, name] of [['#poster-text', 'poster.txt'], ['#poster-png', 'poster.png'], ['#poster-svg', 'poster.svg']]) {
      const [download] = await Promise.all([operator.waitForEvent('download'), operator.click(id)]);
      saved[name] = path.join(artifacts, name);
      await download.saveAs(saved[name]);
    }
    const posterText = fs.readFileSync(saved['poster.txt'], 'utf8').trim();
    assert.match(posterText, /^https:\/\/\S+#[A-Za-z0-9_-]+$/);
    assert.deepEqual(scan(saved['poster.png']), [posterText], 'the PNG carries the poster text');
    // The SVG as a browser draws it, read back from a screenshot.
    const svgPage = await browser.newPage();
    const svgBase64 = fs.readFileSync(saved['poster.svg']).toString('base64');
    await svgPage.setContent(`<img id="qr" width="600" height="600" src="data:image/svg+xml;base64,${svgBase64}">`);
    await svgPage.locator('#qr').screenshot({ path: path.join(artifacts, 'poster-svg.png') });
    await svgPage.close();
    assert.deepEqual(scan(path.join(artifacts, 'poster-svg.png')), [posterText], 'the SVG carries the poster text');
    // The A4 print view, printed to PDF by Chromium: one page, the code at least 8 cm wide.
    await operator.emulateMedia({ media: 'print' });
    const codeWidthCm = await operator.evaluate(() => document.querySelector('.print-poster .poster-qr svg').getBoundingClientRect().width / 96 * 2.54);
    assert.ok(codeWidthCm >= 8, `the printed code is ${codeWidthCm} cm wide`);
    await screenshot(operator, 'operator-print-view');
    const pdf = path.join(artifacts, 'poster.pdf');
    await operator.pdf({ path: pdf, format: 'A4', printBackground: true });
    await operator.emulateMedia({ media: 'screen' });
    assert.match(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }), /Pages:\s+1\n[\s\S]*Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)/);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdf, path.join(artifacts, 'poster-page')]);
    assert.deepEqual(scan(path.join(artifacts, 'poster-page.png')), [posterText], 'the printed A4 page carries the poster');

    // A phone checks in with the PNG.
    const keys = await (await fetch(`${base}/v1/registry-keys`)).json();
    fs.writeFileSync(path.join(data, 'registry.pub'), keys.keys[0]);
    const checkin = JSON.parse(healthpass('--json', '--db', path.join(data, 'phone.db'), 'checkin', saved['poster.png'],
      '--registry', path.join(data, 'registry.pub')));
    assert.equal(checkin.visit.venue_name, 'Mal Bekasi Raya', 'a phone checks in with the downloaded poster');

    // The seed is the payload's last 32 bytes; nothing the server stored or logged holds it.
    const payload = Buffer.from(posterText.split('#')[1], 'base64url');
    const seed = payload.subarray(payload.length - 32);
    const seedText = seed.toString('base64url');
    const serverFiles = [path.join(artifacts, 'server.log')];
    const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).forEach((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file); else serverFiles.push(file);
    });
    walk(data);
    const leaks = serverFiles.filter((file) => !file.startsWith(path.join(data, 'phone.db')) && file !== path.join(data, 'registry.pub'))
      .filter((file) => { const bytes = fs.readFileSync(file); return bytes.includes(seed) || bytes.includes(seedText) || bytes.includes(seed.toString('hex')); });
    assert.deepEqual(leaks, [], `no seed in the server's files (${serverFiles.length} searched)`);

    // A venue warning: the page explains the command; the operator runs it with the poster text.
    await operator.goto(`${base}/portal/venues`);
    await screenshot(operator, 'operator-venues');
    await operator.click('a[href$="/warning"]');
    assert.match(await operator.textContent('main pre'), /healthpass operator warn/);
    const warningPath = new URL(operator.url()).pathname;
    await screenshot(operator, 'operator-warning-help');
    const now = Date.now();
    execFileSync(binary, ['operator', 'warn', '--server', base, '--venue-id', warningPath.match(/[0-9a-f]{32}/)[0],
      '--poster-text', saved['poster.txt'], '--advice', 'get_tested',
      '--from', new Date(now - 20 * 60000).toISOString(), '--to', new Date(now - 5 * 60000).toISOString()],
    { cwd: data, encoding: 'utf8', env: { ...process.env, HEALTHPASS_TOKEN: operatorToken } });

    // Officer: confirm a case and read the code as text and from its QR.
    const officerContext = await browser.newContext();
    const officer = await officerContext.newPage();
    watch(officer);
    await signIn(officer, base, officerToken);
    assert.match(officer.url(), /\/portal\/cases$/);
    await officer.selectOption('#advice', 'isolate');
    await officer.fill('#infectious_from', wib(Date.now() - 5 * 86400000));
    await officer.fill('#infectious_until', wib(Date.now()));
    await screenshot(officer, 'officer-case-form');
    await officer.click('main button[type=submit]');
    await officer.waitForLoadState();
    assert.match(await officer.textContent('#case-advice'), /Isolasi mandiri/);
    const code = (await officer.textContent('#upload-code')).trim();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    await screenshot(officer, 'officer-case-confirmed');
    const qrPng = path.join(artifacts, 'upload-code-qr.png');
    await officer.locator('svg.qr').screenshot({ path: qrPng });
    assert.deepEqual(scan(qrPng), [code], 'the QR on screen carries the code');

    // Review and publish.
    await officer.click('nav a[href="/portal/review"]');
    await screenshot(officer, 'officer-review');
    await officer.click('button:has-text("Setujui")');
    await officer.waitForLoadState();
    assert.match(await officer.textContent('[role=status]'), /Keputusan disimpan/);
    await officer.click('form[action="/portal/publish"] button');
    await officer.waitForLoadState();
    assert.match(await officer.textContent('[role=status]'), /Peringatan diterbitkan/);
    await screenshot(officer, 'officer-published');

    // A follow-up request, the queue and the dashboard.
    const asked = await fetch(`${base}/v1/follow-ups`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '+62 812-3456-7890', name: 'Budi', language: 'id' }),
    });
    assert.equal(asked.status, 201, 'the request a phone sends after an alert');
    for (const [dose, date] of [[1, '2026-11-02'], [2, '2026-11-02'], [1, '2026-11-03'], [3, '2026-11-04']]) {
      const response = await fetch(`${base}/v1/certificates`, {
        method: 'POST', headers: { authorization: `Bearer ${officerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'vaccination', family_name: 'Wijaya', dob: '1990-04-12', dose, doses: 2, date }),
      });
      assert.equal(response.status, 201);
    }
    await officer.click('nav a[href="/portal/follow-ups"]');
    assert.match(await officer.textContent('main table'), /\+6281234567890/);
    await screenshot(officer, 'officer-follow-ups');
    await officer.click('nav a[href="/portal/vaccinations"]');
    assert.equal(await officer.locator('svg.chart rect').count(), 3 * 3 + 3);
    await screenshot(officer, 'officer-vaccinations');
    await officer.click('a[href="/portal/language/en"]');
    await officer.goto(`${base}/portal/vaccinations`);
    assert.match(await officer.textContent('h1'), /Vaccinations/);
    await screenshot(officer, 'officer-vaccinations-en');
    await officer.click('a[href="/portal/language/id"]');

    // A form posted without its CSRF token is refused and stores nothing.
    await officer.goto(`${base}/portal/cases`);
    await officer.evaluate(() => document.querySelector('main form input[name=csrf]').remove());
    await officer.fill('#infectious_from', wib(Date.now() - 86400000));
    await officer.fill('#infectious_until', wib(Date.now()));
    await officer.click('main button[type=submit]');
    await officer.waitForLoadState();
    assert.match(await officer.textContent('h1'), /Formulir ditolak/);
    await screenshot(officer, 'officer-csrf-refused');

    // Signing out ends the session.
    await officer.goto(`${base}/portal/cases`);
    await officer.click('header button[type=submit]');
    await officer.waitForLoadState();
    assert.match(await officer.textContent('[role=status]'), /Anda sudah keluar/);
    const after = await officer.goto(`${base}/portal/cases`);
    assert.equal(after.status(), 401);
    await screenshot(officer, 'signed-out');

    // Keyboard only: skip link, sign in, register a venue, all without the mouse.
    const keyboardContext = await browser.newContext();
    const keys_ = await keyboardContext.newPage();
    watch(keys_);
    await keys_.goto(`${base}/portal/login`);
    await keys_.keyboard.press('Tab');
    assert.equal(await keys_.evaluate(() => document.activeElement.className), 'skip');
    const outline = await keys_.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    await keys_.keyboard.press('Enter');
    await tabTo(keys_, '#token');
    await keys_.keyboard.type(operatorToken);
    await keys_.keyboard.press('Enter');
    await keys_.waitForURL(/\/portal\/venues$/);
    await tabTo(keys_, 'nav a[href="/portal/venues/new"]');
    await keys_.keyboard.press('Enter');
    await keys_.waitForURL(/\/portal\/venues\/new$/);
    await tabTo(keys_, '#name');
    await keys_.keyboard.type('Puskesmas Bekasi Jaya');
    await keys_.keyboard.press('Tab');
    await keys_.keyboard.type('Jl. Melati 2');
    await keys_.keyboard.press('Tab');
    await keys_.keyboard.press('ArrowDown');
    await tabTo(keys_, '#stay');
    await keys_.keyboard.press('Tab');
    await keys_.keyboard.press('Space');
    assert.ok(await keys_.isChecked('#occupancy'));
    await keys_.keyboard.press('Tab');
    await keys_.keyboard.press('Enter');
    await keys_.waitForSelector('#poster-ready', { state: 'visible' });
    assert.match(await keys_.textContent('[role=status]'), /Tempat terdaftar/);
    await tabTo(keys_, '#poster-text');
    await screenshot(keys_, 'keyboard-registered');

    // Accessibility: every page, in both roles.
    const axeOperator = await browser.newContext({ bypassCSP: true });
    await signIn(await axeOperator.newPage(), base, operatorToken);
    for (const [url, name] of [['/portal/login', 'login'], ['/portal/venues', 'venues'], ['/portal/venues/new', 'register']]) {
      await checkAccessibility(axeOperator, base + url, name);
    }
    await checkAccessibility(axeOperator, base + warningPath, 'warning');
    const posterPage = await axeOperator.newPage();
    await posterPage.goto(`${base}/portal/venues/new`);
    await posterPage.fill('#name', 'Toko Sehat');
    await posterPage.fill('#address', 'Jl. Kenanga 5');
    await posterPage.click('main button[type=submit]');
    await posterPage.waitForSelector('#poster-ready', { state: 'visible' });
    accessibility.push({ name: 'poster', violations: await axeOn(posterPage) });
    const axeOfficer = await browser.newContext({ bypassCSP: true });
    await signIn(await axeOfficer.newPage(), base, officerToken);
    for (const [url, name] of [['/portal/cases', 'cases'], ['/portal/review', 'review'], ['/portal/follow-ups', 'follow-ups'],
      ['/portal/vaccinations', 'vaccinations'], ['/portal/nothing', 'not-found']]) {
      await checkAccessibility(axeOfficer, base + url, name);
    }
    const confirmedPage = await axeOfficer.newPage();
    await confirmedPage.goto(`${base}/portal/cases`);
    await confirmedPage.fill('#infectious_from', wib(Date.now() - 2 * 86400000));
    await confirmedPage.fill('#infectious_until', wib(Date.now()));
    await confirmedPage.click('main button[type=submit]');
    await confirmedPage.waitForSelector('#upload-code');
    accessibility.push({ name: 'case-confirmed', violations: await axeOn(confirmedPage) });

    assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violation on any page');
    fs.writeFileSync(path.join(artifacts, 'accessibility.json'), JSON.stringify(accessibility, null, 2));
    console.log(`portal: all checks passed; ${shot} screenshots and accessibility.json in ${artifacts}`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

/** A `datetime-local` value in WIB (UTC+7) for the instant `ms`. */
function wib(ms) {
  return new Date(ms + 7 * 3600000).toISOString().slice(0, 16);
}

/** axe-core on a page that is open already (in a context that bypasses the CSP, so it can be
 * injected); fails on a serious or critical issue, else the issues found. */
async function axeOn(page) {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => (await axe.run()).violations);
  assert.deepEqual(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), []);
  return violations.map((v) => `${v.impact} ${v.id}`);
}

/** Presses Tab until `selector` has focus (at most 40 times). */
async function tabTo(page, selector) {
  for (let i = 0; i < 40; i += 1) {
    if (await page.evaluate((s) => document.activeElement === document.querySelector(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
