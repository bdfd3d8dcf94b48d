// Two registrations of the same person merged by an admin: both share a phone, so the second
// one's page warns of a likely duplicate; "Mesclar" opens the merge page, the other's name is
// picked, and after "Mesclar clientes" the client kept shows that name and both e-mails. Runs
// with JavaScript off (ssr) and on (hydrated); each run makes its own clients.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO_ADMIN, DEMO_USER, expectAccessible, isHydrated, signIn } from './helpers';

async function waitHydrated(page: Page, testInfo: TestInfo): Promise<void> {
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/** A random mobile number. */
function randomMobile(): string {
  const n = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
  return `(11) 97${n.slice(0, 3)}-${n.slice(3)}`;
}

/** Registers a pessoa física with one phone and one e-mail; answers its page's path. */
async function newClient(page: Page, testInfo: TestInfo, name: string, phone: string, email: string): Promise<string> {
  await page.goto('/clientes/novo');
  await waitHydrated(page, testInfo);
  await page.getByLabel('Pessoa física').check();
  await page.getByLabel(/^Nome completo/).fill(name);
  await page.getByLabel('Telefone 1', { exact: true }).fill(phone);
  await page.getByLabel('E-mail 1', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page).toHaveURL(/\/clientes\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await waitHydrated(page, testInfo);
  return new URL(page.url()).pathname;
}

test('an admin merges two registrations of the same person from the duplicates warning', async ({ page }, testInfo) => {
  const tag = `merge${testInfo.project.name}${Date.now()}`;
  const phone = randomMobile();
  const first = `Joana Prado ${tag}`;
  const second = `Joana P. Lima ${tag}`;
  const [firstEmail, secondEmail] = [`joana.${tag}@exemplo.com.br`, `jpl.${tag}@exemplo.com.br`];
  await signIn(page, testInfo, DEMO_ADMIN, '/clientes');
  await newClient(page, testInfo, first, phone, firstEmail);
  const kept = await newClient(page, testInfo, second, phone, secondEmail);

  const warning = page.getByRole('region', { name: 'Possíveis duplicados' });
  await expect(warning.getByRole('link', { name: first, exact: true })).toBeVisible();
  await warning.getByRole('link', { name: /^Mesclar/ }).click();
  await expect(page).toHaveURL(new RegExp(`${kept}/mesclar/\\d+$`));
  await waitHydrated(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mesclar clientes');
  if (isHydrated(testInfo)) await expectAccessible(page);

  await page.getByRole('radio', { name: first }).check();
  await page.getByRole('button', { name: 'Mesclar clientes' }).click();
  await expect(page).toHaveURL(kept);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first);
  await expect(page.getByText(firstEmail).first()).toBeVisible();
  await expect(page.getByText(secondEmail).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Possíveis duplicados' })).toHaveCount(0);
});

test('a user sees the duplicates warning without "Mesclar" and may not open the merge page', async ({ page }, testInfo) => {
  const tag = `mergeuser${testInfo.project.name}${Date.now()}`;
  const phone = randomMobile();
  await signIn(page, testInfo, DEMO_USER, '/clientes');
  const first = await newClient(page, testInfo, `Rui Telles ${tag}`, phone, `rui.${tag}@exemplo.com.br`);
  const second = await newClient(page, testInfo, `Rui T. ${tag}`, phone, `rt.${tag}@exemplo.com.br`);
  const warning = page.getByRole('region', { name: 'Possíveis duplicados' });
  await expect(warning.getByRole('link', { name: `Rui Telles ${tag}`, exact: true })).toBeVisible();
  await expect(warning.getByRole('link', { name: /^Mesclar/ })).toHaveCount(0);
  const other = first.split('/').pop();
  const res = await page.goto(`${second}/mesclar/${other}`);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible();
});
