// Administration as a person clicks through it: creating an account whose owner sets a password
// by link, editing an account and reading the change in the audit trail, one's own password,
// teams and settings. Runs with JavaScript off (ssr) and on (hydrated).
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, isHydrated, signIn } from './helpers';

const PASSWORD = 'uma frase longa de teste';

function unique(testInfo: TestInfo): string {
  return `${testInfo.project.name}-${Date.now()}`;
}

/**
 * axe runs as a script in the page, so it checks the hydrated pages here; the server-rendered
 * markup of the same pages is checked in shell.spec.ts with the app's scripts blocked.
 */
async function checkAccessible(page: Page, testInfo: TestInfo): Promise<void> {
  if (isHydrated(testInfo)) await expectAccessible(page);
}

async function waitHydrated(page: Page, testInfo: TestInfo): Promise<void> {
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/** An admin creates an account through the form; answers the one-time link shown next. */
async function createAccount(page: Page, testInfo: TestInfo, name: string, email: string): Promise<string> {
  await signIn(page, testInfo, DEMO_ADMIN, '/admin');
  await page.getByRole('link', { name: 'Nova conta' }).click();
  await expect(page).toHaveURL('/admin/usuarios/nova');
  await waitHydrated(page, testInfo);
  await page.getByLabel('Nome', { exact: true }).fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Perfil').selectOption({ label: 'Usuário' });
  await page.getByLabel('Equipe').selectOption({ label: 'Automóvel' });
  await page.getByRole('button', { name: 'Criar conta' }).click();
  await expect(page).toHaveURL(/\/admin\/usuarios\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  const link = await page.getByLabel('Link para definir a senha').inputValue();
  expect(link).toMatch(/\/definir-senha\/[0-9a-f]{64}$/);
  return link;
}

/** The new person opens the link in their own browser and chooses a password. */
async function setPasswordByLink(browser: Browser, testInfo: TestInfo, link: string, email: string): Promise<void> {
  const context = await browser.newContext({ javaScriptEnabled: isHydrated(testInfo) });
  const page = await context.newPage();
  await page.goto(new URL(link).pathname);
  await waitHydrated(page, testInfo);
  await expect(page.getByText(email)).toBeVisible();
  await page.getByLabel('Nova senha', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirme a nova senha').fill(PASSWORD);
  await page.getByRole('button', { name: 'Salvar senha' }).click();
  await expect(page).toHaveURL('/login?senha=definida');
  await expect(page.getByRole('status')).toContainText('Senha definida');
  await context.close();
}

test('an admin creates an account and its owner sets a password by link and signs in', async ({ page, browser }, testInfo) => {
  const id = unique(testInfo);
  const email = `bruna.${id}@monteiro.demo`;
  const link = await createAccount(page, testInfo, `Bruna Lima ${id}`, email);
  await checkAccessible(page, testInfo);
  await setPasswordByLink(browser, testInfo, link, email);
  await page.getByRole('button', { name: 'Sair' }).click();
  await signIn(page, testInfo, { email, password: PASSWORD });
  await expect(page.getByRole('link', { name: `Bruna Lima ${id}` })).toBeVisible();
  // The link worked once.
  const again = await page.goto(new URL(link).pathname);
  expect(again?.status()).toBe(410);
});

test('the audit trail shows the change an admin just made, field by field', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  await signIn(page, testInfo, DEMO_ADMIN, '/admin');
  await page.getByRole('link', { name: /João Pereira/ }).click();
  await waitHydrated(page, testInfo);
  const newName = `João Pereira ${id}`;
  // Whatever team an earlier run left him in, he moves to the other one.
  const team = page.getByLabel('Equipe');
  const before = (await team.locator('option:checked').textContent())?.trim() ?? '';
  const after = before === 'Automóvel' ? 'Vida e Saúde' : 'Automóvel';
  await page.getByLabel('Nome', { exact: true }).fill(newName);
  await team.selectOption({ label: after });
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(newName);
  await page.getByRole('link', { name: 'Ver histórico desta conta' }).click();
  await expect(page).toHaveURL(/\/admin\/auditoria\?registro=user&registro_id=\d+/);
  const latest = page.getByRole('table').getByRole('row').nth(1);
  await expect(latest).toContainText('Conta alterada');
  await expect(latest).toContainText('Helena Monteiro');
  await expect(latest.locator('dt', { hasText: 'Nome' })).toBeVisible();
  await expect(latest.locator('ins', { hasText: newName })).toBeVisible();
  await expect(latest.locator('del', { hasText: before })).toBeVisible();
  await expect(latest.locator('ins', { hasText: after })).toBeVisible();
  await checkAccessible(page, testInfo);
});

test('the audit trail filters by action and exports CSV', async ({ page }, testInfo) => {
  await signIn(page, testInfo, DEMO_ADMIN, '/admin/auditoria');
  await page.getByLabel('Ação', { exact: true }).selectOption({ label: 'Entrou no sistema' });
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page).toHaveURL(/acao=auth\.login/);
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toContainText('Entrou no sistema');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Exportar CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^auditoria-\d{4}-\d{2}-\d{2}\.csv$/);
});

