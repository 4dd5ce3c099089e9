// The web portal in headless Chromium (Debian's `chromium`, driven by playwright-core) against
// the real `healthpass-server` and `healthpass` binaries: sign in, register a venue, download its A4 PDF, render the page
// with pdftoppm and read the QR back with our own scanner (`healthpass scan`), check in with it,
// ask for a venue warning, confirm a case and read the code (text and QR), review and publish,
// refuse a form without its CSRF token, sign out, a keyboard-only pass, and axe-core on every
// page (no serious or critical issue). Screenshots go to $ARTIFACTS (default
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
  const server = spawn(serverBinary, ['run', '--data', data, '--listen', '127.0.0.1:0'], {
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
    // Operator: sign in, register a venue.
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
    await operator.waitForLoadState();
    const traceSecret = (await operator.textContent('code.secret')).trim();
    assert.match(traceSecret, /^healthpass-trace-v1:/);
    await screenshot(operator, 'operator-registered');

    // The A4 PDF: render its page with pdftoppm and read the QR with our scanner.
    const [download] = await Promise.all([operator.waitForEvent('download'), operator.click('a[href$="/poster/pdf"]')]);
    const pdf = path.join(artifacts, 'poster.pdf');
    await download.saveAs(pdf);
    assert.equal(fs.readFileSync(pdf).subarray(0, 8).toString(), '%PDF-1.4');
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdf, path.join(artifacts, 'poster-page')]);
    const [scanned] = scan(path.join(artifacts, 'poster-page.png'));
    assert.match(scanned, /^https:\/\/\S+#\S+$/, `the poster's QR reads back: ${scanned}`);
    const keys = await (await fetch(`${base}/v1/registry-keys`)).json();
    fs.writeFileSync(path.join(data, 'registry.pub'), keys.keys[0]);
    const checkin = JSON.parse(healthpass('--json', '--db', path.join(data, 'phone.db'), 'checkin', '--text', scanned,
      '--registry', path.join(data, 'registry.pub')));
    assert.equal(checkin.visit.venue_name, 'Mal Bekasi Raya', 'a phone checks in with the printed poster');

    // Ask for a venue warning with the trace secret.
    await operator.goto(`${base}/portal/venues`);
    await screenshot(operator, 'operator-venues');
    await operator.click('a[href$="/warning"]');
    await operator.fill('#trace_secret', traceSecret);
    await operator.fill('#from', '2026-11-30T10:00');
    await operator.fill('#to', '2026-11-30T12:00');
    await operator.selectOption('#advice', 'get_tested');
    await screenshot(operator, 'operator-warning-form');
    await operator.click('main button[type=submit]');
    await operator.waitForLoadState();
    assert.match(await operator.textContent('[role=status]'), /petugas kesehatan akan meninjaunya/);

    // Officer: confirm a case and read the code as text and from its QR.
    const officerContext = await browser.newContext();
    const officer = await officerContext.newPage();
    watch(officer);
    await signIn(officer, base, officerToken);
    assert.match(officer.url(), /\/portal\/cases$/);
    await officer.click('main button[type=submit]');
    await officer.waitForLoadState();
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
    healthpass('callback', '--server', base, '--phone', '+62 812-3456-7890', '--name', 'Budi', '--language', 'id');
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
    await keys_.waitForLoadState();
    assert.match(await keys_.textContent('[role=status]'), /Tempat terdaftar/);
    await screenshot(keys_, 'keyboard-registered');

    // Accessibility: every page, in both roles.
    const axeOperator = await browser.newContext({ bypassCSP: true });
    await signIn(await axeOperator.newPage(), base, operatorToken);
    for (const [url, name] of [['/portal/login', 'login'], ['/portal/venues', 'venues'], ['/portal/venues/new', 'register']]) {
      await checkAccessibility(axeOperator, base + url, name);
    }
    const venueWarning = await operator.getAttribute('a[href$="/warning"]', 'href');
    await checkAccessibility(axeOperator, base + venueWarning, 'warning');
    const axeOfficer = await browser.newContext({ bypassCSP: true });
    await signIn(await axeOfficer.newPage(), base, officerToken);
    for (const [url, name] of [['/portal/cases', 'cases'], ['/portal/review', 'review'], ['/portal/follow-ups', 'follow-ups'],
      ['/portal/vaccinations', 'vaccinations'], ['/portal/nothing', 'not-found']]) {
      await checkAccessibility(axeOfficer, base + url, name);
    }
    const confirmedPage = await axeOfficer.newPage();
    await confirmedPage.goto(`${base}/portal/cases`);
    await confirmedPage.click('main button[type=submit]');
    await confirmedPage.addScriptTag({ path: require.resolve('axe-core') });
    const confirmedViolations = await confirmedPage.evaluate(async () => (await axe.run()).violations);
    assert.deepEqual(confirmedViolations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), []);
    accessibility.push({ name: 'case-confirmed', violations: confirmedViolations.map((v) => `${v.impact} ${v.id}`) });

    assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violation on any page');
    fs.writeFileSync(path.join(artifacts, 'accessibility.json'), JSON.stringify(accessibility, null, 2));
    console.log(`portal: all checks passed; ${shot} screenshots and accessibility.json in ${artifacts}`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
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
