//! Demo cards (`make run`): the sales funnel holds leads of the demo clients spread over its
//! columns (some won, some lost with a reason), each owned by its client's owner, and the
//! renewals board a card for each of the first 20 policies in force ending within 90 days. Written once, on
//! an installation without cards, through the same SQL as the app (no audit rows: nobody moved
//! them).

use time::OffsetDateTime;

use super::{rank, repo};
use crate::{db::Db, error::AppError, on_pool};

const LEADS: [&str; 8] = [
    "Cotação de seguro auto",
    "Seguro residencial",
    "Vida em grupo para a empresa",
    "Seguro empresarial",
    "Troca de seguradora do auto",
    "Seguro viagem",
    "Responsabilidade civil profissional",
    "Seguro de vida individual",
];

/// Seeds the demo cards when there are none.
pub async fn seed(db: &Db, now: OffsetDateTime) -> Result<(), AppError> {
    let existing: i64 = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM kanban_cards").fetch_one(pool).await)?;
    if existing > 0 {
        return Ok(());
    }
    let clients: Vec<(i64, Option<i64>)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, owner_id FROM clients WHERE archived_at IS NULL ORDER BY id DESC LIMIT 40")
        .fetch_all(pool).await)?;
    let Some(sales) = repo::board(db, "vendas").await? else {
        return Ok(());
    };
    let columns = repo::columns(db, sales.id).await?;
    let mut tx = db.begin().await?;
    let mut last: Vec<Option<String>> = vec![None; columns.len()];
    for (i, (client, owner)) in clients.iter().enumerate() {
        let Some(owner) = owner else { continue };
        let at = i % columns.len();
        let rank = rank::between(last[at].as_deref(), None);
        let card = repo::NewCard {
            board: sales.id,
            column: columns[at].id,
            rank: &rank,
            title: LEADS[i % LEADS.len()],
            client_id: Some(*client),
            policy_id: None,
            owner_id: *owner,
            value: Some(80_000 + (i as i64 % 9) * 45_000),
            due_on: None,
            description: None,
        };
        let id = repo::insert(&mut tx, &card, now - time::Duration::days(i as i64 % 17)).await?;
        if columns[at].outcome == super::Outcome::Lost {
            repo::place(
                &mut tx,
                id,
                columns[at].id,
                &rank,
                None,
                Some(("Preço", None)),
                now,
            )
            .await?;
        }
        last[at] = Some(rank);
    }
    if let Some(renewals) = repo::board(db, "renovacoes").await? {
        if let Some(first) = repo::first_column(db, renewals.id).await? {
            let today = crate::format::today_sao_paulo(now);
            let until = today + time::Duration::days(90);
            let due: Vec<(i64, i64, Option<i64>, String, i64)> = on_pool!(db, pool => sqlx::query_as(
                "SELECT p.id, p.client_id, p.owner_id, c.name, p.total_premium FROM policies p \
                 JOIN clients c ON c.id = p.client_id WHERE p.status = 'active' \
                 AND p.ends_on >= $1 AND p.ends_on <= $2 ORDER BY p.ends_on LIMIT 20")
                .bind(today).bind(until).fetch_all(pool).await)?;
            let mut last: Option<String> = None;
            for (policy, client, owner, name, premium) in due {
                let Some(owner) = owner else { continue };
                let rank = rank::between(last.as_deref(), None);
                let title = format!("Renovação — {name}");
                let card = repo::NewCard {
                    board: renewals.id,
                    column: first,
                    rank: &rank,
                    title: &title,
                    client_id: Some(client),
                    policy_id: Some(policy),
                    owner_id: owner,
                    value: Some(premium),
                    due_on: None,
                    description: None,
                };
                repo::insert(&mut tx, &card, now).await?;
                last = Some(rank);
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
