// Clients as a staff member clicks through them: a new pessoa física refused for a wrong CPF,
// fixed and saved, a second phone added, found again by a name typed without accents and by the
// phone written another way, and the change read on the client's timeline. Runs with JavaScript
// off (ssr) and on (hydrated); each run makes its own client, since the demo data persists.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible, isHydrated, signIn } from './helpers';

/** A valid CPF with random digits (check digits computed as the Receita does). */
function randomCpf(): string {
  const base = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  const digit = (digits: number[]) => {
    const sum = digits.reduce((acc, d, i) => acc + d * (digits.length + 1 - i), 0);
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const first = digit(base);
  const all = [...base, first, digit([...base, first])].join('');
  return `${all.slice(0, 3)}.${all.slice(3, 6)}.${all.slice(6, 9)}-${all.slice(9)}`;
}

async function waitHydrated(page: Page, testInfo: TestInfo): Promise<void> {
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

test('a new client with a wrong CPF is refused, fixed, given a second phone and found again', async ({ page }, testInfo) => {
  const tag = `${testInfo.project.name}${Date.now()}`;
  const name = `Conceição Araújo ${tag}`;
  const cpf = randomCpf();
  const n = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
  const mobile = `(11) 97${n.slice(0, 3)}-${n.slice(3)}`;

  await signIn(page, testInfo, undefined, '/clientes');
  await page.getByRole('link', { name: 'Novo cliente' }).click();
  await expect(page).toHaveURL('/clientes/novo');
  await waitHydrated(page, testInfo);
  await page.getByLabel('Pessoa física').check();
  await page.getByLabel(/^Nome completo/).fill(name);
  await page.getByLabel(/^CPF/).fill('529.982.247-26');
  await page.getByLabel('Telefone 1', { exact: true }).fill(mobile);
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page.getByText('CPF inválido').first()).toBeVisible();

  // Nothing was saved.
  await page.goto(`/clientes?q=${encodeURIComponent(tag)}`);
  await expect(page.getByText('Nenhum cliente encontrado.')).toBeVisible();

  await page.goto('/clientes/novo');
  await waitHydrated(page, testInfo);
  await page.getByLabel('Pessoa física').check();
  await page.getByLabel(/^Nome completo/).fill(name);
  await page.getByLabel(/^CPF/).fill(cpf);
  await page.getByLabel('Telefone 1', { exact: true }).fill(mobile);
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page).toHaveURL(/\/clientes\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  const profile = page.url();

  // A second phone, added on the edit page.
  await page.getByRole('link', { name: 'Editar' }).click();
  await expect(page).toHaveURL(/\/clientes\/\d+\/editar$/);
  await waitHydrated(page, testInfo);
  if (isHydrated(testInfo)) {
    await page.getByRole('button', { name: 'Adicionar telefone' }).click();
  }
  await page.getByLabel('Telefone 2', { exact: true }).fill('(11) 3456-7890');
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page).toHaveURL(profile);
  await expect(page.getByText('(11) 3456-7890').first()).toBeVisible();
  await expect(page.getByText('Dados alterados').first()).toBeVisible();
  if (isHydrated(testInfo)) await expectAccessible(page);

  // Found by the name typed without accents, and by the phone written another way.
  const digits = mobile.replace(/\D/g, '');
  for (const query of [`conceicao araujo ${tag}`, `+55 ${digits}`]) {
    await page.goto('/clientes');
    await waitHydrated(page, testInfo);
    await page.getByLabel('Buscar', { exact: true }).fill(query);
    if (!isHydrated(testInfo)) await page.getByRole('button', { name: 'Filtrar' }).click();
    await expect(page.getByRole('link', { name })).toBeVisible();
  }
});

test('markup typed into a client is shown as text in the title, the page and the edit form', async ({ page }, testInfo) => {
  const tag = `${testInfo.project.name}${Date.now()}`;
  const name = `</title><b>Ana</b> ${tag}`;
  const notes = '</textarea><img src=x onerror=alert(1)> prefere à tarde';
  let dialogs = 0;
  page.on('dialog', async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  await signIn(page, testInfo, undefined, '/clientes/novo');
  await page.getByLabel('Pessoa física').check();
  await page.getByLabel(/^Nome completo/).fill(name);
  await page.getByLabel(/^Observações/).fill(notes);
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page).toHaveURL(/\/clientes\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page).toHaveTitle(`${name} · Monteiro CRM`);
  await page.getByRole('link', { name: 'Editar' }).click();
  await expect(page).toHaveURL(/\/clientes\/\d+\/editar$/);
  await waitHydrated(page, testInfo);
  await expect(page.getByLabel(/^Observações/)).toHaveValue(notes);
  await page.reload();
  await expect(page.getByLabel(/^Observações/)).toHaveValue(notes);
  expect(dialogs).toBe(0);
});
