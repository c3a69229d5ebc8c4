// Browser tests of the dashboard: headless Chromium (Debian's chromium, never a downloaded browser) driven by
// playwright-core, against the packaged service that run.sh started with an API key. Instances are seeded through the
// HTTP management API. Every page fails the test if any dialog other than the dashboard's own confirmations opens
// (an alert would mean a user-controlled string ran as script).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const BASE = process.env.REPRISE_URL;
const KEY = process.env.REPRISE_KEY;
const SCREENSHOT = process.env.REPRISE_SCREENSHOT;
const API = `${BASE}/runtime/webhooks/durabletask`;
const RUN = Date.now().toString(36);
const WAIT = 30_000;

// Hostile strings, as the issue names them: they must show as text, never as markup.
const SCRIPT = '<script>alert(1)</script>';
const IMG_ID = `"><img src=x onerror=alert(1)>-${RUN}`;

let browser;
const dialogs = [];

async function api(method, path, body) {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: { 'x-functions-key': KEY, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

async function start(name, id, input) {
  const r = await api('POST', `/orchestrators/${name}/${encodeURIComponent(id)}`, input);
  assert.equal(r.status, 202, `start ${name} as ${id}: ${JSON.stringify(r.json)}`);
}

async function statusOf(id) {
  return (await api('GET', `/instances/${encodeURIComponent(id)}`)).json.runtimeStatus;
}

async function awaitStatus(id, wanted) {
  const deadline = Date.now() + WAIT;
  let status;
  while (Date.now() < deadline) {
    status = await statusOf(id);
    if (status === wanted) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${id} is ${status}, not ${wanted}, after ${WAIT} ms`);
}

async function awaitReady() {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/q/health/ready`)).status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the service at ${BASE} was not ready within 90 s`);
}

/** A new browser page that records every dialog: hx-confirm's confirmations are accepted, anything else is kept. */
async function newPage() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('dialog', async (dialog) => {
    if (dialog.type() !== 'confirm') {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    }
    await dialog.accept();
  });
  return page;
}

async function signedInPage() {
  const page = await newPage();
  await page.goto(`${BASE}/dashboard/sign-in`);
  await page.fill('input[name=key]', KEY);
  await Promise.all([page.waitForURL('**/dashboard/instances'), page.click('form.sign-in button')]);
  return page;
}

// Entity keys may not hold '/', so the hostile key's script tag is left open; unescaped it would still be markup.
const ENTITY_KEY = `browser-${RUN}`;
const HOSTILE_KEY = `"><img src=x onerror=alert(3)><script>alert(4)<-${RUN}`;

async function entityState(name, key) {
  const r = await api('GET', `/entities/${name}/${encodeURIComponent(key)}`);
  return r.status === 200 ? r.json : undefined;
}

async function awaitEntityState(name, key, wanted) {
  const deadline = Date.now() + WAIT;
  let state;
  while (Date.now() < deadline) {
    state = await entityState(name, key);
    if (state === wanted) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`@${name}@${key} holds ${state}, not ${wanted}, after ${WAIT} ms`);
}

const ids = {
  trip: `trip-devoxx-${RUN}`,
  waiting: `approval-wait-${RUN}`,
  approve: `approval-event-${RUN}`,
  hello: `hello-${RUN}`,
  failing: `trip-failing-${RUN}`,
};

before(async () => {
  assert.ok(BASE && KEY, 'REPRISE_URL and REPRISE_KEY are set by run.sh');
  await awaitReady();
  await start('BookTrip', ids.trip, { conference: 'Devoxx', origin: 'London', destination: 'Antwerp' });
  await start('Approval', ids.waiting, { document: 'Q3 budget', timeoutSeconds: 3600 });
  await start('Approval', ids.approve, { document: 'Q4 budget', timeoutSeconds: 3600 });
  await start('HelloCities', ids.hello, [SCRIPT]);
  await start('HelloCities', IMG_ID, ['"><img src=x onerror=alert(2)>']);
  await start('BookTrip', ids.failing, { conference: 'QCon', origin: SCRIPT, destination: SCRIPT });
  for (const key of [ENTITY_KEY, HOSTILE_KEY]) {
    const r = await api('POST', `/entities/Counter/${encodeURIComponent(key)}?op=add`, 5);
    assert.equal(r.status, 202, `signal @counter@${key}: ${JSON.stringify(r.json)}`);
  }
  await awaitStatus(ids.trip, 'Completed');
  await awaitStatus(ids.waiting, 'Running');
  await awaitStatus(ids.approve, 'Running');
  await awaitStatus(ids.hello, 'Completed');
  await awaitStatus(IMG_ID, 'Completed');
  await awaitStatus(ids.failing, 'Failed');
  await awaitEntityState('Counter', ENTITY_KEY, 5);
  await awaitEntityState('Counter', HOSTILE_KEY, 5);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update'],
  });
});

after(async () => {
  await browser?.close();
  assert.deepEqual(dialogs, [], 'no page opened an alert or prompt');
});

