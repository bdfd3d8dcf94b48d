// Shared test helpers: accessibility checks with axe-core and hydration detection.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** Fails on serious or critical WCAG 2.x A/AA violations of the current page. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, 'serious/critical accessibility violations').toEqual([]);
}

/** Whether this test runs with the wasm app (the "hydrated" project). */
export function isHydrated(testInfo: TestInfo): boolean {
  return testInfo.project.name === 'hydrated';
}

/** Opens a page and, in the hydrated project, waits until the wasm app has taken over. */
export async function open(page: Page, path: string, testInfo: TestInfo): Promise<void> {
  await page.goto(path);
  if (isHydrated(testInfo)) {
    await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  }
}

/** Collects console errors and CSP violations so a test can assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** A demo account (APP_ENV=demo seeds it; see server/src/demo.rs). */
export const DEMO_USER = { email: 'corretora@monteiro.demo', password: 'Monteiro@Corretor2026', name: 'Ana Souza' };
export const DEMO_ADMIN = { email: 'admin@monteiro.demo', password: 'Monteiro@Admin2026', name: 'Helena Monteiro' };

/** Signs in through the login page as a person would, and lands on `path`. */
export async function signIn(
  page: Page,
  testInfo: TestInfo,
  account: { email: string; password: string } = DEMO_USER,
  path = '/',
): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(path)}`);
  if (isHydrated(testInfo)) {
    await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  }
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Senha').fill(account.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL(path);
  if (isHydrated(testInfo)) {
    await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  }
}
