//! What the LGPD actions on a client (`clients::lgpd`) do with their WhatsApp: the data-subject
//! export lists the client's WhatsApp contacts, every message of their conversations and the
//! staff's notes in them;
//! anonymising or deleting the client erases them — the contacts (with their conversations and
//! messages, by cascade) and the raw webhook deliveries that carried the person's number.

use serde_json::json;

use crate::{
    clients::lgpd::export::{unix_instant, Fields},
    db::Tx,
    on_tx,
};

const CONTACTS: &str = "SELECT identity, wa_id, profile_name, created_at FROM wa_contacts \
    WHERE client_id = $1 ORDER BY id";
const MESSAGES: &str = "SELECT c.identity, m.direction, m.kind, m.body, m.media_filename, \
    m.status, m.error_details, u.name, m.sent_on FROM wa_messages m \
    JOIN wa_conversations v ON v.id = m.conversation_id JOIN wa_contacts c ON c.id = v.contact_id \
    LEFT JOIN users u ON u.id = m.author_id WHERE c.client_id = $1 ORDER BY m.sent_on, m.id";

const NOTES: &str = "SELECT c.identity, u.name, n.body, n.created_at FROM wa_notes n \
    JOIN wa_conversations v ON v.id = n.conversation_id JOIN wa_contacts c ON c.id = v.contact_id \
    LEFT JOIN users u ON u.id = n.author_id WHERE c.client_id = $1 ORDER BY n.created_at, n.id";

type Contact = (String, String, Option<String>, i64);
type Note = (String, Option<String>, String, i64);
type Message = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    i64,
);

/// The export's WhatsApp sections of client `id`: (JSON key, CSV label, records).
pub async fn export(
    tx: &mut Tx,
    id: i64,
) -> Result<Vec<(&'static str, &'static str, Vec<Fields>)>, sqlx::Error> {
    let contacts: Vec<Contact> =
        on_tx!(tx, conn => sqlx::query_as(CONTACTS).bind(id).fetch_all(conn).await)?;
    let messages: Vec<Message> =
        on_tx!(tx, conn => sqlx::query_as(MESSAGES).bind(id).fetch_all(conn).await)?;
    let notes: Vec<Note> =
        on_tx!(tx, conn => sqlx::query_as(NOTES).bind(id).fetch_all(conn).await)?;
    let notes = notes
        .into_iter()
        .map(|(number, author, body, at)| {
            vec![
                ("number", json!(number)),
                ("author", json!(author)),
                ("body", json!(body)),
                ("created_at", unix_instant(at)),
            ]
        })
        .collect();
    let contacts = contacts
        .into_iter()
        .map(|(identity, wa_id, profile_name, at)| {
            vec![
                ("number", json!(identity)),
                ("wa_id", json!(wa_id)),
                ("profile_name", json!(profile_name)),
                ("created_at", unix_instant(at)),
            ]
        })
        .collect();
    let messages = messages
        .into_iter()
        .map(
            |(number, direction, kind, body, file, status, error, author, at)| {
                vec![
                    ("number", json!(number)),
                    ("direction", json!(direction)),
                    ("kind", json!(kind)),
                    ("body", json!(body)),
                    ("file_name", json!(file)),
                    ("status", json!(status)),
                    ("error", json!(error)),
                    ("author", json!(author)),
                    ("sent_at", unix_instant(at)),
                ]
            },
        )
        .collect();
    Ok(vec![
        ("whatsapp_contacts", "contato WhatsApp", contacts),
        ("whatsapp_messages", "mensagem WhatsApp", messages),
        ("whatsapp_notes", "nota da conversa WhatsApp", notes),
    ])
}

/// What erasing a client's WhatsApp removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Erased {
    pub contacts: u64,
    pub messages: u64,
    pub webhook_events: u64,
}

/// The ways a contact's number is written in Meta's payloads (`"5531988887777"`, with the
/// quotes, so a number inside a longer one or inside a wamid does not match).
fn needles(wa_id: &str) -> Vec<Vec<u8>> {
    let (_, variants) = super::ingest::identity(wa_id);
    let mut numbers: Vec<String> = variants
        .iter()
        .map(|v| v.trim_start_matches('+').to_owned())
        .collect();
    numbers.push(wa_id.to_owned());
    numbers.sort();
    numbers.dedup();
    numbers
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(|n| format!("\"{n}\"").into_bytes())
        .collect()
}

/// Erases client `id`'s WhatsApp: their contacts with every conversation and message, and the
/// processed webhook deliveries that carried one of their numbers (a delivery not processed yet
/// is left to the ingest job, which will file it under a new lead).
pub async fn erase_client(tx: &mut Tx, id: i64) -> Result<Erased, sqlx::Error> {
    const CONTACTS: &str = "SELECT id, wa_id FROM wa_contacts WHERE client_id = $1";
    const COUNT: &str = "SELECT COUNT(*) FROM wa_messages m JOIN wa_conversations v \
        ON v.id = m.conversation_id JOIN wa_contacts c ON c.id = v.contact_id \
        WHERE c.client_id = $1";
    const DELETE: &str = "DELETE FROM wa_contacts WHERE client_id = $1";
    const SQLITE_EVENTS: &str = "DELETE FROM wa_webhook_events \
        WHERE processed_at IS NOT NULL AND instr(body, $1) > 0";
    const POSTGRES_EVENTS: &str = "DELETE FROM wa_webhook_events \
        WHERE processed_at IS NOT NULL AND position($1 IN body) > 0";
    let contacts: Vec<(i64, String)> =
        on_tx!(tx, conn => sqlx::query_as(CONTACTS).bind(id).fetch_all(conn).await)?;
    if contacts.is_empty() {
        return Ok(Erased::default());
    }
    let messages: i64 =
        on_tx!(tx, conn => sqlx::query_scalar(COUNT).bind(id).fetch_one(conn).await)?;
    let mut webhook_events = 0;
    for (_, wa_id) in &contacts {
        for needle in needles(wa_id) {
            webhook_events += match tx {
                Tx::Sqlite(tx) => sqlx::query(SQLITE_EVENTS)
                    .bind(needle)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected(),
                Tx::Postgres(tx) => sqlx::query(POSTGRES_EVENTS)
                    .bind(needle)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected(),
            };
        }
    }
    let contacts = on_tx!(tx, conn => sqlx::query(DELETE).bind(id).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(Erased {
        contacts,
        messages: messages.try_into().unwrap_or(0),
        webhook_events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brazilian_number_is_looked_for_with_and_without_the_nono_digito_and_quoted() {
        let found: Vec<String> = needles("553188887777")
            .into_iter()
            .map(|n| String::from_utf8(n).unwrap())
            .collect();
        assert!(found.contains(&"\"5531988887777\"".to_owned()), "{found:?}");
        assert!(found.contains(&"\"553188887777\"".to_owned()), "{found:?}");
        assert!(found.iter().all(|n| n.starts_with('"') && n.ends_with('"')));
    }

    #[test]
    fn a_foreign_number_is_looked_for_as_given() {
        let found = needles("14155550123");
        assert_eq!(found, vec![b"\"14155550123\"".to_vec()]);
    }
}
