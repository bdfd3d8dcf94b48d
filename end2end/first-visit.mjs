// Measures what a first visit to the dashboard transfers (compressed bytes on the wire), per
// resource type, in Debian's Chromium. Used by `make size`.
import { chromium } from '@playwright/test';

const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Network.enable');
const types = new Map();
const bytes = new Map();
cdp.on('Network.responseReceived', (e) => types.set(e.requestId, `${e.type} ${new URL(e.response.url).pathname}`));
cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
await page.goto(`${baseURL}/`, { waitUntil: 'networkidle' });
await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
let total = 0;
for (const [id, label] of types) {
  const n = bytes.get(id) ?? 0;
  total += n;
  console.log(`${String(n).padStart(9)}  ${label}`);
}
console.log(`${String(total).padStart(9)}  TOTAL bytes transferred on a first visit to /`);
await browser.close();
