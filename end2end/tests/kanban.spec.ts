// The Kanban as brokers use it. Every run titles its cards after the project and the time,
// since the demo data persists between tests.
// - Both projects (scripts off and on): a card is added for a client from the client's page,
//   moved from its own page, refused for "Perdido" without a reason, lost with one; the board
//   shows it there after a reload.
// - Hydrated only: two people on the same board (two browser contexts, different accounts): a
//   drag by one shows on the other's screen without reloading, in the same order after a reload;
//   keyboard moving; a drop on "Perdido" asks why (cancel puts the card back); a move the server
//   refuses goes back with a message, and a card deleted meanwhile leaves the board.
import { expect, test, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, isHydrated, signIn } from './helpers';

async function waitHydrated(page: Page, testInfo: TestInfo): Promise<void> {
  if (isHydrated(testInfo)) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

const column = (where: Page | Locator, name: string) => where.getByRole('region', { name, exact: true });
const card = (where: Locator, title: string) => where.getByRole('listitem').filter({ hasText: title });

/** Adds a card through the board's form (the board is open); answers its title. */
async function addCard(page: Page, title: string, value = '1.000,00'): Promise<void> {
  const form = page.locator('details').filter({ hasText: 'Novo cartão' });
  if (!(await page.getByLabel('Título do cartão').isVisible())) await form.locator('summary').click();
  await page.getByLabel('Título do cartão').fill(title);
  await page.getByLabel('Prêmio (R$)').fill(value);
  await page.getByRole('button', { name: 'Adicionar cartão' }).click();
  await expect(card(column(page, 'Novo lead'), title)).toBeVisible();
}

/** Drags `title`'s handle with the mouse to the point (`x`, `y`). */
async function dragTo(page: Page, title: string, x: number, y: number): Promise<void> {
  const from = await page.getByRole('button', { name: `Mover cartão: ${title}` }).boundingBox();
  if (!from) throw new Error(`${title} is not on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 12, from.y + 12, { steps: 3 });
  await page.mouse.move(x, y, { steps: 8 });
  await page.mouse.up();
}

/** Drags `title` onto column `to`'s header: it lands at the top of that column. */
async function drag(page: Page, title: string, to: string): Promise<void> {
  const box = await column(page, to).boundingBox();
  if (!box) throw new Error(`${to} is not on screen`);
  await dragTo(page, title, box.x + box.width / 2, box.y + 20);
}

/**
 * Deletes the card whose page is open. Tests that leave a card in "Novo lead" delete it: the
 * drag tests need that column to fit their tall window.
 */
async function deleteOpenCard(page: Page, testInfo: TestInfo): Promise<void> {
  await waitHydrated(page, testInfo);
  await page.getByText('Excluir cartão…').click();
  await page.getByRole('button', { name: 'Excluir o cartão' }).click();
  await expect(page).toHaveURL(/\/kanban\/vendas/);
}

async function second(browser: Browser, testInfo: TestInfo, path: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  await signIn(page, testInfo, DEMO_ADMIN, path);
  return page;
}

test('a card is added for a client, moved from its page, refused for Perdido without a reason, then lost with one', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const title = `Seguro auto ${testInfo.project.name} ${Date.now()}`;

  await signIn(page, testInfo, undefined, '/clientes');
  await page.locator('table tbody tr a').first().click();
  await expect(page).toHaveURL(/\/clientes\/\d+$/);
  const clientName = (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
  await page.getByRole('link', { name: 'Novo cartão' }).click();
  await expect(page).toHaveURL(/\/kanban\/vendas\?cliente=\d+$/);
  await waitHydrated(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Funil de vendas');
  await addCard(page, title, '2.345,67');
  const lead = column(page, 'Novo lead');
  await expect(card(lead, title).getByRole('link', { name: clientName })).toBeVisible();
  await expect(card(lead, title)).toContainText('R$\u00a02.345,67');
  if (isHydrated(testInfo)) await expectAccessible(page);

  await card(lead, title).getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await waitHydrated(page, testInfo);
  await page.getByLabel('Coluna', { exact: true }).selectOption({ label: 'Primeiro contato' });
  await page.getByRole('button', { name: 'Mover', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Dados do cartão' })).toContainText('Primeiro contato');

  await waitHydrated(page, testInfo);
  await page.getByLabel('Coluna', { exact: true }).selectOption({ label: 'Perdido (pede o motivo)' });
  await page.getByRole('button', { name: 'Mover', exact: true }).click();
  await expect(page.getByText('Informe o motivo.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Dados do cartão' })).toContainText('Primeiro contato');

  await waitHydrated(page, testInfo);
  await page.getByLabel('Coluna', { exact: true }).selectOption({ label: 'Perdido (pede o motivo)' });
  await page.getByLabel('Motivo (para colunas de perda)').fill('Preço da concorrência');
  await page.getByRole('button', { name: 'Mover', exact: true }).click();
  const details = page.getByRole('region', { name: 'Dados do cartão' });
  await expect(details).toContainText('Perdido');
  await expect(details).toContainText('Preço da concorrência');
  await expect(page.getByRole('region', { name: 'Histórico' })).toContainText('Cartão movido no Kanban');
  if (isHydrated(testInfo)) await expectAccessible(page);

  await page.getByRole('link', { name: 'Funil de vendas' }).click();
  await expect(card(column(page, 'Perdido'), title)).toBeVisible();
  await page.reload();
  await expect(card(column(page, 'Perdido'), title)).toBeVisible();
  await expect(card(column(page, 'Primeiro contato'), title)).toHaveCount(0);
});

test.describe('with scripts running', () => {
  // Wide enough for the whole sales funnel ("Perdido" included) and tall enough for a long
  // "Novo lead": the cards added by earlier tests stay there.
  test.use({ viewport: { width: 2600, height: 2400 } });
  test.beforeEach(({}, testInfo) => {
    test.skip(!isHydrated(testInfo), 'dragging needs the running app');
  });

  test('a card dragged by one person moves on a colleague’s open board without reloading, and stays in that order', async ({ page, browser }, testInfo) => {
    test.setTimeout(120_000);
    const stamp = Date.now();
    const [first, moved] = [`Frota ${stamp}`, `Residencial ${stamp}`];
    await signIn(page, testInfo, undefined, '/kanban/vendas');
    await addCard(page, first);
    await addCard(page, moved);
    const colleague = await second(browser, testInfo, '/kanban/vendas');
    await expect(card(column(colleague, 'Novo lead'), moved)).toBeVisible();

    await drag(page, first, 'Em cotação');
    await drag(page, moved, 'Em cotação');
    // The mover's board shows it at once; the colleague's follows live, in the same order.
    const quoting = (p: Page) => column(p, 'Em cotação').getByRole('listitem').filter({ hasText: String(stamp) });
    await expect(quoting(page)).toHaveText([new RegExp(moved), new RegExp(first)]);
    await expect(quoting(colleague)).toHaveText([new RegExp(moved), new RegExp(first)]);
    await expect(card(column(colleague, 'Novo lead'), moved)).toHaveCount(0);

    // Dropped on the upper half of the top card, it goes above it — for both, and after a reload.
    const target = await card(column(page, 'Em cotação'), moved).boundingBox();
    if (!target) throw new Error('not on screen');
    await dragTo(page, first, target.x + target.width / 2, target.y + 6);
    await expect(quoting(page)).toHaveText([new RegExp(first), new RegExp(moved)]);
    await expect(quoting(colleague)).toHaveText([new RegExp(first), new RegExp(moved)]);
    await colleague.reload();
    await expect(quoting(colleague)).toHaveText([new RegExp(first), new RegExp(moved)]);
    await colleague.context().close();
  });

  test('a card moves by keyboard and a drop on Perdido asks why, leaving it in place when cancelled', async ({ page }, testInfo) => {
    test.setTimeout(60_000);
    const title = `Vida em grupo ${Date.now()}`;
    await signIn(page, testInfo, undefined, '/kanban/vendas');
    await addCard(page, title);

    await page.getByRole('button', { name: `Mover cartão: ${title}` }).focus();
    await page.keyboard.press('Space');
    await expect(page.getByRole('status')).toContainText('cartão pego');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('status')).toContainText('Primeiro contato');
    await page.keyboard.press('Space');
    await expect(card(column(page, 'Primeiro contato'), title)).toBeVisible();
    await expect(page.getByRole('button', { name: `Mover cartão: ${title}` })).toBeFocused();

    await drag(page, title, 'Perdido');
    const dialog = page.getByRole('dialog', { name: 'Mover para Perdido' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Motivo da perda')).toBeFocused();
    await dialog.getByRole('button', { name: 'Mover para Perdido' }).click();
    await expect(dialog.getByText('Informe o motivo.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(card(column(page, 'Primeiro contato'), title)).toBeVisible();

    await drag(page, title, 'Perdido');
    await dialog.getByLabel('Motivo da perda').fill('Fechou com outra corretora');
    await dialog.getByRole('button', { name: 'Mover para Perdido' }).click();
    await expect(card(column(page, 'Perdido'), title)).toBeVisible();
    await page.reload();
    await expect(card(column(page, 'Perdido'), title)).toBeVisible();
  });

  test('a move the server refuses goes back with a message, and a card deleted meanwhile leaves the board', async ({ page, browser }, testInfo) => {
    test.setTimeout(120_000);
    const stamp = Date.now();
    const [kept, deleted] = [`Empresarial ${stamp}`, `Viagem ${stamp}`];
    // This board hears nothing live, so it still shows the card the colleague deletes.
    await page.route('**/eventos*', (route) => route.abort());
    await signIn(page, testInfo, undefined, '/kanban/vendas');
    await addCard(page, kept);
    await addCard(page, deleted);

    // The server is unreachable for one move: the card goes back.
    await page.route('**/api/move_card', (route) => route.fulfill({ status: 503, body: 'indisponível' }), { times: 1 });
    await drag(page, kept, 'Em cotação');
    await expect(page.getByRole('alert')).toContainText('não pôde ser movido e voltou para onde estava');
    await expect(card(column(page, 'Novo lead'), kept)).toBeVisible();
    await expect(card(column(page, 'Em cotação'), kept)).toHaveCount(0);

    const colleague = await second(browser, testInfo, '/kanban/vendas');
    await card(column(colleague, 'Novo lead'), deleted).getByRole('link', { name: deleted }).click();
    await colleague.getByText('Excluir cartão…').click();
    await colleague.getByRole('button', { name: 'Excluir o cartão' }).click();
    await expect(colleague).toHaveURL(/\/kanban\/vendas/);
    await expect(card(column(colleague, 'Novo lead'), deleted)).toHaveCount(0);

    await drag(page, deleted, 'Em cotação');
    await expect(page.getByRole('alert')).toContainText('não existe mais');
    await expect(card(page.locator('.kanban-board'), deleted)).toHaveCount(0);
    await page.reload();
    await expect(card(column(page, 'Novo lead'), kept)).toBeVisible();
    await expect(card(page.locator('.kanban-board'), deleted)).toHaveCount(0);
    await colleague.context().close();
  });
});

test('a manager adds a column with a WIP limit, moves it left and deletes it, its cards going to another column; a user has no such page', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const name = `Vistoria ${testInfo.project.name} ${stamp}`;
  const title = `Auto com vistoria ${stamp}`;
  await signIn(page, testInfo, { email: 'gerente@monteiro.demo', password: 'Monteiro@Gerente2026' }, '/kanban/vendas');
  await page.getByRole('link', { name: 'Colunas do quadro' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Colunas');
  await waitHydrated(page, testInfo);

  const fresh = page.getByRole('region', { name: 'Nova coluna' });
  await fresh.getByLabel('Nome da coluna').fill(name);
  await fresh.getByLabel('Limite (WIP)').fill('0');
  await fresh.getByRole('button', { name: 'Adicionar coluna' }).click();
  await expect(page.getByText('Use um número inteiro positivo (ou deixe em branco).')).toBeVisible();
  await waitHydrated(page, testInfo);
  await page.getByRole('region', { name: 'Nova coluna' }).getByLabel('Limite (WIP)').fill('1');
  await page.getByRole('region', { name: 'Nova coluna' }).getByLabel('Nome da coluna').fill(name);
  await page.getByRole('region', { name: 'Nova coluna' }).getByRole('button', { name: 'Adicionar coluna' }).click();
  const panel = page.getByRole('region', { name, exact: true });
  await expect(panel).toBeVisible();
  if (isHydrated(testInfo)) await expectAccessible(page);

  // After "Perdido" at first; one step left puts it before.
  await waitHydrated(page, testInfo);
  await panel.getByRole('button', { name: `Mover coluna para a esquerda: ${name}` }).click();
  await page.goto('/kanban/vendas');
  await waitHydrated(page, testInfo);
  const headings = page.locator('.kanban-column h2');
  const order = await headings.allTextContents();
  expect(order.indexOf(name)).toBe(order.indexOf('Perdido') - 1);

  // A card in it, then the column goes and the card lands in "Em cotação".
  await addCard(page, title);
  await card(column(page, 'Novo lead'), title).getByRole('link', { name: title }).click();
  await waitHydrated(page, testInfo);
  await page.getByLabel('Coluna', { exact: true }).selectOption({ label: name });
  await page.getByRole('button', { name: 'Mover', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Dados do cartão' })).toContainText(name);
  await page.goto('/kanban/vendas/colunas');
  await waitHydrated(page, testInfo);
  await panel.getByText('Excluir coluna…').click();
  await panel.getByLabel('Levar os cartões para').selectOption({ label: 'Em cotação' });
  await panel.getByRole('button', { name: 'Excluir a coluna' }).click();
  await expect(page.getByRole('region', { name, exact: true })).toHaveCount(0);
  await page.goto('/kanban/vendas');
  await expect(card(column(page, 'Em cotação'), title)).toBeVisible();

  const context = await browser.newContext({ locale: 'pt-BR' });
  const user = await context.newPage();
  await signIn(user, testInfo, undefined, '/kanban/vendas');
  await expect(user.getByRole('link', { name: 'Colunas do quadro' })).toHaveCount(0);
  await user.goto('/kanban/vendas/colunas');
  await expect(user.getByRole('heading', { name: 'Acesso negado' })).toBeVisible();
  await context.close();
});

test('a card is edited on its page (labels and value show on the board) and a won sales card offers to create the policy', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const title = `Seguro empresarial ${testInfo.project.name} ${Date.now()}`;
  await signIn(page, testInfo, undefined, '/clientes');
  await page.locator('table tbody tr a').first().click();
  await page.getByRole('link', { name: 'Novo cartão' }).click();
  await waitHydrated(page, testInfo);
  await addCard(page, title);
  await card(column(page, 'Novo lead'), title).getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await waitHydrated(page, testInfo);

  await page.getByText('Editar cartão').click();
  await page.getByLabel('Prêmio (R$)').fill('abc');
  await page.getByRole('button', { name: 'Salvar cartão' }).click();
  await expect(page.getByText('Corrija os campos indicados.').first()).toBeVisible();
  await waitHydrated(page, testInfo);
  if (!(await page.getByLabel('Etiquetas').isVisible())) await page.getByText('Editar cartão').click();
  await page.getByLabel('Prêmio (R$)').fill('4.100,00');
  await page.getByLabel('Etiquetas').fill('urgente, indicação');
  await page.getByLabel('Descrição').fill('Loja e depósito no mesmo endereço');
  await page.getByRole('button', { name: 'Salvar cartão' }).click();
  const details = page.getByRole('region', { name: 'Dados do cartão' });
  await expect(details).toContainText('urgente');
  await expect(details).toContainText('R$\u00a04.100,00');
  await expect(details).toContainText('Loja e depósito no mesmo endereço');
  await expect(page.getByRole('region', { name: 'Histórico' })).toContainText('Cartão alterado no Kanban');
  if (isHydrated(testInfo)) await expectAccessible(page);

  await waitHydrated(page, testInfo);
  await page.getByLabel('Coluna', { exact: true }).selectOption({ label: 'Ganho' });
  await page.getByRole('button', { name: 'Mover', exact: true }).click();
  const cardPage = page.url();
  await page.getByRole('link', { name: 'Criar a apólice' }).click();
  await expect(page).toHaveURL(/\/apolices\/nova\?cliente=\d+&cartao=\d+$/);
  await waitHydrated(page, testInfo);
  for (const [id, text] of [['policy-insurer', 'Porto Seguro'], ['policy-line', '0531']]) {
    const value = await page.locator(`#${id} option`, { hasText: text }).first().getAttribute('value');
    await page.locator(`#${id}`).selectOption(value ?? '');
  }
  await page.getByLabel('Nº da apólice').fill(`K-${testInfo.project.name}-${Date.now()}`);
  await page.getByLabel('Início da vigência').fill('2026-12-01');
  await page.getByLabel('Fim da vigência').fill('2027-12-01');
  await page.getByLabel('Prêmio líquido (R$)').fill('4.100,00');
  await page.getByLabel('Comissão (%)').fill('15');
  await page.getByRole('button', { name: 'Salvar apólice' }).click();
  await expect(page).toHaveURL(/\/apolices\/\d+$/);
  const policyPath = new URL(page.url()).pathname;
  // The card now opens its policy and no longer offers to create one.
  await page.goto(cardPage);
  await expect(page.getByRole('link', { name: 'Abrir a apólice' })).toHaveAttribute('href', policyPath);
  await expect(page.getByRole('link', { name: 'Criar a apólice' })).toHaveCount(0);

  await page.goto('/kanban/vendas');
  const won = card(column(page, 'Ganho'), title);
  await expect(won).toContainText('urgente');
  await expect(won).toContainText('indicação');
  await expect(won).toContainText('R$\u00a04.100,00');
});

