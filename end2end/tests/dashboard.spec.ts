// The Painel as a broker meets it after signing in: the month's KPIs with how they are counted,
// the charts' figures, the months before and after, and the count of policies expiring within
// 30 days leading to the policies list filtered the same way. The demo data has policies of the
// demo broker expiring within 0–120 days. Runs with JavaScript off (ssr) and on (hydrated).
import { expect, test } from '@playwright/test';
import { expectAccessible, isHydrated, signIn } from './helpers';

const KPIS = ['Prêmio produzido', 'Comissão', 'Nº de vendas', 'Ticket médio', 'Comissão média', 'Taxa de renovação'];

test('the painel shows the month’s figures and leads to the policies expiring within 30 days', async ({ page }, testInfo) => {
  await signIn(page, testInfo);
  await expect(page).toHaveTitle('Painel · Monteiro CRM');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bem-vindo ao Monteiro CRM');
  const month = page.getByRole('heading', { level: 2, name: /^\p{Lu}\p{Ll}+ de \d{4}$/u });
  await expect(month).toBeVisible();
  for (const kpi of KPIS) {
    await expect(page.getByText(kpi, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByText(/Prêmio produzido: soma do prêmio total/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Prêmio produzido nos últimos 12 meses' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Prêmio produzido por ramo' })).toBeVisible();
  if (isHydrated(testInfo)) await expectAccessible(page);

  // The month before, by its link, and back to the current one.
  const current = (await month.textContent())?.trim() ?? '';
  await page.getByRole('link', { name: 'Mês anterior' }).click();
  await expect(page).toHaveURL(/\/\?mes=\d{4}-\d{2}$/);
  await expect(page.getByRole('heading', { level: 2, name: current })).toHaveCount(0);
  await page.getByRole('link', { name: 'Próximo mês' }).click();
  await expect(page.getByRole('heading', { level: 2, name: current })).toBeVisible();

  // Policies expiring within 30 days: a count, and a link to the list filtered the same way.
  const within30 = page.getByRole('link', { name: /vencem em até 30 dias/ });
  await expect(within30).toBeVisible();
  const count = parseInt(((await within30.textContent()) ?? '').trim(), 10);
  expect(count, 'demo policies expire within 30 days').toBeGreaterThan(0);
  await expect(page.getByRole('link', { name: /vencem em até 60 dias/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /vencem em até 90 dias/ })).toBeVisible();
  // The soonest ones, each a link to its policy.
  await expect(page.getByRole('table', { name: 'As próximas a vencer' }).getByRole('link').first()).toHaveAttribute('href', /^\/apolices\/\d+$/);

  await within30.click();
  await expect(page).toHaveURL('/apolices?vence_em=30');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Apólices');
  await expect(page.getByLabel('Vence em')).toHaveValue('30');
  await expect(page.locator('table tbody tr').first()).toBeVisible();
});
