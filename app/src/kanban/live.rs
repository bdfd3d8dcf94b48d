//! The board's live changes: after a card is added, moved, edited or deleted, its new state is
//! published on the event bus ([`crate::live`]) for the board's open streams, with the card's
//! audience (the record scope's rule), so each viewer only receives cards they may see.

use time::OffsetDateTime;

use super::{repo, Card, Removed};
use crate::{
    db::Db,
    error::AppError,
    live::{Audience, Bus, Topic},
};

/// Publishes card `id` as it is now (nothing when it no longer exists).
pub async fn announce(db: &Db, bus: &Bus, id: i64, now: OffsetDateTime) -> Result<(), AppError> {
    published(db, bus, id, now).await.map(drop)
}

/// Publishes card `id` as it is now and answers it (`None` when it no longer exists).
pub async fn published(
    db: &Db,
    bus: &Bus,
    id: i64,
    now: OffsetDateTime,
) -> Result<Option<Card>, AppError> {
    let Some((board, audience, mut card)) = repo::card_for_all(db, id).await? else {
        return Ok(None);
    };
    card.days = super::days_in_column(card.entered_column_at, crate::format::today_sao_paulo(now));
    publish_card(bus, board, audience, &card);
    Ok(Some(card))
}

fn publish_card(bus: &Bus, board: i64, audience: Audience, card: &Card) {
    match serde_json::to_string(card) {
        Ok(data) => bus.publish(Topic::Board(board), audience, "card", data),
        Err(err) => tracing::error!(error = %err, "could not encode a card event"),
    }
}

/// Publishes that card `id` of `board`, seen by `audience`, is gone.
pub fn announce_removed(bus: &Bus, board: i64, audience: Audience, id: i64) {
    if let Ok(data) = serde_json::to_string(&Removed { id }) {
        bus.publish(Topic::Board(board), audience, "removed", data);
    }
}

/// Tells every viewer of board `board` to read it again (its columns changed).
pub fn announce_reload(bus: &Bus, board: i64) {
    bus.publish(
        Topic::Board(board),
        Audience::Everyone,
        "reload",
        "{}".to_owned(),
    );
}

/// Publishes the cards of policy `policy` (its renewal card, moved when the renewal settled).
pub async fn announce_policy(
    db: &Db,
    bus: &Bus,
    policy: i64,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    for id in repo::cards_of_policy(db, policy).await? {
        announce(db, bus, id, now).await?;
    }
    Ok(())
}

/// Tells the viewers of the renewals board to read it again (the daily scan added cards).
pub async fn announce_renewals_board(db: &Db, bus: &Bus) -> Result<(), AppError> {
    if let Some(board) = repo::board_of_kind(db, "renewals").await? {
        announce_reload(bus, board);
    }
    Ok(())
}