test('the board narrows to a label, a responsible person or a due date, and clears again', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const [tagged, other] = [`Consórcio ${stamp}`, `Fiança ${stamp}`];
  const label = `campanha${stamp}`;
  await signIn(page, testInfo, undefined, '/kanban/vendas');
  await addCard(page, tagged);
  await addCard(page, other);
  await card(column(page, 'Novo lead'), tagged).getByRole('link', { name: tagged }).click();
  await waitHydrated(page, testInfo);
  await page.getByText('Editar cartão').click();
  await page.getByLabel('Etiquetas').fill(label);
  await page.getByLabel('Prazo').fill('2020-01-10');
  await page.getByRole('button', { name: 'Salvar cartão' }).click();
  await expect(page.getByRole('region', { name: 'Dados do cartão' })).toContainText(label);

  await page.goto('/kanban/vendas');
  await waitHydrated(page, testInfo);
  const lead = column(page, 'Novo lead');
  await page.getByLabel('Filtrar por etiqueta').selectOption({ label });
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page).toHaveURL(new RegExp(`etiqueta=${label}`));
  await expect(card(lead, tagged)).toBeVisible();
  await expect(card(lead, other)).toHaveCount(0);
  await expect(lead).toContainText(/1 de \d+ cartões/);

  await page.getByRole('link', { name: 'Limpar filtros' }).click();
  await expect(card(lead, other)).toBeVisible();
  await waitHydrated(page, testInfo);
  await page.getByLabel('Filtrar por prazo').selectOption({ label: 'Vencido' });
  await page.getByLabel('Filtrar por responsável').selectOption({ label: 'Ana Souza' });
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(card(lead, tagged)).toBeVisible();
  await expect(card(lead, other)).toHaveCount(0);
  await page.reload();
  await expect(card(lead, tagged)).toBeVisible();
  await expect(card(lead, other)).toHaveCount(0);
});

