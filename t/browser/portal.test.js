'use strict';
// Stories of people using the portal in a real browser: headless Debian
// Chromium driven by playwright-core, run by Node's own test runner
// (t/browser/run.sh). Fields, buttons and links are found by their labels
// and roles, as a person finds them, never by CSS classes.
//
// The stack is the one HD_VAR names (t/run-all.sh starts it); its
// stack.env gives the HTTP port. When a story fails, a screenshot of the
// page goes to $HD_VAR/browser/.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const CHROMIUM = '/usr/bin/chromium'; // Debian's; never a downloaded one
const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync',
];
const PASSWORD = 'helpdesk'; // every demo user's
const WAIT_MS = 10_000; // for one element or one page load
const STORY_MS = 45_000;

// ---------------------------------------------------------------------
// The stack under test
// ---------------------------------------------------------------------

function stackEnv() {
  const dir = process.env.HD_VAR;
  if (!dir) {
    throw new Error('HD_VAR is not set: run through make test, t/run-all.sh '
                    + 'or t/browser/run.sh with HD_VAR of a started stack');
  }
  const env = {};
  for (const line of fs.readFileSync(path.join(dir, 'stack.env'), 'utf8').split('\n')) {
    const m = /^(\w+)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
  if (!/^\d+$/.test(env.HD_HTTP_PORT || '')) {
    throw new Error(`no HD_HTTP_PORT in ${dir}/stack.env`);
  }
  return { dir, port: env.HD_HTTP_PORT };
}

const STACK = stackEnv();
const portal = (p) => `http://127.0.0.1:${STACK.port}${p}`;

// A word no other ticket has, like HDTest's new_tag: put in a summary,
// searched for later.
function newTag() {
  let tag = 'qx';
  for (let i = 0; i < 8; i++) tag += String.fromCharCode(97 + crypto.randomInt(26));
  return tag;
}

// ---------------------------------------------------------------------
// One browser for the file, one context (cookies, viewport, JavaScript
// on or off) per story
// ---------------------------------------------------------------------

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
});

after(async () => {
  if (browser) await browser.close();
});

