// The clients list as a spreadsheet, and handing a client to another staff member. A staff
// member filters the list by a tag only their new client has, clicks "Exportar CSV" and gets a
// pt-BR CSV (BOM, `;`, the import's headers) holding exactly that client; a manager hands a new
// client to a member of the team on its page. Runs with JavaScript off (ssr) and on (hydrated);
// each run makes its own clients, since the demo data persists.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible, isHydrated, signIn } from './helpers';

/** The demo manager of the Automóvel team (APP_ENV=demo; see server/src/demo.rs). */
const MANAGER = { email: 'gerente@monteiro.demo', password: 'Monteiro@Gerente2026' };

/** What the export's first line must be: the import's column headers, then the read-only ones. */
const HEADER =
  'Tipo;Nome;Nome fantasia;CPF/CNPJ;Data de nascimento;Profissão;Pessoa de contato;Telefones;' +
  'WhatsApp;E-mails;Tags;Ramos de interesse;Origem;CEP;Logradouro;Número;Complemento;Bairro;' +
  'Cidade;UF;Observações;Aceita marketing;Canal do consentimento;Responsável;Equipe;Criado em;Código';

async function waitHydrated(page: Page, testInfo: TestInfo): Promise<void> {
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/** Creates a pessoa física through the form; answers the address of its page. */
async function newClient(page: Page, testInfo: TestInfo, name: string, tags = ''): Promise<string> {
  await page.goto('/clientes/novo');
  await waitHydrated(page, testInfo);
  await page.getByLabel('Pessoa física').check();
  await page.getByLabel(/^Nome completo/).fill(name);
  if (tags) await page.getByLabel(/^Etiquetas/).fill(tags);
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page).toHaveURL(/\/clientes\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  return page.url();
}

test('the filtered list downloads as a pt-BR spreadsheet holding the filtered client', async ({ page }, testInfo) => {
  const tag = `exp${testInfo.project.name}${Date.now()}`;
  const name = `Exportação Araújo ${tag}`;
  await signIn(page, testInfo, undefined, '/clientes');
  await newClient(page, testInfo, name, tag);

  // Days as the date field sends them, in São Paulo (where "today" is counted).
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'America/Sao_Paulo' });
  await page.goto('/clientes');
  await waitHydrated(page, testInfo);
  await page.getByLabel('Etiqueta', { exact: true }).fill(tag);
  await page.getByLabel('Criado de').fill(day(0));
  await page.getByLabel('Criado até').fill(day(-1));
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page.getByText('A data final é anterior à inicial.')).toBeVisible();

  await page.getByLabel('Criado até').fill('');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page).toHaveURL(new RegExp(`etiqueta=${tag}.*criado_de=${day(0)}`));
  await expect(page.getByRole('link', { name })).toBeVisible();
  if (isHydrated(testInfo)) await expectAccessible(page);
  const link = page.getByRole('link', { name: 'Exportar CSV' });
  await expect(link).toHaveAttribute(
    'href',
    new RegExp(`^/clientes/exportar\\.csv\\?.*etiqueta=${tag}.*criado_de=${day(0)}`),
  );

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^clientes-\d{4}-\d{2}-\d{2}\.csv$/);
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).split('\r\n').filter((line) => line !== '');
  expect(lines[0]).toBe(HEADER);
  expect(lines).toHaveLength(2);
  const cells = lines[1].split(';');
  expect(cells[0]).toBe('PF');
  expect(cells[1]).toBe(name);
  expect(cells[10]).toBe(tag);
  expect(cells[23]).toBe('Ana Souza');
});

test('a manager hands a client of the team to another member on its page', async ({ page }, testInfo) => {
  const name = `Transferência Lima ${testInfo.project.name}${Date.now()}`;
  await signIn(page, testInfo, MANAGER, '/clientes');
  const profile = await newClient(page, testInfo, name);
  await expect(page.getByText('Carlos Ribeiro · Automóvel')).toBeVisible();
  await waitHydrated(page, testInfo);

  const owner = page.getByLabel('Transferir para');
  await expect(owner.locator('option', { hasText: 'Patrícia Alves' })).toHaveCount(0);
  await owner.selectOption({ label: 'Ana Souza' });
  await page.getByRole('button', { name: 'Transferir' }).click();
  await expect(page).toHaveURL(profile);
  await expect(page.getByText('Ana Souza · Automóvel')).toBeVisible();
  await expect(page.getByLabel('Transferir para').locator('option:checked')).toHaveText('Ana Souza');
  if (isHydrated(testInfo)) await expectAccessible(page);
});
