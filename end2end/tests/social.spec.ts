// Instagram and Facebook as the brokerage's staff use them, against the demo's fake Graph API:
// an admin sees the connected accounts (never their tokens) and reconnects one; an Instagram
// direct message (a signed `instagram` webhook posted by the fake) appears in the inbox — live,
// without reloading, when scripts run — named from the person's profile, and the reply reaches
// the fake and its ticks reach "Lida".
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, isHydrated, signIn } from './helpers';

/** A person of this run on Instagram or Messenger (their scoped id). */
function personId(): string {
  return `66${String(Date.now()).slice(-10)}${Math.floor(Math.random() * 1000)}`;
}

async function personWrites(request: APIRequestContext, channel: string, from: string, name: string, text: string): Promise<void> {
  const res = await request.post('/_fake/graph/_fake/inbound', { data: { channel, from, name, text } });
  expect(res.ok()).toBeTruthy();
  expect((await res.json()).webhook_status).toBe(200);
}

const conversation = (page: Page, name: string) => page.getByRole('navigation', { name: 'Conversas' }).getByRole('link', { name: new RegExp(name) });

/** Without scripts the page does not follow the stream: read it again until `check` holds. */
async function eventually(page: Page, testInfo: TestInfo, check: () => Promise<void>): Promise<void> {
  if (isHydrated(testInfo)) return check();
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 20_000 });
}

test('an Instagram direct message appears in the inbox and the reply reaches Instagram', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const from = personId();
  const name = `Maria Insta ${testInfo.project.name} ${Date.now()}`;
  const reply = `Oi! O seguro residencial começa em R$ 25 por mês (${Date.now()}).`;

  await signIn(page, testInfo, undefined, '/whatsapp');
  await personWrites(request, 'instagram', from, name, 'Vi o post do seguro residencial, quanto custa?');
  await eventually(page, testInfo, () => expect(conversation(page, name)).toBeVisible({ timeout: 10_000 }));
  await expect(conversation(page, name)).toContainText('Instagram Direct');
  await conversation(page, name).click();
  await expect(page).toHaveURL(/\/whatsapp\/\d+$/);
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  const chat = page.getByRole('list', { name: 'Mensagens' });
  await expect(chat).toContainText('Vi o post do seguro residencial, quanto custa?');
  // Instagram takes text only: no file form, no templates.
  await expect(page.getByText('Anexar arquivo')).toHaveCount(0);

  await page.getByLabel('Mensagem').fill(reply);
  await page.getByRole('button', { name: 'Enviar' }).click();
  await expect(chat.getByRole('listitem').filter({ hasText: reply })).toBeVisible();
  await eventually(page, testInfo, () => expect(chat.getByRole('listitem').filter({ hasText: reply })).toContainText('Lida', { timeout: 10_000 }));

  // The fake received it for that person, through the Page.
  const sent = await (await request.get('/_fake/graph/_fake/sent')).json();
  const ours = sent.filter((s: { recipient?: { id: string }; message?: { text: string } }) => s.recipient?.id === from);
  expect(ours).toHaveLength(1);
  expect(ours[0].message.text).toBe(reply);
  expect(ours[0].messaging_type).toBe('RESPONSE');
  if (isHydrated(testInfo)) await expectAccessible(page);
});

test('a Messenger message shows with its channel next to WhatsApp conversations', async ({ page, request }, testInfo) => {
  const from = personId();
  const name = `Pedro Messenger ${testInfo.project.name} ${Date.now()}`;
  await personWrites(request, 'messenger', from, name, 'Vocês fazem seguro de moto?');
  await signIn(page, testInfo, undefined, '/whatsapp');
  await eventually(page, testInfo, () => expect(conversation(page, name)).toBeVisible({ timeout: 10_000 }));
  await expect(conversation(page, name)).toContainText('Messenger');
  await expect(conversation(page, name)).toContainText('Vocês fazem seguro de moto?');
});

test('an admin sees the connected accounts without their tokens and reconnects Instagram', async ({ page }, testInfo) => {
  await signIn(page, testInfo, DEMO_ADMIN, '/admin/redes-sociais');
  await expect(page.getByRole('heading', { level: 1, name: 'Redes sociais' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Redes sociais' });
  await expect(table).toContainText('Monteiro Corretora de Seguros');
  await expect(table).toContainText('monteiro.seguros');
  await expect(table.getByText('Funcionando')).toHaveCount(2);
  await expect(page.getByText('demo-page-token-for-the-fake-graph-api')).toHaveCount(0);
  await expect(page.getByText('/webhooks/meta')).toBeVisible();

  // A bad form is refused in words, field by field.
  await page.getByLabel('Rede').selectOption('instagram');
  await page.getByLabel('ID da Página ou da conta do Instagram').fill('conta-errada');
  await page.getByLabel('Token de acesso').fill('curto');
  await page.getByRole('button', { name: 'Conectar conta' }).click();
  await expect(page.getByText('Informe o ID só com números.')).toBeVisible();
  await expect(page.getByText('Cole o token de acesso completo, sem espaços.')).toBeVisible();

  // Reconnecting with a new token (the fake takes any) shows only its last four characters.
  await page.getByLabel('Rede').selectOption('instagram');
  await page.getByLabel('ID da Página ou da conta do Instagram').fill('17841400000000020');
  await page.getByLabel('ID da Página vinculada (só Instagram)').fill('100000000000010');
  await page.getByLabel('Token de acesso').fill('EAAGnovotokendapagina2026Zz99');
  await page.getByRole('button', { name: 'Conectar conta' }).click();
  await expect(table).toContainText('…Zz99');
  await expect(page.getByText('EAAGnovotokendapagina2026Zz99')).toHaveCount(0);
  if (isHydrated(testInfo)) await expectAccessible(page);
});