test('a card’s checklist is filled, ticked and trimmed, and a comment is posted and deleted; the board shows the progress', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const title = `Checklist ${testInfo.project.name} ${Date.now()}`;
  await signIn(page, testInfo, undefined, '/kanban/vendas');
  await waitHydrated(page, testInfo);
  await addCard(page, title);
  await card(column(page, 'Novo lead'), title).getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

  const checklist = page.getByRole('region', { name: 'Checklist' });
  for (const item of ['Pedir a CNH', 'Enviar a cotação']) {
    await waitHydrated(page, testInfo);
    await checklist.getByLabel('Novo item da checklist').fill(item);
    await checklist.getByRole('button', { name: 'Adicionar item' }).click();
    await expect(checklist.getByRole('checkbox', { name: item })).not.toBeChecked();
  }
  await waitHydrated(page, testInfo);
  await checklist.getByRole('button', { name: 'Adicionar item' }).click();
  await expect(checklist.getByText('Preencha este campo.')).toBeVisible();
  await checklist.getByRole('checkbox', { name: 'Pedir a CNH' }).click();
  await expect(checklist.getByRole('checkbox', { name: 'Pedir a CNH' })).toBeChecked();
  await expect(checklist).toContainText('1 de 2 feitos');
  await waitHydrated(page, testInfo);
  await checklist.getByRole('button', { name: 'Remover item: Enviar a cotação' }).click();
  await expect(checklist.getByRole('checkbox')).toHaveCount(1);
  await expect(checklist).toContainText('1 de 1 feitos');

  const comments = page.getByRole('region', { name: /^Comentários/ });
  await waitHydrated(page, testInfo);
  await comments.getByLabel('Novo comentário').fill('Cliente pediu retorno amanhã às 10h');
  await comments.getByRole('button', { name: 'Comentar' }).click();
  await expect(comments.getByRole('listitem').filter({ hasText: 'Cliente pediu retorno amanhã às 10h' })).toContainText('Ana Souza');
  await expect(comments.getByLabel('Novo comentário')).toHaveValue('');
  await expect(page.getByRole('region', { name: 'Histórico' })).toContainText('Item da checklist marcado como feito');
  if (isHydrated(testInfo)) await expectAccessible(page);
  await waitHydrated(page, testInfo);
  await comments.getByRole('button', { name: /^Excluir comentário/ }).click();
  await expect(comments).toContainText('Nenhum comentário ainda.');

  await page.getByRole('link', { name: 'Funil de vendas' }).click();
  await expect(card(column(page, 'Novo lead'), title)).toContainText('Checklist: 1 de 1 feitos');
  await card(column(page, 'Novo lead'), title).getByRole('link', { name: title }).click();
  await deleteOpenCard(page, testInfo);
});

