// Reference data as an admin clicks through it: the seeded insurers are listed, a new one is
// added and then deactivated, and a CNPJ already registered is refused next to its field.
// Runs with JavaScript off (ssr) and on (hydrated).
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, isHydrated, signIn } from './helpers';

async function openInsurers(page: Page, testInfo: TestInfo): Promise<void> {
  await signIn(page, testInfo, DEMO_ADMIN, '/admin/seguradoras');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seguradoras');
}

test('an admin adds an insurer, sees it listed and deactivates it', async ({ page }, testInfo) => {
  await openInsurers(page, testInfo);
  // The seed is there.
  await expect(page.locator('tr', { hasText: 'Porto Seguro Companhia de Seguros Gerais' })).toContainText(
    '61.198.164/0001-60',
  );

  const name = `Seguradora Teste ${testInfo.project.name} ${Date.now()}`;
  await page.getByLabel('Razão social').fill(`${name} S.A.`);
  await page.getByLabel('Nome usual').fill(name);
  await page.getByRole('button', { name: 'Adicionar seguradora' }).click();

  const row = page.locator('tr', { hasText: `${name} S.A.` });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('Inativa');

  await row.getByRole('button', { name: 'Desativar' }).click();
  await expect(row).toContainText('Inativa');
  await expect(row.getByRole('button', { name: 'Reativar' })).toBeVisible();
  if (isHydrated(testInfo)) await expectAccessible(page);
});

test('a CNPJ already registered is refused next to its field', async ({ page }, testInfo) => {
  await openInsurers(page, testInfo);
  const name = `Duplicada ${testInfo.project.name} ${Date.now()}`;
  await page.getByLabel('Razão social').fill(`${name} S.A.`);
  await page.getByLabel('Nome usual').fill(name);
  await page.getByLabel('CNPJ').fill('61.198.164/0001-60');
  await page.getByRole('button', { name: 'Adicionar seguradora' }).click();

  await expect(page.getByText('Já existe uma seguradora com este CNPJ.')).toBeVisible();
  await expect(page.getByLabel('CNPJ')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('tr', { hasText: name })).toHaveCount(0);
});
