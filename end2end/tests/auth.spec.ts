// Signing in and out as staff do, with and without JavaScript.
import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, DEMO_USER, isHydrated, signIn } from './helpers';

test('a visitor is sent to the login page and, after signing in, to the page they wanted', async ({ page }, testInfo) => {
  await page.goto('/apolices');
  await expect(page).toHaveURL(/\/login\?next=\/apolices$/);
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  await page.getByLabel('E-mail').fill(DEMO_USER.email);
  await page.getByLabel('Senha').fill(DEMO_USER.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL('/apolices');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Apólices');
  // Signed in as them (the top bar names them; the list may name them again as an owner).
  await expect(page.getByRole('banner').getByText(DEMO_USER.name)).toBeVisible();
});

test('a wrong password shows a clear message and keeps the visitor out', async ({ page }, testInfo) => {
  await page.goto('/login');
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  await page.getByLabel('E-mail').fill(DEMO_USER.email);
  await page.getByLabel('Senha').fill('senha errada de propósito');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('alert')).toContainText('E-mail ou senha incorretos.');
  await expect(page.getByLabel('E-mail')).toBeVisible();
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('signing out ends the session', async ({ page }, testInfo) => {
  await signIn(page, testInfo);
  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/clientes');
  await expect(page).toHaveURL(/\/login\?next=\/clientes$/);
});

test('remember me is offered as a labelled checkbox', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('Lembrar de mim')).toBeVisible();
  await expect(page.getByLabel('Lembrar de mim')).not.toBeChecked();
});

test('administration appears only for an admin', async ({ page }, testInfo) => {
  await signIn(page, testInfo, DEMO_ADMIN);
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await expect(nav.getByRole('link', { name: 'Administração' })).toBeVisible();
});

test('an admin lists and searches staff in Administração', async ({ page }, testInfo) => {
  await signIn(page, testInfo, DEMO_ADMIN);
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Administração' }).click();
  await expect(page).toHaveURL('/admin');
  const table = page.getByRole('table');
  await expect(table.getByRole('row', { name: /Ana Souza/ })).toContainText('Automóvel');
  await expect(table.getByRole('row', { name: /Helena Monteiro/ })).toContainText('Administrador');
  await page.getByLabel('Buscar por nome ou e-mail').fill('mariana');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page).toHaveURL('/admin?q=mariana');
  await expect(table.getByRole('row')).toHaveCount(2); // header + Mariana Costa
  await expect(table).toContainText('corretora.vida@monteiro.demo');
});

test('a user who opens /admin sees a 403 page', async ({ page }, testInfo) => {
  await signIn(page, testInfo);
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Administração' })).toHaveCount(0);
});