test('a comment and a ticked item by one person show on a colleague’s open card page without reloading', async ({ page, browser }, testInfo) => {
  test.skip(!isHydrated(testInfo), 'live updates need the running app');
  test.setTimeout(120_000);
  const title = `Conversa ${Date.now()}`;
  await signIn(page, testInfo, DEMO_ADMIN, '/kanban/vendas');
  await addCard(page, title);
  await card(column(page, 'Novo lead'), title).getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await waitHydrated(page, testInfo);
  const colleague = await second(browser, testInfo, page.url().replace(/^https?:\/\/[^/]+/, ''));
  await expect(colleague.getByRole('heading', { level: 1 })).toHaveText(title);
  await colleague.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });

  await page.getByLabel('Novo item da checklist').fill('Vistoria agendada');
  await page.getByRole('button', { name: 'Adicionar item' }).click();
  await page.getByRole('checkbox', { name: 'Vistoria agendada' }).click();
  await page.getByLabel('Novo comentário').fill('Vistoria confirmada para sexta');
  await page.getByRole('button', { name: 'Comentar' }).click();

  await expect(colleague.getByRole('checkbox', { name: 'Vistoria agendada' })).toBeChecked();
  await expect(colleague.getByRole('region', { name: /^Comentários/ })).toContainText('Vistoria confirmada para sexta');
  await colleague.context().close();
  await deleteOpenCard(page, testInfo);
});

