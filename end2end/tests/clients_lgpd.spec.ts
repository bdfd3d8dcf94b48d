// A data-subject request handled by an admin: the personal-data export downloads (CSV from the
// client's page, JSON alongside), the client is anonymised after typing its name and no longer
// found by it, and another client is deleted after ticking the confirmation. Runs with
// JavaScript off (ssr) and on (hydrated); each run makes its own clients.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, isHydrated, signIn } from './helpers';

async function waitHydrated(page: Page, testInfo: TestInfo): Promise<void> {
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/** Registers a pessoa física named `name` through the form; answers its page's path. */
async function newClient(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  await page.goto('/clientes/novo');
  await waitHydrated(page, testInfo);
  await page.getByLabel('Pessoa física').check();
  await page.getByLabel(/^Nome completo/).fill(name);
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page).toHaveURL(/\/clientes\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await waitHydrated(page, testInfo);
  return new URL(page.url()).pathname;
}

/** Searches the list for `query` (the list reads it from the address). */
async function search(page: Page, testInfo: TestInfo, query: string): Promise<void> {
  await page.goto(`/clientes?q=${encodeURIComponent(query)}`);
  await waitHydrated(page, testInfo);
}

test('an admin exports, anonymises and deletes clients', async ({ page }, testInfo) => {
  const tag = `lgpd${testInfo.project.name}${Date.now()}`;
  const name = `Josefa Brandão ${tag}`;
  await signIn(page, testInfo, DEMO_ADMIN, '/clientes');
  const profile = await newClient(page, testInfo, name);
  await expect(page.getByRole('heading', { name: 'Histórico de consentimento' })).toBeVisible();
  if (isHydrated(testInfo)) await expectAccessible(page);

  // The export, as a file from the client's page, and as JSON.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Exportar dados pessoais (LGPD) – CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^cliente-\d+-dados-pessoais\.csv$/);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  expect(await readFile(path, 'utf8')).toContain(`cliente;name;${name}`);
  const json = await page.request.get(`${profile}/dados.json`);
  expect(json.status()).toBe(200);
  expect((await json.json()).client.name).toBe(name);

  // Anonymised after typing the name: the page shows the new name, the list no longer finds it.
  await page.goto(profile);
  await waitHydrated(page, testInfo);
  await page.getByRole('link', { name: 'Anonimizar dados…' }).click();
  await expect(page).toHaveURL(`${profile}/anonimizar`);
  await waitHydrated(page, testInfo);
  await page.getByLabel(/^Para confirmar, digite o nome do cliente/).fill('outro nome');
  await page.getByRole('button', { name: 'Anonimizar definitivamente' }).click();
  await expect(page.getByText('O nome digitado não confere com o nome do cliente.')).toBeVisible();
  if (isHydrated(testInfo)) await expectAccessible(page);
  await page.getByLabel(/^Para confirmar, digite o nome do cliente/).fill(name);
  await page.getByRole('button', { name: 'Anonimizar definitivamente' }).click();
  await expect(page).toHaveURL(profile);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Cliente anonimizado #\d+$/);
  await search(page, testInfo, tag);
  await expect(page.getByText('Nenhum cliente encontrado.')).toBeVisible();

  // Deleted after ticking the confirmation: back on the list, and gone from it.
  const other = `Otávio Lemos ${tag}`;
  const otherProfile = await newClient(page, testInfo, other);
  await page.getByRole('link', { name: 'Excluir cliente…' }).click();
  await expect(page).toHaveURL(`${otherProfile}/excluir`);
  await waitHydrated(page, testInfo);
  await page.getByLabel('Entendo que a exclusão é definitiva e não pode ser desfeita.').check();
  await page.getByRole('button', { name: 'Excluir definitivamente' }).click();
  await expect(page).toHaveURL(/\/clientes$/);
  await search(page, testInfo, tag);
  await expect(page.getByText('Nenhum cliente encontrado.')).toBeVisible();
  expect((await page.request.get(otherProfile)).status()).toBe(404);
});