// Runs fn(page) in a fresh context; on failure adds where the page was
// and leaves a screenshot of it.
async function story(name, contextOptions, fn) {
  const context = await browser.newContext(contextOptions);
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  const page = await context.newPage();
  try {
    await fn(page);
  } catch (err) {
    const url = page.url();
    let shot = '';
    try {
      const dir = path.join(STACK.dir, 'browser');
      fs.mkdirSync(dir, { recursive: true });
      shot = path.join(dir, `${name.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: shot, fullPage: true, timeout: 5000 });
      shot = ` (screenshot: ${shot})`;
    } catch {
      shot = '';
    }
    err.message = `at ${url}${shot}:\n${err.message}`;
    throw err;
  } finally {
    await context.close();
  }
}

// Collects what would make a page "broken" for its visitor: console
// errors, uncaught exceptions, Content-Security-Policy violations and
// failed requests. Call before the first goto.
async function watchProblems(page) {
  const problems = [];
  // Runs before the page's own scripts (and is not subject to its CSP).
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked `
                    + `${e.blockedURI || '(inline)'} in ${e.sourceFile || e.documentURI}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText;
    // A navigation (log out, a redirect) aborts what the old page was
    // still loading; that is the browser's doing, not a broken page.
    if (why === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.url()} (${why})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  return problems;
}

// ---------------------------------------------------------------------
// What a person does and sees
// ---------------------------------------------------------------------

const pathOf = (page) => new URL(page.url()).pathname;

// Waits until `locator` shows `text` (a string or RegExp); fails with
// what the page says instead.
async function sees(page, locator, text, what) {
  try {
    await locator.getByText(text).first().waitFor({ state: 'visible' });
  } catch {
    let said = '';
    try {
      said = (await locator.first().innerText({ timeout: 1000 })).replace(/\s+/g, ' ');
    } catch {
      said = (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ');
    }
    assert.fail(`expected to see ${text} ${what ? `in ${what} ` : ''}`
                + `at ${page.url()}; it says: ${said.slice(0, 600)}`);
  }
}

// From a portal page that sends her to log in: fill in the form, press
// Log in, and wait to be back on a portal page.
async function logIn(page, user, start = '/helpdesk/') {
  await page.goto(portal(start));
  assert.equal(pathOf(page), '/helpdesk/login',
               `opening ${start} without a session should lead to the login page`);
  await page.getByLabel('Login', { exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((u) => u.pathname !== '/helpdesk/login'
                               && !u.pathname.startsWith('/helpdesk/login/'));
}

// The page's width against the window's: no sideways scrolling.
async function assertNoSidewaysScroll(page, viewportWidth, what) {
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  assert.ok(m.scrollWidth <= m.innerWidth && m.innerWidth <= viewportWidth,
            `${what} (${page.url()}) scrolls sideways on a ${viewportWidth} px wide `
            + `phone: ${JSON.stringify(m)}`);
}

// Whether the focused element shows that it is: an outline or a shadow.
function focusStyle(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {
      element: el.outerHTML.slice(0, 120),
      outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
      visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
               || s.boxShadow !== 'none',
      boxShadow: s.boxShadow,
    };
  });
}

const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);

// The ticket form: fills it as a person does and submits it; returns the
// reference the notice gives. Expects to be on /helpdesk/tickets/new.
async function logTicket(page, { summary, details, service }) {
  await page.getByRole('radio', { name: 'Incident — something is broken' }).check();
  await page.getByLabel('Service / Asset', { exact: true }).selectOption({ label: service });
  const summaryField = page.getByLabel('Summary', { exact: true });
  await summaryField.click();
  await summaryField.pressSequentially(summary); // typed, key by key
  await page.getByLabel('Details', { exact: true }).fill(details);
  await page.getByRole('button', { name: 'Log ticket', exact: true }).click();
  await page.waitForURL((u) => /^\/helpdesk\/tickets\/HD-\d+$/.test(u.pathname));

  const notice = page.getByRole('status');
  await sees(page, notice, /HD-\d{4,}/, 'the notice after logging a ticket');
  await sees(page, notice, 'Please quote this number', 'the notice after logging a ticket');
  const ref = /HD-\d{4,}/.exec(await notice.innerText())[0];
  assert.equal(pathOf(page), `/helpdesk/tickets/${ref}`,
               'the notice names the ticket the page shows');
  await sees(page, page.getByRole('heading', { level: 1 }), summary, 'the page title');
  return ref;
}

// ---------------------------------------------------------------------
// The stories
// ---------------------------------------------------------------------

test('alice logs in and sees Today, without console errors or CSP violations',
     { timeout: STORY_MS }, () => story('login', {}, async (page) => {
  const problems = await watchProblems(page);

  await page.goto(portal('/helpdesk/'));
  assert.equal(pathOf(page), '/helpdesk/login', 'the portal sends her to log in');
  await sees(page, page.getByRole('heading', { level: 1 }), 'Log in');

  await page.getByLabel('Login', { exact: true }).fill('alice');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/helpdesk/');

  await sees(page, page.getByRole('heading', { level: 1 }), 'Alice Archer', 'the greeting');
  const details = page.getByRole('region', { name: 'Your details' });
  await sees(page, details, 'Alice Archer', 'Your details');
  await sees(page, details, 'Psychiatry', 'Your details');
  await sees(page, page.getByRole('banner'), 'Psychiatry', 'the header');
  await page.getByRole('heading', { name: 'Service Updates' }).waitFor();

  assert.deepEqual(problems, [], 'the login page and Today load cleanly');

  // And out again: the portal is closed to her until she logs in.
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/helpdesk/login');
  await page.goto(portal('/helpdesk/'));
  assert.equal(pathOf(page), '/helpdesk/login', 'after logging out the portal asks to log in');
  assert.deepEqual(problems, [], 'logging out loads cleanly');
}));

test('on a phone, Today and the ticket list fit the screen and the navigation is reachable',
     { timeout: STORY_MS }, () => {
  const phone = { width: 390, height: 844 };
  return story('phone', {
    viewport: phone, isMobile: true, hasTouch: true, deviceScaleFactor: 3,
  }, async (page) => {
    await logIn(page, 'alice');
    assert.equal(pathOf(page), '/helpdesk/');
    await sees(page, page.getByRole('heading', { level: 1 }), 'Alice Archer');
    await assertNoSidewaysScroll(page, phone.width, 'Today');

    const nav = page.getByRole('navigation', { name: 'Primary' });
    for (const name of ['Today', 'Tickets']) {
      const link = nav.getByRole('link', { name, exact: true });
      await link.waitFor({ state: 'visible' });
      const box = await link.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= phone.width
                && box.width > 0 && box.height > 0,
                `the "${name}" link is on screen: ${JSON.stringify(box)}`);
    }
    const logOut = page.getByRole('button', { name: 'Log out', exact: true });
    await logOut.waitFor({ state: 'visible' });

    await nav.getByRole('link', { name: 'Tickets', exact: true }).tap();
    await page.waitForURL((u) => u.pathname === '/helpdesk/tickets');
    await sees(page, page.getByRole('heading', { level: 1 }), 'Tickets');
    await page.getByRole('table').waitFor();
    await assertNoSidewaysScroll(page, phone.width, 'the ticket list');

    await nav.getByRole('link', { name: 'Today', exact: true }).tap();
    await page.waitForURL((u) => u.pathname === '/helpdesk/');
  });
});

test('on a phone, Today comes in the order people need it, New ticket on the first screen',
     { timeout: STORY_MS }, () => {
  const phone = { width: 390, height: 844 };
  return story('phone-today', {
    viewport: phone, isMobile: true, hasTouch: true, deviceScaleFactor: 3,
  }, async (page) => {
    // alice has tickets waiting for her answer in the demo (HD-1016
    // Pending Closure, HD-1023 Waiting for Client Response).
    await logIn(page, 'alice');
    assert.equal(pathOf(page), '/helpdesk/');
    const order = ['Waiting for you', 'New ticket', 'Service Updates', 'Your open tickets', 'News',
                   'Common questions', 'Your details'];
    const tops = [];
    for (const name of order) {
      const h = page.getByRole('heading', { name, exact: true });
      await h.waitFor();
      const box = await h.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= phone.width, `"${name}" is on screen across`);
      tops.push(box.y);
    }
    for (let i = 1; i < tops.length; i++) {
      assert.ok(tops[i] > tops[i - 1], `"${order[i]}" comes after "${order[i - 1]}" (${tops[i - 1]} < ${tops[i]})`);
    }
    const newTicket = page.getByRole('link', { name: 'Log a ticket', exact: true }).first();
    const nb = await newTicket.boundingBox();
    assert.ok(nb && nb.y + nb.height <= phone.height,
              `New ticket is on the first screen of a phone: ${JSON.stringify(nb)}`);
    // Every light says itself in words, not colour alone.
    const updates = page.getByRole('region', { name: 'Service Updates' });
    await sees(page, updates, 'Offline', 'the VPN outage');
    await assertNoSidewaysScroll(page, phone.width, 'Today');
  });
});

test('on a phone, the first ticket is on the first screen; statuses are chosen with checkboxes',
     { timeout: STORY_MS }, () => {
  const phone = { width: 390, height: 844 };
  return story('phone-list', {
    viewport: phone, isMobile: true, hasTouch: true, deviceScaleFactor: 3,
  }, async (page) => {
    await logIn(page, 'alice', '/helpdesk/tickets');
    assert.equal(pathOf(page), '/helpdesk/tickets');
    const table = page.getByRole('table');
    const firstTicket = table.getByRole('row')
      .filter({ has: page.getByRole('link', { name: /^HD-\d+$/ }) }).first();
    await firstTicket.waitFor();
    const box = await firstTicket.boundingBox();
    assert.ok(box && box.y < phone.height,
              `the first ticket starts on the first screen (top ${box && Math.round(box.y)} px `
              + `of ${phone.height})`);
    await assertNoSidewaysScroll(page, phone.width, 'the ticket list');

    // The statuses fold away behind one line saying how many are chosen.
    const filters = page.getByRole('search', { name: 'Filter tickets' });
    const closed = filters.getByRole('checkbox', { name: 'Closed', exact: true });
    assert.equal(await closed.isVisible(), false, 'the status checkboxes start folded away');
    const summary = filters.getByText(/^Status: \d+ chosen$/);
    assert.equal((await summary.innerText()).trim(), 'Status: 7 chosen',
                 'the open statuses are chosen by default');
    await summary.tap();
    await closed.waitFor({ state: 'visible' });
    assert.equal(await closed.isChecked(), false, 'Closed is not chosen by default');
    assert.equal(await filters.getByRole('checkbox', { name: 'Waiting for Support', exact: true })
                   .isChecked(), true, 'Waiting for Support is');
    await closed.tap();
    await assertNoSidewaysScroll(page, phone.width, 'the list with the statuses unfolded');
    await filters.getByRole('button', { name: 'Apply', exact: true }).tap();
    await page.waitForURL((u) => u.searchParams.getAll('status').includes('closed'));
    const url = new URL(page.url());
    assert.equal(url.searchParams.getAll('status').length, 8, 'one status parameter per checkbox');
    assert.equal((await filters.getByText(/^Status: \d+ chosen$/).innerText()).trim(),
                 'Status: 8 chosen', 'the summary counts the new choice');

    // On a wide screen the checkboxes show without unfolding anything.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    const cancelled = filters.getByRole('checkbox', { name: 'Cancelled', exact: true });
    await cancelled.waitFor({ state: 'visible' });
    await cancelled.check();
    await filters.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.getAll('status').includes('cancelled'));
    assert.equal(new URL(page.url()).searchParams.getAll('status').length, 9,
                 'every status chosen');
  });
});

test('alice logs a ticket, finds it by searching, opens it and comments on it',
     { timeout: STORY_MS }, () => story('ticket', {}, async (page) => {
  const tag = newTag();
  const summary = `Label printer on ward 4 prints blank pages ${tag}`;
  await logIn(page, 'alice');

  await page.getByRole('link', { name: 'Log a ticket', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/helpdesk/tickets/new');
  const ref = await logTicket(page, {
    summary,
    service: 'Printing',
    details: 'Since this morning every label comes out blank.\n'
             + 'Tried a new roll; same. The printer is by the nurses\' station.',
  });

  // Tickets, search for her word.
  await page.getByRole('navigation', { name: 'Primary' })
            .getByRole('link', { name: 'Tickets', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/helpdesk/tickets');
  const filters = page.getByRole('search', { name: 'Filter tickets' });
  await filters.getByLabel('Search', { exact: true }).fill(tag);
  await filters.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('q') === tag);

  const table = page.getByRole('table');
  await sees(page, table, ref, 'the search results');
  const rows = table.getByRole('row').filter({ hasText: tag });
  assert.equal(await rows.count(), 1, `one ticket has the word ${tag}`);
  await rows.getByRole('link', { name: summary }).click();
  await page.waitForURL((u) => u.pathname === `/helpdesk/tickets/${ref}`);
  await sees(page, page.getByRole('heading', { level: 1 }), summary, 'the ticket page');

  // A comment, which then shows in the activity.
  const comment = `Still blank after restarting it (${tag}).`;
  await page.getByLabel('Add a comment', { exact: true }).fill(comment);
  await page.getByRole('button', { name: 'Add comment', exact: true }).click();
  const activity = page.getByRole('region', { name: 'Activity' });
  await sees(page, activity, comment, 'the activity');
  assert.equal(pathOf(page), `/helpdesk/tickets/${ref}`, 'she stays on her ticket');
  const entry = activity.getByRole('listitem').filter({ hasText: comment });
  await sees(page, entry, 'Alice Archer', 'the activity entry of her comment');
}));

test('keyboard: the first Tab stop is the skip link, and focus is visible',
     { timeout: STORY_MS }, () => story('keyboard', {}, async (page) => {
  await page.goto(portal('/helpdesk/login'));
  // The Login field takes the focus on load (autofocus), so the first Tab
  // from there goes to Password. Go back to the top of the page first: the
  // focus on the document itself, where Tab starts from the beginning.
  await page.getByLabel('Login', { exact: true }).waitFor();
  await page.evaluate(() => {
    const body = document.body;
    body.tabIndex = -1;
    body.focus();
    body.removeAttribute('tabindex');
  });

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  assert.equal(await isFocused(skip), true,
               `the first Tab stop is the skip link, not ${(await focusStyle(page)).element}`);
  let style = await focusStyle(page);
  assert.ok(style.visible, `the focused skip link shows focus: ${JSON.stringify(style)}`);
  const box = await skip.boundingBox();
  const vp = page.viewportSize();
  assert.ok(box && box.width > 1 && box.height > 1 && box.x >= 0 && box.y >= 0
            && box.x + box.width <= vp.width && box.y + box.height <= vp.height,
            `the focused skip link is on screen: ${JSON.stringify(box)}`);

  // Using it lands in the main content; the next Tab is the Login field.
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.hash === '#main');
  assert.equal(await isFocused(page.getByRole('main')), true, 'the skip link moves focus to main');
  await page.keyboard.press('Tab');
  assert.equal(await isFocused(page.getByLabel('Login', { exact: true })), true,
               'after the skip link, Tab goes to the Login field');
  style = await focusStyle(page);
  assert.ok(style.visible, `the focused Login field shows focus: ${JSON.stringify(style)}`);
}));

test('without JavaScript, logging in and logging a ticket still work',
     { timeout: STORY_MS }, () => story('no-javascript', { javaScriptEnabled: false },
                                         async (page) => {
  const tag = newTag();
  await logIn(page, 'alice');
  assert.equal(pathOf(page), '/helpdesk/');
  const details = page.getByRole('region', { name: 'Your details' });
  await sees(page, details, 'Alice Archer', 'Your details');

  await page.getByRole('link', { name: 'Log a ticket', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/helpdesk/tickets/new');
  await logTicket(page, {
    summary: `Telephone on reception has no dial tone ${tag}`,
    service: 'Telephony',
    details: 'The handset is silent; the line light is off.',
  });
}));

test('tina picks up alice\'s ticket, asks her a question, alice answers, tina proposes a solution, alice reads it',
     { timeout: 2 * STORY_MS }, () => story('desk', {}, async (page) => {
  const tag = newTag();
  const problems = await watchProblems(page);
  await logIn(page, 'alice');
  await page.goto(portal('/helpdesk/tickets/new'));
  const ref = await logTicket(page, {
    summary: `Scanner in outpatients does not send to e-mail ${tag}`,
    service: 'Printing',
    details: 'Scans never arrive.',
  });

  // tina, in a browser of her own.
  const tinaContext = await browser.newContext();
  tinaContext.setDefaultTimeout(WAIT_MS);
  const tina = await tinaContext.newPage();
  try {
    await logIn(tina, 'tina');
    await tina.getByRole('navigation', { name: 'Primary' })
              .getByRole('link', { name: 'Desk', exact: true }).click();
    await tina.waitForURL((u) => u.pathname === '/helpdesk/desk');
    await tina.getByRole('link', { name: /^Unassigned/ }).click();
    await tina.waitForURL((u) => u.searchParams.get('queue') === 'unassigned');
    await tina.goto(portal(`/helpdesk/tickets/${ref}`));
    const desk = tina.getByRole('region', { name: 'Service desk' });
    await desk.getByRole('button', { name: 'Assign to me', exact: true }).click();
    await sees(tina, tina.getByRole('status'), 'is assigned to Tina Tran', 'the notice');
    await tina.getByRole('region', { name: 'Service desk' })
              .getByRole('button', { name: 'Start work', exact: true }).click();
    await sees(tina, tina.getByRole('status'), 'In Progress', 'the notice');
    const question = `Which scanner model is it? (${tag})`;
    await tina.getByLabel('Question for the client', { exact: true }).fill(question);
    await tina.getByRole('button', { name: 'Ask the client', exact: true }).click();
    await sees(tina, tina.getByRole('status'), 'Waiting for Client Response', 'the notice');

    // alice reads the question and answers it.
    await page.goto(portal(`/helpdesk/tickets/${ref}`));
    await sees(page, page.locator('body'), question, 'her ticket');
    await sees(page, page.locator('.status-panel'), 'waiting for your reply', 'the status');
    await page.getByLabel('Add a comment', { exact: true }).fill('A Canon DR-C225.');
    await page.getByRole('button', { name: 'Add comment', exact: true }).click();
    await sees(page, page.locator('.status-panel'), 'In Review', 'the status after her reply');

    // tina works on and proposes the solution.
    await tina.goto(portal(`/helpdesk/tickets/${ref}`));
    await tina.getByRole('region', { name: 'Service desk' })
              .getByRole('button', { name: 'Start work', exact: true }).click();
    const solution = `Updated the scan-to-mail address book (${tag}).`;
    await tina.getByLabel('Solution', { exact: true }).fill(solution);
    await tina.getByRole('button', { name: 'Propose solution', exact: true }).click();
    await sees(tina, tina.getByRole('status'), 'Pending Closure', 'the notice');
  } finally {
    await tinaContext.close();
  }

  // alice sees the solution, and is asked whether it fixed it.
  await page.goto(portal(`/helpdesk/tickets/${ref}`));
  await sees(page, page.getByRole('region', { name: 'Solution' }),
             'Updated the scan-to-mail address book', 'the Solution');
  await sees(page, page.getByRole('region', { name: 'Did it fix it?' }), 'Yes, it is fixed', 'the question');
  assert.deepEqual(problems, [], 'her pages load cleanly');
}));

// The newest message in the stack's SMTP sink (one file per message) to
// `to` whose text matches `re`, waited for; the match.
async function mailMatching(to, re, sinceMs) {
  const dir = path.join(STACK.dir, 'mail', 'inbox', 'new');
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    for (const f of files) {
      const file = path.join(dir, f);
      if (fs.statSync(file).mtimeMs < sinceMs) continue;
      // Quoted-printable soft line breaks joined; the password is plain ASCII.
      const raw = fs.readFileSync(file, 'latin1').replace(/=\r?\n/g, '');
      if (!new RegExp(`^To:.*${to}`, 'mi').test(raw)) continue;
      const m = re.exec(raw);
      if (m) return m;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`no mail to ${to} matching ${re} within 20 s`);
}

// Changes the password on the change-password form the page shows.
async function choosePassword(page, current, fresh) {
  const form = page.locator('#password-form');
  await form.getByLabel(/^(Temporary|Current) password$/).fill(current);
  await form.getByLabel('New password', { exact: true }).fill(fresh);
  await form.getByLabel('New password again', { exact: true }).fill(fresh);
  await form.getByRole('button', { name: 'Change password', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/helpdesk/account');
}

test('dave forgot his password: a mail, a temporary password, his own chosen first, then Today',
     { timeout: STORY_MS }, () => story('forgot-password', {}, async (page) => {
  const since = Date.now() - 1000;
  await page.goto(portal('/helpdesk/'));
  await page.getByRole('link', { name: 'Forgot your password?', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/helpdesk/password/forgot');
  await page.getByLabel('E-mail address, user name or login', { exact: true })
            .fill('dave@example.org');
  await page.getByRole('button', { name: 'Send me a temporary password', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('sent') === '1');
  await sees(page, page.locator('main'), /temporary password/i, 'the answer');

  const temporary = (await mailMatching('dave@example\\.org',
                                        /Your temporary password: ([A-Za-z0-9]{14})/, since))[1];

  // The temporary password logs in -- and leads to choosing his own.
  await page.goto(portal('/helpdesk/'));
  await page.getByLabel('Login', { exact: true }).fill('dave');
  await page.getByLabel('Password', { exact: true }).fill(temporary);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/helpdesk/account/password');
  await sees(page, page.locator('main'), 'You logged in with a temporary password',
             'the change-password page');
  await page.goto(portal('/helpdesk/tickets'));
  assert.equal(pathOf(page), '/helpdesk/account/password',
               'every page leads to the form until he has chosen');

  const mine = `Dave's own ${newTag()} password`;
  await choosePassword(page, temporary, mine);
  await sees(page, page.locator('main'), /password/i, 'the account page after the change');
  await page.getByRole('navigation', { name: 'Primary' })
            .getByRole('link', { name: 'Today', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/helpdesk/');
  await sees(page, page.getByRole('heading', { level: 1 }), /Today|Good|Hello|Welcome/i, 'Today');

  // Back to the demo's password, as he changes it himself (the other
  // stories log in with it).
  await page.goto(portal('/helpdesk/account/password'));
  await choosePassword(page, mine, PASSWORD);
}));
