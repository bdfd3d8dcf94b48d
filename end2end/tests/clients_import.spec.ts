// Importing clients as a manager would: a spreadsheet of 1,000 lines (three of them wrong) is
// uploaded, its columns are recognised in the preview, the import runs with a progress bar and
// ends in a report that names the wrong lines and can be downloaded; then the whole import is
// reverted. Runs with JavaScript off (the page reloads itself) and on (it polls).
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, isHydrated, signIn } from './helpers';

/** A valid CPF from a 9-digit base (check digits computed as the Receita does). */
function cpfOf(base: number): string {
  const digits = String(base).padStart(9, '0').split('').map(Number);
  const digit = (ds: number[]) => {
    const sum = ds.reduce((acc, d, i) => acc + d * (ds.length + 1 - i), 0);
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const first = digit(digits);
  const all = [...digits, first, digit([...digits, first])].join('');
  return `${all.slice(0, 3)}.${all.slice(3, 6)}.${all.slice(6, 9)}-${all.slice(9)}`;
}

/** 1,000 lines in Excel's Brazilian CSV shape: lines 101 and 501 have a wrong CPF, 801 no name. */
function spreadsheet(tag: string): string {
  const start = 100_000_000 + Math.floor(Math.random() * 800_000_000);
  const lines = ['Nome;CPF;Celular;Cidade;UF;Data de nascimento'];
  for (let i = 1; i <= 1000; i++) {
    const line = i + 1;
    const cpf = line === 101 || line === 501 ? '123.456.789-00' : cpfOf(start + i);
    // The last one is named without digits: a search for "Cliente 999" would also match every
    // phone holding "999" (they are random), and the name sort could push it off the first page.
    const name = line === 801 ? '' : line === 1000 ? `${tag} Cliente Derradeiro` : `${tag} Cliente ${i}`;
    const phone = `(11) 9${String(70000000 + ((start + i) % 29999999)).padStart(8, '0')}`;
    lines.push(`${name};${cpf};${phone};São Paulo;SP;07/03/1985`);
  }
  return lines.join('\r\n') + '\r\n';
}

test('a 1,000-line spreadsheet is imported with progress and a report, then reverted', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const tag = `Planilha${testInfo.project.name}${Date.now()}`;
  await signIn(page, testInfo, DEMO_ADMIN, '/clientes');
  await page.getByRole('link', { name: 'Importar planilha' }).click();
  await expect(page).toHaveURL('/clientes/importar');
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });

  await page.getByLabel('Arquivo CSV').setInputFiles({
    name: 'clientes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(spreadsheet(tag), 'utf-8'),
  });
  await page.getByRole('button', { name: 'Enviar arquivo' }).click();
  await expect(page).toHaveURL(/\/clientes\/importar\/\d+$/);
  const importPage = page.url();

  // The preview shows the first lines, with each column's field already chosen.
  await expect(page.getByRole('cell', { name: `${tag} Cliente 1`, exact: true })).toBeVisible();
  await expect(page.getByLabel('Campo para a coluna «Nome»')).toHaveValue('name');
  await expect(page.getByLabel('Campo para a coluna «CPF»')).toHaveValue('tax_id');
  await expect(page.getByLabel('Campo para a coluna «Data de nascimento»')).toHaveValue('birth_date');
  await expect(page.getByLabel('Importar as linhas válidas e relatar as com erro')).toBeChecked();
  if (isHydrated(testInfo)) await expectAccessible(page);
  await page.getByRole('button', { name: 'Iniciar importação' }).click();

  // Progress, then the report.
  await expect(page.getByRole('progressbar', { name: 'Progresso da importação' })).toBeVisible();
  await expect(page.getByText('Importação concluída.')).toBeVisible({ timeout: 120_000 });
  await expect(page).toHaveURL(importPage);
  const problems = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Motivo' }) });
  await expect(problems.getByRole('row')).toHaveCount(4);
  await expect(problems.getByRole('row', { name: /^101 .*CPF inválido/ })).toBeVisible();
  await expect(problems.getByRole('row', { name: /^801 .*Informe o nome/ })).toBeVisible();
  await expect(page.getByText('997', { exact: true })).toBeVisible();
  if (isHydrated(testInfo)) await expectAccessible(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Baixar relatório (CSV)' }).click(),
  ]);
  const report = readFileSync(await download.path(), 'utf-8').replace(/^\uFEFF/, '').split('\r\n');
  expect(report[0]).toBe('Linha;Resultado;Cliente;Código do cliente;Motivo');
  expect(report.filter((l) => l.includes(';Criado;'))).toHaveLength(997);

  await page.goto(`/clientes?q=${encodeURIComponent(`${tag} Cliente Derradeiro`)}`);
  await expect(page.getByRole('link', { name: `${tag} Cliente Derradeiro`, exact: true })).toBeVisible();

  // Revert: everything the import created goes away.
  await page.goto(importPage);
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  await page.getByLabel('Entendo que os clientes criados por esta importação serão removidos').check();
  await page.getByRole('button', { name: 'Desfazer importação' }).click();
  await expect(page.getByText(/^Importação desfeita/)).toBeVisible({ timeout: 120_000 });
  await page.goto(`/clientes?q=${encodeURIComponent(tag)}`);
  await expect(page.getByText('Nenhum cliente encontrado.')).toBeVisible();
});