test('swimlanes give each responsible person a row of the columns, and a card moves by keyboard within its row', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const title = `Raia ${testInfo.project.name} ${Date.now()}`;
  await signIn(page, testInfo, DEMO_ADMIN, '/kanban/vendas');
  await addCard(page, title);
  await waitHydrated(page, testInfo);
  await page.getByLabel('Raias por responsável').check();
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page).toHaveURL(/raias=responsavel/);
  const helena = page.getByRole('region', { name: 'Raia: Helena Monteiro' });
  const ana = page.getByRole('region', { name: 'Raia: Ana Souza' });
  await expect(card(column(helena, 'Novo lead'), title)).toBeVisible();
  await expect(ana.getByRole('listitem').first()).toBeVisible();
  await expect(ana.getByText(title)).toHaveCount(0);
  await expect(column(helena, 'Novo lead')).toContainText(/\d+ de \d+ cartões/);
  if (!isHydrated(testInfo)) {
    await card(column(helena, 'Novo lead'), title).getByRole('link', { name: title }).click();
    await deleteOpenCard(page, testInfo);
    return;
  }

  await page.getByRole('button', { name: `Mover cartão: ${title}` }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('status')).toContainText('Primeiro contato');
  await page.keyboard.press('Space');
  await expect(card(column(helena, 'Primeiro contato'), title)).toBeVisible();
  await page.reload();
  await expect(card(column(helena, 'Primeiro contato'), title)).toBeVisible();
  await expectAccessible(page);
  await card(column(helena, 'Primeiro contato'), title).getByRole('link', { name: title }).click();
  await deleteOpenCard(page, testInfo);
});
