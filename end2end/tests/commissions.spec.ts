// The commission report as the brokerage's owner opens it: Comissões from the side navigation,
// the month's totals and its tables by producer, insurer and ramo, the aging of unpaid
// commissions with one bucket opened into its list, then the previous month and its CSV. Runs
// with JavaScript off (ssr) and on (hydrated); it only reads the demo data, so it makes no
// assumption about the amounts.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, isHydrated, signIn } from './helpers';

const MONTHS = [
  'Janeiro', 'Fevereiro', 'Março', 'Abril', 'Maio', 'Junho',
  'Julho', 'Agosto', 'Setembro', 'Outubro', 'Novembro', 'Dezembro',
];

async function waitHydrated(page: Page, testInfo: TestInfo): Promise<void> {
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/** `yyyy-mm` → the heading the page gives that month ("Março de 2026"). */
function heading(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${MONTHS[m - 1]} de ${year}`;
}

/** The month before `yyyy-mm`. */
function previous(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

test('the owner opens Comissões, reads the month and the aging, and moves to the previous month', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, testInfo, DEMO_ADMIN);
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await nav.getByRole('link', { name: 'Comissões' }).click();
  await expect(page).toHaveURL('/comissoes');
  await waitHydrated(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Comissões');
  await expect(nav.getByRole('link', { name: 'Comissões' })).toHaveAttribute('aria-current', 'page');

  // The current month (São Paulo's, as the server counts it) is the one the form shows.
  const shown = await page.getByLabel('Mês', { exact: true }).inputValue();
  expect(shown).toMatch(/^\d{4}-\d{2}$/);
  await expect(page.getByRole('heading', { level: 2, name: heading(shown) })).toBeVisible();
  for (const figure of ['Esperado', 'Recebido', 'Estornos', 'Líquido', 'Recebido no mês']) {
    await expect(page.getByRole('heading', { level: 3, name: figure, exact: true })).toBeVisible();
  }
  for (const [title, caption] of [
    ['Por produtor', 'Comissões do mês por produtor'],
    ['Por seguradora', 'Comissões do mês por seguradora'],
    ['Por ramo', 'Comissões do mês por ramo'],
  ]) {
    await expect(page.getByRole('heading', { level: 3, name: title })).toBeVisible();
    const table = page.getByRole('table', { name: caption });
    await expect(table).toBeVisible();
    await expect(table.getByRole('columnheader', { name: 'Líquido' })).toBeVisible();
    await expect(table.getByRole('rowheader', { name: 'Total' })).toBeVisible();
  }

  // The aging: four buckets, each opening its list of overdue instalments.
  await expect(page.getByRole('heading', { level: 2, name: 'Comissões em atraso' })).toBeVisible();
  await expect(page.getByText(/canceladas com vencimento depois da data do cancelamento/)).toBeVisible();
  const aging = page.getByRole('table', { name: 'Comissões em atraso por faixa de dias' });
  for (const bucket of ['1 a 30 dias', '31 a 60 dias', '61 a 90 dias', 'Mais de 90 dias']) {
    await expect(aging.getByRole('link', { name: bucket })).toBeVisible();
  }
  await aging.getByRole('link', { name: 'Mais de 90 dias' }).click();
  await expect(page).toHaveURL(/atraso=mais-de-90/);
  await expect(page.getByRole('heading', { level: 3, name: 'Em atraso há mais de 90 dias' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Parcelas desta faixa de atraso, das mais antigas' })).toBeVisible();
  if (isHydrated(testInfo)) await expectAccessible(page);
  await page.getByRole('link', { name: 'Fechar lista' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /^Em atraso há/ })).toHaveCount(0);

  // The previous month, by its link; its address can be shared.
  const before = previous(shown);
  await page.getByRole('link', { name: 'Mês anterior' }).click();
  await expect(page).toHaveURL(`/comissoes?mes=${before}`);
  await expect(page.getByRole('heading', { level: 2, name: heading(before) })).toBeVisible();
  await expect(page.getByLabel('Mês', { exact: true })).toHaveValue(before);
  await expect(page.getByRole('table', { name: 'Comissões do mês por produtor' })).toBeVisible();

  // Its rows as a pt-BR spreadsheet.
  const link = page.getByRole('link', { name: 'Exportar CSV' });
  await expect(link).toHaveAttribute('href', `/comissoes/exportar.csv?mes=${before}`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe(`comissoes-${before}.csv`);
  const text = await readFile(await download.path(), 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.slice(1).split('\r\n')[0]).toMatch(/^Vencimento;Lançamento;Parcela;Apólice;Cliente;/);
});
