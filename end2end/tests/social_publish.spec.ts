// The publishing calendar as a broker uses it, against the demo's fake Graph API: a post with a
// picture scheduled two minutes ahead shows as "Agendada" on the calendar; when its time comes
// (the demo's clock is moved forward through `/_fake/clock` rather than waiting) the scheduler
// publishes it on Instagram and on the Page, and the calendar shows it "Publicada" with the
// links to see it. A draft kept without a date is listed apart and sent from its page.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectAccessible, isHydrated, signIn } from './helpers';

// A 1×1 PNG: the server tells pictures by their bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC',
  'base64',
);

/** The app's clock moved forward by `seconds`; answers how far ahead of real time it is. */
async function advanceClock(request: APIRequestContext, seconds: number): Promise<number> {
  const res = await request.post('/_fake/clock', { data: { advance_seconds: seconds } });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).shift_seconds;
}

/** `at` in São Paulo (UTC−3) as a datetime-local value. */
function saoPaulo(at: Date): string {
  return new Date(at.getTime() - 3 * 3600_000).toISOString().slice(0, 16);
}

/** Reads the page again until `check` holds (the post page does not follow the scheduler). */
async function eventually(page: Page, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 30_000 });
}

test('a post scheduled two minutes ahead goes out on Instagram and the Page with its links on the calendar', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const caption = `Post ${stamp}: seguro auto com assistência 24h e carro reserva. #seguroauto #monteiro`;
  const shift = await advanceClock(request, 0);
  const appNow = new Date(Date.now() + shift * 1000);
  const when = saoPaulo(new Date(appNow.getTime() + 2 * 60_000));
  const day = when.slice(0, 10);

  await signIn(page, testInfo, undefined, '/redes-sociais');
  await expect(page.getByRole('heading', { level: 1, name: 'Redes sociais' })).toBeVisible();
  await page.getByRole('link', { name: 'Nova publicação' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nova publicação' })).toBeVisible();
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  await expect(page.getByLabel('Instagram — @monteiro.seguros')).toBeChecked();
  await expect(page.getByLabel('Facebook — Monteiro Corretora de Seguros')).toBeChecked();
  await page.getByLabel('Legenda').fill(caption);
  if (isHydrated(testInfo)) {
    // The composer counts as Instagram does.
    await expect(page.getByText(`${caption.length} / 2200 · 2 / 30 hashtags`)).toBeVisible();
    await expect(page.getByText(`@monteiro.seguros`).last()).toBeVisible();
  }
  await page.getByLabel('Texto alternativo').fill('Carro na estrada com o guincho ao lado');
  await page.getByLabel('Imagens').setInputFiles({ name: 'carro.png', mimeType: 'image/png', buffer: PNG });
  await page.getByLabel('Data e hora (horário de Brasília)').fill(when);
  await page.getByRole('button', { name: 'Agendar' }).click();

  await expect(page).toHaveURL(/\/redes-sociais\/\d+\?salva=agendada$/);
  const postUrl = page.url().split('?')[0];
  await expect(page.getByRole('status').filter({ hasText: 'Publicação agendada.' })).toBeVisible();
  await expect(page.getByText('Agendada', { exact: true })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Carro na estrada com o guincho ao lado' })).toBeVisible();

  // On the week's calendar, scheduled.
  await page.goto(`/redes-sociais?visao=semana&data=${day}`);
  const chip = page.getByRole('link', { name: new RegExp(`Post ${stamp}`) });
  await expect(chip).toContainText('Agendada');
  await expect(chip).toContainText(when.slice(11, 16));
  if (isHydrated(testInfo)) await expectAccessible(page);

  // Its time comes: the scheduler publishes it on both accounts, once.
  await advanceClock(request, 180);
  await page.goto(postUrl);
  await eventually(page, async () => {
    await expect(page.getByText('Publicada', { exact: true }).first()).toBeVisible({ timeout: 2_000 });
    await expect(page.getByRole('link', { name: 'Ver no Instagram' })).toBeVisible({ timeout: 2_000 });
  });
  await expect(page.getByRole('link', { name: 'Ver no Instagram' })).toHaveAttribute('href', /^https:\/\/www\.instagram\.com\/p\//);
  await expect(page.getByRole('link', { name: 'Ver no Facebook' })).toHaveAttribute('href', /^https:\/\/www\.facebook\.com\//);
  // Nothing is left to change once it went out.
  await expect(page.getByRole('button', { name: 'Publicar agora' })).toHaveCount(0);

  // The calendar shows it published, and the list its links.
  await page.goto(`/redes-sociais?visao=semana&data=${day}`);
  await expect(page.getByRole('link', { name: new RegExp(`Post ${stamp}`) })).toContainText('Publicada');
  await page.getByRole('link', { name: 'Lista' }).click();
  const row = page.getByRole('row').filter({ hasText: `Post ${stamp}` });
  await expect(row).toContainText('Publicada');
  await expect(row.getByRole('link', { name: 'Ver no Instagram' })).toHaveAttribute('href', /instagram\.com\/p\//);
});

test('a draft without a date is listed apart and sent to the Page from its own page', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const caption = `Rascunho ${stamp}: seguro residencial a partir de R$ 25 por mês.`;

  await signIn(page, testInfo, undefined, '/redes-sociais/nova');
  await page.getByLabel('Instagram — @monteiro.seguros').uncheck();
  await page.getByLabel('Legenda').fill(caption);
  await page.getByLabel('Data e hora (horário de Brasília)').fill('');
  await page.getByRole('button', { name: 'Salvar rascunho' }).click();
  await expect(page).toHaveURL(/\/redes-sociais\/\d+\?salva=rascunho$/);
  const postUrl = page.url().split('?')[0];
  await expect(page.getByRole('status').filter({ hasText: 'Rascunho salvo.' })).toBeVisible();
  await expect(page.getByText('Rascunho', { exact: true })).toBeVisible();
  await expect(page.getByText('Sem data')).toBeVisible();

  await page.goto('/redes-sociais');
  const drafts = page.getByRole('region', { name: 'Rascunhos sem data' });
  await drafts.getByRole('link', { name: new RegExp(`Rascunho ${stamp}`) }).click();
  await expect(page).toHaveURL(postUrl);
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'Publicar agora' }).click();
  await eventually(page, async () => {
    await expect(page.getByRole('link', { name: 'Ver no Facebook' })).toBeVisible({ timeout: 2_000 });
  });
  await expect(page.getByRole('link', { name: 'Ver no Instagram' })).toHaveCount(0);
  await expect(page.getByText('Publicada', { exact: true }).first()).toBeVisible();
  if (isHydrated(testInfo)) await expectAccessible(page);
});
