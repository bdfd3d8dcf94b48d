// The app shell as a staff member meets it: Portuguese by default, English on request,
// navigation, a real 404, keyboard access and no accessibility violations on any page.
import { expect, test } from '@playwright/test';
import { collectPageErrors, DEMO_ADMIN, expectAccessible, isHydrated, open, signIn } from './helpers';

const sections = [
  { path: '/', pt: 'Painel', en: 'Dashboard' },
  { path: '/clientes', pt: 'Clientes', en: 'Clients' },
  { path: '/apolices', pt: 'Apólices', en: 'Policies' },
  { path: '/comissoes', pt: 'Comissões', en: 'Commissions' },
  { path: '/kanban', pt: 'Kanban', en: 'Kanban' },
  { path: '/whatsapp', pt: 'Caixa de entrada', en: 'Inbox' },
  { path: '/redes-sociais', pt: 'Redes sociais', en: 'Social media' },
];

test('the dashboard opens in Portuguese with the date in dd/mm/aaaa', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await signIn(page, testInfo);
  await expect(page).toHaveTitle('Painel · Monteiro CRM');
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bem-vindo ao Monteiro CRM');
  await expect(page.getByText(/Hoje é \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
  expect(errors, 'console errors or CSP violations').toEqual([]);
});

test('the side navigation reaches every staff section and marks the current one', async ({ page }, testInfo) => {
  await signIn(page, testInfo);
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  for (const section of sections.slice(1)) {
    await nav.getByRole('link', { name: section.pt }).click();
    await expect(page).toHaveURL(section.path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(section.pt);
    await expect(nav.getByRole('link', { name: section.pt })).toHaveAttribute('aria-current', 'page');
  }
  await expect(nav.getByRole('link', { name: 'Administração' })).toHaveCount(0);
});

test('switching to English translates the shell and the choice is remembered', async ({ page }, testInfo) => {
  await signIn(page, testInfo, undefined, '/clientes');
  await page.getByLabel('Idioma').selectOption('en');
  await page.getByRole('button', { name: 'Aplicar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clients');
  await expect(page).toHaveURL('/clientes');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await open(page, '/', testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Monteiro CRM');
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();

  await page.getByLabel('Language').selectOption('pt-BR');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bem-vindo ao Monteiro CRM');
});

test('an unknown address shows the 404 page with a way back', async ({ page }, testInfo) => {
  await signIn(page, testInfo);
  const response = await page.goto('/nao-existe');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Página não encontrada');
  if (isHydrated(testInfo)) {
    await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  }
  await page.getByRole('link', { name: 'Voltar ao painel' }).click();
  await expect(page).toHaveURL('/');
});

test('the skip link is the first stop of the keyboard and jumps to the content', async ({ page }, testInfo) => {
  await signIn(page, testInfo);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Pular para o conteúdo' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#conteudo$/);
});

const adminPages = ['/admin', '/admin/usuarios/nova', '/admin/equipes', '/admin/auditoria', '/admin/configuracoes', '/conta'];
for (const path of [...sections.map((s) => s.path), ...adminPages, '/nao-existe', '/login']) {
  test(`page ${path} has no serious accessibility violations`, async ({ browser }, testInfo) => {
    // axe runs as a script in the page. For the server-rendered page alone, the app's own
    // scripts are blocked instead of disabling JavaScript, so axe sees the SSR markup.
    const context = await browser.newContext({ locale: 'pt-BR', javaScriptEnabled: true });
    const page = await context.newPage();
    await signIn(page, { project: { name: 'hydrated' } } as typeof testInfo, DEMO_ADMIN);
    if (!isHydrated(testInfo)) await context.route('**/pkg/**', (route) => route.abort());
    if (path === '/nao-existe' || !isHydrated(testInfo)) await page.goto(path);
    else await open(page, path, testInfo);
    await expectAccessible(page);
    await context.close();
  });
}

test('a browser that asks for English gets the login page in English', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: isHydrated(testInfo) });
  const page = await context.newPage();
  await open(page, '/login', testInfo);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Password')).toBeVisible();
  await context.close();
});