test('sign-in: the dashboard is closed without the key, refuses a wrong key, opens with the right one', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/dashboard/instances`);
  assert.match(page.url(), /\/dashboard\/sign-in$/, 'an anonymous visit lands on the sign-in form');
  await page.fill('input[name=key]', 'not-the-key');
  await page.click('form.sign-in button');
  await page.locator('#flash .error').waitFor();
  assert.match(await page.locator('#flash').textContent(), /not the API key/);
  assert.match(page.url(), /\/dashboard\/sign-in$/);

  await page.fill('input[name=key]', KEY);
  await Promise.all([page.waitForURL('**/dashboard/instances'), page.click('form.sign-in button')]);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'reprise-dashboard-session');
  assert.ok(session, 'a session cookie is set');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.ok(!session.value.includes(KEY), 'the cookie does not hold the key');
  await page.close();
});

test('list: shows the seeded instances with counts, and filters by status and ID prefix', async () => {
  const page = await signedInPage();
  await page.locator('table.instances').waitFor();
  assert.ok(await page.locator(`td.id a:text-is("${ids.trip}")`).count() === 1, 'the trip is listed');
  assert.match(await page.locator('ul.counts').textContent(), /Failed\s+\d+/);

  await page.fill('input[name=prefix]', `trip-`);
  await page.check('input[name=status][value=Failed]');
  await page.waitForURL(/status=Failed/);
  await page.waitForFunction(() => document.querySelectorAll('table.instances tbody tr').length > 0
      && [...document.querySelectorAll('table.instances tbody .status')].every((s) => s.textContent === 'Failed'));
  const shown = await page.locator('td.id a').allTextContents();
  assert.ok(shown.includes(ids.failing), `the failed trip is shown: ${shown}`);
  assert.ok(!shown.includes(ids.trip), 'the completed trip is filtered out');
  assert.ok(shown.every((id) => id.startsWith('trip-')), `only the prefix: ${shown}`);
  await page.close();
});

test('instance: history table and timeline of activities, timers and failures; screenshot for the README', async () => {
  const page = await signedInPage();
  await page.goto(`${BASE}/dashboard/instance?id=${encodeURIComponent(ids.trip)}`);
  await page.locator('svg#timeline').waitFor();
  assert.equal(await page.locator('h1 .status').textContent(), 'Completed');
  const labels = await page.locator('svg#timeline .bar text.label').allTextContents();
  for (const expected of ['orchestration BookTrip', 'BookConference', 'BookFlight', 'timer', 'BookTrain', 'BookHotel']) {
    assert.ok(labels.includes(expected), `the timeline shows ${expected}: ${labels}`);
  }
  assert.equal(await page.locator('svg#timeline .bar.activity.failed').count(), 3, 'three failed BookFlight attempts');
  assert.equal(await page.locator('svg#timeline text.mark').count(), 3, 'each failed one is marked');
  assert.ok(await page.locator('table.events tr.failed').count() >= 3, 'failed events are marked in the table');
  assert.match(await page.locator('#output').textContent(), /"total" : 1365/);
  if (SCREENSHOT) {
    const timeline = await page.locator('section.timeline').boundingBox();
    await page.screenshot({ path: SCREENSHOT, fullPage: true,
      clip: { x: 0, y: 0, width: 1400, height: Math.ceil(timeline.y + timeline.height + 8) } });
  }
  await page.close();
});

test('terminate: a running instance terminated from its page becomes Terminated there', async () => {
  const page = await signedInPage();
  await page.goto(`${BASE}/dashboard/instance?id=${encodeURIComponent(ids.waiting)}`);
  assert.equal(await page.locator('h1 .status').textContent(), 'Running');
  await page.fill('#reason', 'no longer needed');
  await page.click('form[hx-post="instance/terminate"] button');
  await page.locator('#flash .ok').waitFor();
  await page.locator('h1 .status:text-is("Terminated")').waitFor({ timeout: WAIT });
  assert.equal(await statusOf(ids.waiting), 'Terminated');
  assert.match(await page.locator('#output').textContent(), /no longer needed/);
  await page.close();
});

test('raise event: the form sends JSON through the same rules as the API, and shows a refusal', async () => {
  const page = await signedInPage();
  await page.goto(`${BASE}/dashboard/instance?id=${encodeURIComponent(ids.approve)}`);
  await page.fill('input[name=eventName]', 'ApprovalEvent');
  await page.fill('textarea[name=eventData]', '{"approved": tru');
  await page.click('form.raise-event button');
  await page.locator('#flash .error').waitFor();
  assert.match(await page.locator('#flash').textContent(), /InvalidRequest: The event data is not valid JSON/);
  assert.equal(await statusOf(ids.approve), 'Running', 'a refused event changes nothing');

  await page.fill('textarea[name=eventData]', `{"approved": true, "note": "${SCRIPT}"}`);
  await page.click('form.raise-event button');
  await page.locator('h1 .status:text-is("Completed")').waitFor({ timeout: WAIT });
  assert.match(await page.locator('#output').textContent(), /"Approved"/);
  assert.ok((await page.locator('table.events').textContent()).includes(SCRIPT), 'the event data shows as text');
  await page.close();
});

test('escaping: hostile IDs, inputs, outputs and failure messages show as text and never run', async () => {
  const page = await signedInPage();
  await page.goto(`${BASE}/dashboard/instances?prefix=${encodeURIComponent('">')}`);
  await page.locator(`td.id a`).first().waitFor();
  assert.deepEqual(await page.locator('td.id a').allTextContents(), [IMG_ID]);
  assert.equal(await page.locator('img').count(), 0, 'no img element was injected');

  await page.click('td.id a');
  await page.locator('#output').waitFor();
  assert.equal(await page.locator('h1 .id').textContent(), IMG_ID);
  assert.ok((await page.locator('#output').textContent()).includes('Hello \\"><img src=x onerror=alert(2)>!'),
    'the output (JSON, so its quote escaped) shows as text');
  assert.equal(await page.locator('img').count(), 0);

  await page.goto(`${BASE}/dashboard/instance?id=${encodeURIComponent(ids.hello)}`);
  assert.ok((await page.locator('#input').textContent()).includes(SCRIPT));
  assert.ok((await page.locator('#output').textContent()).includes(`Hello ${SCRIPT}!`));
  assert.equal(await page.locator('main script').count(), 0, 'no script element in the page body');

  await page.goto(`${BASE}/dashboard/instance?id=${encodeURIComponent(ids.failing)}`);
  assert.ok((await page.locator('section.failure').textContent()).includes(SCRIPT), 'the failure message is text');
  assert.equal(await page.locator('main script').count(), 0);
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], 'no alert opened');
  await page.close();
});

test('cross-site requests: a POST without the page\'s CSRF header is refused and changes nothing', async () => {
  const page = await signedInPage();
  await start('Approval', `csrf-${RUN}`, { document: 'x', timeoutSeconds: 3600 });
  await awaitStatus(`csrf-${RUN}`, 'Running');
  const status = await page.evaluate(async (id) => (await fetch('/dashboard/instance/terminate', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `id=${id}`,
  })).status, `csrf-${RUN}`);
  assert.equal(status, 403);
  assert.equal(await statusOf(`csrf-${RUN}`), 'Running');
  await api('POST', `/instances/csrf-${RUN}/terminate`);
  await page.close();
});

test('entities: list by name and key, open one, signal an operation and see its state change', async () => {
  const page = await signedInPage();
  await Promise.all([page.waitForURL('**/dashboard/entities'), page.click('header nav a:text-is("Entities")')]);
  await page.fill('input[name=name]', 'Counter');
  await page.fill('input[name=key]', ENTITY_KEY);
  await page.waitForURL(/key=browser-/);
  const link = page.locator(`td.id a:text-is("@counter@${ENTITY_KEY}")`);
  await link.waitFor();
  assert.equal(await page.locator('table.entities tbody tr').count(), 1, 'only the entity of that key');

  await Promise.all([page.waitForURL(/\/dashboard\/entity\?id=/), link.click()]);
  assert.equal(await page.locator('h1 .id').textContent(), `@counter@${ENTITY_KEY}`);
  assert.equal((await page.locator('#state').textContent()).trim(), '5');

  await page.fill('input[name=operation]', 'add');
  await page.fill('textarea[name=input]', '{"not": json');
  await page.click('form.signal button');
  await page.locator('#flash .error').waitFor();
  assert.match(await page.locator('#flash').textContent(), /InvalidRequest: The operation input is not valid JSON/);
  assert.equal(await entityState('Counter', ENTITY_KEY), 5, 'a refused signal changes nothing');

  await page.fill('textarea[name=input]', '3');
  await page.click('form.signal button');
  await page.locator('#flash .ok').waitFor();
  await page.locator('#state:text-is("8")').waitFor({ timeout: WAIT });
  assert.equal(await entityState('Counter', ENTITY_KEY), 8);
  await page.close();
});

test('entities: a hostile entity key shows as text in the list and on its page', async () => {
  const page = await signedInPage();
  await page.goto(`${BASE}/dashboard/entities?key=${encodeURIComponent('">')}`);
  await page.locator('td.id a').first().waitFor();
  assert.deepEqual(await page.locator('td.id a').allTextContents(), [`@counter@${HOSTILE_KEY}`]);
  assert.equal(await page.locator('img').count(), 0, 'no img element was injected');
  await page.click('td.id a');
  await page.locator('#state').waitFor();
  assert.equal(await page.locator('h1 .id').textContent(), `@counter@${HOSTILE_KEY}`);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('main script').count(), 0, 'no script element in the page body');
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], 'no alert opened');
  await page.close();
});

test('engine: backlog, throughput and the registered functions', async () => {
  const page = await signedInPage();
  await page.goto(`${BASE}/dashboard/engine`);
  await page.locator('#inbox-due').waitFor();
  const functions = await page.locator('table.functions').allTextContents();
  assert.match(functions[0], /BookTrip/);
  assert.match(functions[1], /BookFlight/);
  assert.match(functions[2], /Counter/, 'the registered entities are listed');
  await page.locator('table.figures td:text-is("Orchestration steps")').first().waitFor();
  await page.locator('.card:has-text("Throughput") td:text-is("Activity executions")').waitFor({ timeout: WAIT });
  await page.close();
});
