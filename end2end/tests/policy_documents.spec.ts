// A policy's documents as a broker uses them: a web page disguised as a PDF is refused with the
// reason, a real PDF is attached, listed, downloaded under its own name and then deleted behind
// a confirmation. Runs with JavaScript off (ssr) and on (hydrated); each run names its file
// after the project and the time, since the demo data persists.
import { expect, test } from '@playwright/test';
import { expectAccessible, isHydrated, signIn } from './helpers';

test('a PDF is attached to a policy, downloaded under its name and deleted; a disguised web page is refused', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const name = `apolice-${testInfo.project.name}-${Date.now()}.pdf`;

  await signIn(page, testInfo, undefined, '/apolices');
  await page.locator('table tbody tr a[href^="/apolices/"]').first().click();
  await expect(page).toHaveURL(/\/apolices\/\d+$/);
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  const documents = page.getByRole('region', { name: 'Documentos' });
  await expect(documents).toBeVisible();

  // A web page renamed to .pdf: refused, with the reason in Portuguese.
  await documents.getByLabel('Tipo de documento').selectOption({ label: 'Apólice' });
  await documents.getByLabel('Arquivo').setInputFiles({
    name: 'fatura.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<html><script>alert(1)</script></html>'),
  });
  await documents.getByRole('button', { name: 'Anexar' }).click();
  await expect(page.getByText('Só aceitamos PDF, JPEG ou PNG.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'fatura.pdf' })).toHaveCount(0);

  // A real PDF.
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20_000, 0x30)]);
  await documents.getByLabel('Tipo de documento').selectOption({ label: 'Apólice' });
  await documents.getByLabel('Arquivo').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
  await documents.getByRole('button', { name: 'Anexar' }).click();
  await expect(page.getByText('Documento anexado.')).toBeVisible();
  const link = page.getByRole('link', { name });
  await expect(link).toBeVisible();
  const row = page.getByRole('row').filter({ has: link });
  await expect(row).toContainText('Apólice');
  await expect(row).toContainText('20 KB');
  if (isHydrated(testInfo)) {
    await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
    await expectAccessible(page);
  }

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe(name);

  // Deleting asks for a confirmation first.
  await row.getByText('Excluir', { exact: true }).click();
  await row.getByRole('button', { name: `Confirmar exclusão de ${name}` }).click();
  await expect(page.getByRole('link', { name })).toHaveCount(0);
});
