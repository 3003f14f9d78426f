// The console as a person uses it: headless Chromium types commands and reads the rendered replies.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let app: TestApp;
let browser: Browser;

before(async () => {
  app = await startTestApp({ listen: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  await app.close();
});

test('typing /help, /status and /role list in the console shows tables and a chart', async () => {
  const page = await browser.newPage();
  await page.goto(`${app.httpUrl}/console`);
  const send = async (line: string) => {
    await page.fill('#text', line);
    await page.press('#text', 'Enter');
  };

  await send('/help');
  const helpTable = page.locator('.bubble[data-kind="markdown"] table').first();
  await helpTable.waitFor();
  assert.match(await helpTable.innerText(), /\/status/);

  await send('/status');
  const chart = page.locator('.bubble[data-kind="image"] img').first();
  await chart.waitFor();
  await page.waitForFunction(() => {
    const image = document.querySelector<HTMLImageElement>('.bubble[data-kind="image"] img');
    return image?.complete && image.naturalWidth > 0;
  });
  assert.equal(await chart.evaluate((image: HTMLImageElement) => image.naturalWidth), 900);

  await send('/role list');
  await page.getByText('权限列表').waitFor();
  assert.match(await page.locator('#log').innerText(), /本地控制台的用户是管理员/);
  await page.close();
});
