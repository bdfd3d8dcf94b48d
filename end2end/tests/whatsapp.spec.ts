// The WhatsApp inbox as staff use it, against the demo's fake Graph API (served by the app
// under /_fake/graph): a customer writes (the fake posts a signed, Meta-shaped webhook), the
// message shows in the inbox — live, without reloading, when scripts run — the reply goes out
// through the outbox and its ticks advance as the fake reports sent, delivered and read; a
// customer who wrote more than 24 hours ago can only get an approved template.
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible, isHydrated, signIn } from './helpers';

/** A customer number of this run (a mobile of Belo Horizonte). */
function customer(): string {
  return `55319${String(80000000 + Math.floor(Math.random() * 19999999)).padStart(8, '0')}`;
}

/** The fake makes customer `from` (called `name`) write `text`; `ago` seconds in the past. */
async function customerWrites(request: APIRequestContext, from: string, name: string, text: string, ago = 0): Promise<void> {
  const message: Record<string, unknown> = { type: 'text', text: { body: text } };
  if (ago > 0) message.timestamp = String(Math.floor(Date.now() / 1000) - ago);
  const res = await request.post('/_fake/graph/_fake/inbound', { data: { from, name, message } });
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

test('a customer message appears in the inbox, the reply goes out and its ticks reach read', async ({ page, request }, testInfo) => {
  test.setTimeout(150_000);
  const from = customer();
  const name = `Cliente ${testInfo.project.name} ${Date.now()}`;
  const reply = `Olá! Já preparo a cotação (${Date.now()}).`;

  await signIn(page, testInfo, undefined, '/whatsapp');
  await customerWrites(request, from, name, 'Bom dia, quero cotar um seguro auto.');
  await eventually(page, testInfo, () => expect(conversation(page, name)).toBeVisible({ timeout: 10_000 }));
  await conversation(page, name).click();
  await expect(page).toHaveURL(/\/whatsapp\/\d+$/);
  const chat = page.getByRole('list', { name: 'Mensagens' });
  await expect(chat).toContainText('Bom dia, quero cotar um seguro auto.');
  await expect(page.getByText('Janela de 24 h aberta')).toBeVisible();

  await page.getByLabel('Mensagem').fill(reply);
  await page.getByRole('button', { name: 'Enviar' }).click();
  const bubble = chat.getByRole('listitem').filter({ hasText: reply });
  await expect(bubble).toBeVisible();
  await eventually(page, testInfo, () => expect(chat.getByRole('listitem').filter({ hasText: reply })).toContainText('Lida', { timeout: 10_000 }));

  // The customer writes again while the chat is open.
  await customerWrites(request, from, name, 'Perfeito, obrigado!');
  await eventually(page, testInfo, () => expect(page.getByRole('list', { name: 'Mensagens' })).toContainText('Perfeito, obrigado!', { timeout: 10_000 }));
  // With scripts off, axe stalls on this page after the reload loop (seen locally; the list
  // page's check in shell.spec.ts covers it without scripts): checked with scripts on.
  if (isHydrated(testInfo)) await expectAccessible(page);
});

test('after 24 hours without a word from the customer the composer offers only templates', async ({ page, request }, testInfo) => {
  const from = customer();
  const name = `Cliente antigo ${testInfo.project.name} ${Date.now()}`;
  await customerWrites(request, from, name, 'Mensagem de anteontem', 2 * 24 * 3600);
  await signIn(page, testInfo, undefined, '/whatsapp');
  await eventually(page, testInfo, () => expect(conversation(page, name)).toBeVisible({ timeout: 10_000 }));
  await conversation(page, name).click();
  await expect(page.getByText('Janela de 24 h fechada')).toBeVisible();
  await expect(page.getByText('só aceita um modelo de mensagem aprovado')).toBeVisible();
  await expect(page.getByLabel('Mensagem')).toHaveCount(0);

  // The templates are read from the (fake) Meta again, then one goes out with its parameters.
  await page.getByRole('button', { name: 'Atualizar modelos' }).click();
  const template = page.getByRole('region', { name: 'retomar_conversa' });
  await expect(template).toBeVisible();
  await expect(page.getByRole('region', { name: 'promocao_residencial' })).toHaveCount(0);
  await template.getByLabel('Texto {{nome_cliente}}').fill('Maria');
  await template.getByLabel('Texto {{corretor}}').fill('Ana');
  await template.getByRole('button', { name: 'Enviar modelo' }).click();
  const sent = page.getByRole('list', { name: 'Mensagens' }).getByRole('listitem').filter({ hasText: 'Olá Maria, aqui é Ana da Monteiro Seguros' });
  await expect(sent).toBeVisible();
  await eventually(page, testInfo, () => expect(page.getByRole('list', { name: 'Mensagens' }).getByRole('listitem').filter({ hasText: 'Olá Maria, aqui é Ana' })).toContainText('Lida', { timeout: 10_000 }));
  await expect(page.getByLabel('Mensagem')).toHaveCount(0);
  if (isHydrated(testInfo)) await expectAccessible(page);
});

test('a photo the customer sends shows in the chat as a picture', async ({ page, request }, testInfo) => {
  const from = customer();
  const name = `Cliente com foto ${testInfo.project.name} ${Date.now()}`;
  const message = { type: 'image', image: { mime_type: 'image/png', caption: 'Foto do para-choque amassado' } };
  const res = await request.post('/_fake/graph/_fake/inbound', { data: { from, name, message } });
  expect((await res.json()).webhook_status).toBe(200);
  await signIn(page, testInfo, undefined, '/whatsapp');
  await eventually(page, testInfo, () => expect(conversation(page, name)).toBeVisible({ timeout: 10_000 }));
  await conversation(page, name).click();
  const picture = page.getByRole('list', { name: 'Mensagens' }).getByRole('img', { name: 'Foto do para-choque amassado' });
  await eventually(page, testInfo, () => expect(picture).toBeVisible({ timeout: 10_000 }));
  // The picture really loads (served to the signed-in user from the CRM itself).
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
});

test('a staff member takes a conversation, leaves a note for the team and closes it', async ({ page, request }, testInfo) => {
  const from = customer();
  const name = `Cliente atendido ${testInfo.project.name} ${Date.now()}`;
  await customerWrites(request, from, name, 'Preciso da segunda via do boleto.');
  await signIn(page, testInfo, undefined, '/whatsapp');
  await eventually(page, testInfo, () => expect(conversation(page, name)).toBeVisible({ timeout: 10_000 }));
  await conversation(page, name).click();
  await expect(page).toHaveURL(/\/whatsapp\/\d+$/);

  await page.getByLabel('Responsável').selectOption({ label: 'Ana Souza' });
  await page.getByRole('button', { name: 'Atribuir' }).click();
  await expect(page.getByLabel('Responsável')).toHaveValue(/\d+/);
  const filters = page.getByRole('list', { name: 'Filtrar conversas' });
  await filters.getByRole('link', { name: 'Minhas' }).click();
  await expect(conversation(page, name)).toBeVisible();
  await expect(conversation(page, name)).toContainText('Responsável: Ana Souza');

  await conversation(page, name).click();
  await page.getByText('Adicionar nota interna').click();
  await page.getByLabel('Nota interna (só a equipe vê; não vai para o cliente)').fill('Boleto reenviado por e-mail também.');
  await page.getByRole('button', { name: 'Salvar nota' }).click();
  const chat = page.getByRole('list', { name: 'Mensagens' });
  await expect(chat.getByRole('listitem').filter({ hasText: 'Boleto reenviado por e-mail também.' })).toContainText('Nota interna');

  await page.getByRole('button', { name: 'Encerrar conversa' }).click();
  await expect(page.getByText('Encerrada', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reabrir conversa' })).toBeVisible();
  await filters.getByRole('link', { name: 'Encerradas' }).click();
  await expect(conversation(page, name)).toBeVisible();
  await filters.getByRole('link', { name: 'Abertas' }).click();
  await expect(conversation(page, name)).toHaveCount(0);
  if (isHydrated(testInfo)) await expectAccessible(page);
});

test('a lead is linked to the client found by name, gets a Kanban card and receives a file', async ({ page, request }, testInfo) => {
  test.setTimeout(150_000);
  const from = customer();
  const lead = `Lead ${testInfo.project.name} ${Date.now()}`;
  const client = `Cliente Vinculado ${testInfo.project.name} ${Date.now()}`;
  await customerWrites(request, from, lead, 'Oi, é o mesmo cliente, de outro número.');
  await signIn(page, testInfo, undefined, '/clientes/novo');
  await page.getByLabel('Pessoa física').check();
  await page.getByLabel(/^Nome completo/).fill(client);
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page).toHaveURL(/\/clientes\/\d+$/);

  await page.goto('/whatsapp');
  await eventually(page, testInfo, () => expect(conversation(page, lead)).toBeVisible({ timeout: 10_000 }));
  await conversation(page, lead).click();
  await expect(page).toHaveURL(/\/whatsapp\/\d+$/);
  const chatUrl = page.url();
  await expect(page.getByText('Lead (sem cliente)')).toBeVisible();
  await page.getByText('Vincular a um cliente').click();
  await page.getByLabel('Buscar cliente (nome, CPF/CNPJ, telefone ou e-mail)').fill(client);
  await page.getByRole('button', { name: 'Buscar cliente' }).click();
  await page.getByRole('button', { name: `Vincular ${client}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: client })).toBeVisible();
  await expect(page.getByText('Lead (sem cliente)')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Abrir o cliente' })).toBeVisible();

  // A PDF goes out with its caption, and its ticks advance like a text's.
  await page.getByText('Anexar arquivo').click();
  await page.getByLabel('Arquivo', { exact: true }).setInputFiles({
    name: 'proposta-auto.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n'),
  });
  await page.getByLabel('Legenda (opcional)').fill('Segue a proposta do seguro auto');
  await page.getByRole('button', { name: 'Enviar arquivo' }).click();
  await expect(page.getByText('Arquivo na fila de envio')).toBeVisible();
  const chat = page.getByRole('list', { name: 'Mensagens' });
  const sent = chat.getByRole('listitem').filter({ hasText: 'Segue a proposta do seguro auto' });
  await expect(sent.getByRole('link', { name: /proposta-auto\.pdf/ })).toBeVisible();
  await eventually(page, testInfo, () => expect(chat.getByRole('listitem').filter({ hasText: 'Segue a proposta do seguro auto' })).toContainText('Lida', { timeout: 10_000 }));
  // A web page is refused, in words.
  await page.getByLabel('Arquivo', { exact: true }).setInputFiles({ name: 'pagina.html', mimeType: 'text/html', buffer: Buffer.from('<html></html>') });
  await page.getByRole('button', { name: 'Enviar arquivo' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Este tipo de arquivo não pode ser enviado pelo WhatsApp' })).toBeVisible();

  // The conversation's card: created on the sales board, then opened from the chat.
  await page.getByRole('button', { name: 'Criar cartão no funil' }).click();
  await expect(page).toHaveURL(/\/kanban\/cartoes\/\d+$/);
  const cardUrl = page.url();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`WhatsApp: ${client}`);
  await page.goto(chatUrl);
  await page.getByRole('link', { name: 'Abrir cartão' }).click();
  await expect(page).toHaveURL(cardUrl);
  if (isHydrated(testInfo)) {
    await page.goto(chatUrl);
    await expectAccessible(page);
  }
});
