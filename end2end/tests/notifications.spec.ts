// The bell in the top bar: it names the unread count, leads to the list of notifications (the
// demo's renewal alerts), and once all are marked read it says so. Runs with JavaScript off
// (ssr) and on (hydrated); the first run may leave nothing unread for the second, so the count
// is only checked when there is one.
import { expect, test } from '@playwright/test';
import { expectAccessible, isHydrated, signIn } from './helpers';

test('the bell leads to the renewal alerts, and marking them read empties its count', async ({ page }, testInfo) => {
  await signIn(page, testInfo, undefined, '/');
  const bell = page.getByRole('banner').getByRole('link', { name: /^Notificações/ });
  await expect(bell).toBeVisible();
  const before = (await bell.getAttribute('aria-label')) ?? '';
  if (before !== 'Notificações') expect(before).toMatch(/^Notificações \(\d+ não lidas\)$/);

  await bell.click();
  await expect(page).toHaveURL(/\/notificacoes$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Notificações' })).toBeVisible();
  // The demo's renewal scan alerted the broker about policies close to their end.
  await expect(page.getByRole('link', { name: /^Apólice .* vence/ }).first()).toBeVisible();
  if (isHydrated(testInfo)) {
    await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
    await expectAccessible(page);
  }

  await page.getByRole('button', { name: 'Marcar todas como lidas' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Notificações', exact: true })).toBeVisible();

  // A renewal alert opens the policy it is about.
  await page.getByRole('link', { name: /^Apólice .* vence/ }).first().click();
  await expect(page).toHaveURL(/\/apolices\/\d+/);
});
