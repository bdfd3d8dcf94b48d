//! The SQL of merging two clients, written once for both engines. Everything that changes data
//! takes the caller's transaction.

use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
};

/// How many notes and calls, consent rows and import lines hang on client `id`.
pub async fn references(db: &Db, id: i64) -> Result<(i64, i64, i64), sqlx::Error> {
    const NOTES: &str = "SELECT COUNT(*) FROM client_notes WHERE client_id = $1";
    const CONSENTS: &str = "SELECT COUNT(*) FROM client_consents WHERE client_id = $1";
    const IMPORTS: &str = "SELECT COUNT(*) FROM client_import_rows WHERE client_id = $1";
    let mut counts = [0_i64; 3];
    for (n, sql) in counts.iter_mut().zip([NOTES, CONSENTS, IMPORTS]) {
        *n = on_pool!(db, pool => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await)?;
    }
    Ok((counts[0], counts[1], counts[2]))
}

/// Empties client `id`'s CPF/CNPJ, so the client kept may take it (the column is unique).
pub async fn clear_tax_id(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE clients SET tax_id = NULL WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).execute(conn).await.map(|_| ()))
}

/// Gives client `into` the owner and team of client `from`.
pub async fn take_holder(tx: &mut Tx, into: i64, from: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE clients SET \
        owner_id = (SELECT f.owner_id FROM clients f WHERE f.id = $1), \
        team_id = (SELECT f.team_id FROM clients f WHERE f.id = $1) WHERE id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(from).bind(into).execute(conn).await.map(|_| ()))
}

/// Gives client `into` the time client `from` gave marketing consent (the consent moves).
pub async fn take_consent_time(tx: &mut Tx, into: i64, from: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE clients SET \
        consent_at = (SELECT f.consent_at FROM clients f WHERE f.id = $1) WHERE id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(from).bind(into).execute(conn).await.map(|_| ()))
}

/// Moves everything that hangs on client `from` to client `into`: its notes and logged calls,
/// its consent history, the spreadsheet import lines that point at it and its policies.
///
/// This is the one place a merge moves references. **Every feature that adds a table pointing
/// at a client must extend it**: issue 7 (Kanban cards) and issue 8 (WhatsApp conversations) —
/// otherwise a merge would delete those rows with the other client, or fail on their foreign
/// key.
pub async fn move_references(tx: &mut Tx, from: i64, into: i64) -> Result<(), sqlx::Error> {
    const MOVES: [&str; 4] = [
        "UPDATE client_notes SET client_id = $1 WHERE client_id = $2",
        "UPDATE policies SET client_id = $1 WHERE client_id = $2",
        "UPDATE client_consents SET client_id = $1 WHERE client_id = $2",
        "UPDATE client_import_rows SET client_id = $1 WHERE client_id = $2",
    ];
    for sql in MOVES {
        on_tx!(tx, conn => sqlx::query(sql).bind(into).bind(from).execute(conn).await
            .map(|_| ()))?;
    }
    Ok(())
}