test('a person changes their own password and signs in with the new one', async ({ page, browser }, testInfo) => {
  const id = unique(testInfo);
  const email = `carla.${id}@monteiro.demo`;
  const link = await createAccount(page, testInfo, `Carla Dias ${id}`, email);
  await setPasswordByLink(browser, testInfo, link, email);
  await page.getByRole('button', { name: 'Sair' }).click();
  await signIn(page, testInfo, { email, password: PASSWORD }, '/conta');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Minha conta');
  await page.getByLabel('Senha atual').fill('não é a senha atual');
  await page.getByLabel('Nova senha', { exact: true }).fill('outra frase longa de teste');
  await page.getByLabel('Confirme a nova senha').fill('outra frase longa de teste');
  await page.getByRole('button', { name: 'Trocar senha' }).click();
  if (isHydrated(testInfo)) {
    await expect(page.getByText('Senha incorreta.')).toBeVisible();
    await expect(page.getByLabel('Senha atual')).toHaveAttribute('aria-invalid', 'true');
  }
  await page.goto('/conta');
  await waitHydrated(page, testInfo);
  await page.getByLabel('Senha atual').fill(PASSWORD);
  await page.getByLabel('Nova senha', { exact: true }).fill('outra frase longa de teste');
  await page.getByLabel('Confirme a nova senha').fill('outra frase longa de teste');
  await page.getByRole('button', { name: 'Trocar senha' }).click();
  await expect(page).toHaveURL('/conta');
  await expect(page.getByRole('table')).toContainText('Esta sessão');
  await page.getByRole('button', { name: 'Sair' }).click();
  await signIn(page, testInfo, { email, password: 'outra frase longa de teste' });
});

test('remember me keeps a persistent cookie; without it the cookie ends with the browser', async ({ page, context }, testInfo) => {
  await signIn(page, testInfo);
  const plain = (await context.cookies()).find((c) => c.name.endsWith('crm_sid'));
  expect(plain?.expires).toBe(-1);
  await page.getByRole('button', { name: 'Sair' }).click();
  await page.goto('/login');
  await waitHydrated(page, testInfo);
  await page.getByLabel('E-mail').fill(DEMO_ADMIN.email);
  await page.getByLabel('Senha').fill(DEMO_ADMIN.password);
  await page.getByLabel('Lembrar de mim').check();
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL('/');
  const remembered = (await context.cookies()).find((c) => c.name.endsWith('crm_sid'));
  const days = ((remembered?.expires ?? 0) * 1000 - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.9);
  expect(days).toBeLessThan(7.1);
});

test('an admin creates a team and the settings page offers the session limits', async ({ page }, testInfo) => {
  const name = `Empresarial ${unique(testInfo)}`;
  await signIn(page, testInfo, DEMO_ADMIN, '/admin/equipes');
  await page.getByLabel('Nome da equipe').first().fill(name);
  await page.getByRole('button', { name: 'Criar equipe' }).click();
  await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
  await checkAccessible(page, testInfo);
  await page.getByRole('link', { name: 'Configurações' }).click();
  await expect(page).toHaveURL('/admin/configuracoes');
  await expect(page.getByLabel('Inatividade máxima (minutos)')).toHaveValue('30');
  await expect(page.getByLabel('Duração máxima da sessão (horas)')).toHaveValue('10');
  await checkAccessible(page, testInfo);
});
