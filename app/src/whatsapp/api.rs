//! The inbox's server functions: thin — who may see what is decided in `live::visible` (and its
//! SQL twin in `repo`), sending in `outbox::queue`, handling a conversation in `desk`.

use leptos::prelude::*;

use super::{Chat, Inbox};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{clients::scope::caller, error::respond};

/// How many conversations the inbox lists, and how many messages a chat shows.
#[cfg(feature = "ssr")]
const LIST_LIMIT: i64 = 200;
#[cfg(feature = "ssr")]
const CHAT_LIMIT: i64 = 300;

/// The inbox's filters as the address writes them (`?filtro=`), and what each keeps.
#[cfg(feature = "ssr")]
fn filter_of(name: Option<&str>) -> (&'static str, super::repo::Filter) {
    use super::repo::Filter;
    match name {
        Some("minhas") => ("minhas", Filter::Mine),
        Some("sem-responsavel") => ("sem-responsavel", Filter::Unassigned),
        Some("encerradas") => ("encerradas", Filter::Closed),
        _ => ("abertas", Filter::Open),
    }
}

/// The conversations the caller may see that `filter` keeps, newest first.
#[server(prefix = "/api", endpoint = "whatsapp_inbox")]
pub async fn whatsapp_inbox(filter: Option<String>) -> Result<Inbox, AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            // Taken before reading: the page's stream replays anything published meanwhile.
            let live = state.bus.last_id();
            let (name, filter) = filter_of(filter.as_deref());
            let conversations =
                super::repo::conversations(&state.db, &scope, user.id, filter, LIST_LIMIT).await?;
            Ok(Inbox {
                conversations,
                filter: name.to_owned(),
                live,
            })
        }
        .await,
    )
}

/// How many clients a search for whom to link a conversation to shows.
#[cfg(feature = "ssr")]
const CANDIDATES: usize = 8;

/// Conversation `id` with its last messages (404 when the caller may not see it); with `search`,
/// the clients it finds (within the caller's scope) to link the conversation to.
#[server(prefix = "/api", endpoint = "whatsapp_chat")]
pub async fn whatsapp_chat(id: i64, search: Option<String>) -> Result<Chat, AppError> {
    respond(
        async {
            let (_, scope, state) = caller().await?;
            let search = search
                .map(|s| s.trim().chars().take(100).collect::<String>())
                .filter(|s| !s.is_empty());
            let candidates = match &search {
                Some(query) => {
                    let filter = crate::clients::ClientFilter {
                        query: Some(query.clone()),
                        page: 1,
                        ..Default::default()
                    };
                    let (mut rows, _) =
                        crate::clients::repo::list(&state.db, &scope, &filter).await?;
                    rows.truncate(CANDIDATES);
                    rows
                }
                None => vec![],
            };
            let conversation = super::desk::visible(&state.db, &scope, id).await?;
            let mut bubbles = super::repo::bubbles(&state.db, id, CHAT_LIMIT).await?;
            // Notes among the messages, in time order (a note after a message of its second).
            bubbles.extend(super::repo::notes(&state.db, id, CHAT_LIMIT).await?);
            bubbles.sort_by_key(|b| (b.at, b.kind == "note"));
            let now = state.clock.now().unix_timestamp();
            let window_open = if conversation.channel == "whatsapp" {
                super::outbox::window_open(conversation.last_inbound_at, now)
            } else {
                crate::social::outbox::window_open(
                    conversation.last_inbound_at,
                    now,
                    state.social.human_agent,
                )
            };
            // Templates are WhatsApp's; Messenger and Instagram have none.
            let templates = if window_open || conversation.channel != "whatsapp" {
                vec![]
            } else {
                super::repo::approved_templates(&state.db)
                    .await?
                    .iter()
                    .map(super::templates::Definition::choice)
                    .collect()
            };
            Ok(Chat {
                window_open,
                conversation,
                bubbles,
                templates,
                assignable: crate::clients::repo::owners(&state.db, &scope).await?,
                candidates,
                search,
            })
        }
        .await,
    )
}

/// Runs `change` for the caller on conversation `id`; when it changed something, the inbox is
/// told (and the job worker woken, for a message to send). A form posted without scripts comes
/// back to the chat.
#[cfg(feature = "ssr")]
async fn on_conversation<F, Fut>(id: i64, change: F) -> Result<(), AppError>
where
    F: FnOnce(
        crate::users::repo::UserRow,
        crate::clients::scope::Scope,
        crate::state::AppState,
    ) -> Fut,
    Fut: std::future::Future<Output = Result<bool, AppError>>,
{
    respond(
        async {
            let (me, scope, state) = caller().await?;
            if change(me, scope, state.clone()).await? {
                state.jobs_wake.notify_one();
                super::live::announce(&state.db, &state.bus, id).await?;
            }
            Ok(())
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/whatsapp/{id}"));
    Ok(())
}

/// Sends text `body` in conversation `id` (through the outbox); a form posted without scripts
/// comes back to the chat.
#[server(prefix = "/api", endpoint = "send_whatsapp")]
pub async fn send_whatsapp(id: i64, body: String) -> Result<(), AppError> {
    on_conversation(id, |me, scope, state| async move {
        super::desk::visible(&state.db, &scope, id).await?;
        let draft = super::outbox::Draft::Text {
            body,
            context: None,
        };
        super::outbox::queue(
            &state.db,
            id,
            me.id,
            &draft,
            state.clock.now(),
            state.social.human_agent,
        )
        .await?;
        Ok(true)
    })
    .await
}

/// Sends approved template `template` in conversation `id` with `params` (by form field), at any
/// time: outside the 24-hour window it is the only message WhatsApp takes. Built from the synced
/// definition; a missing or malformed parameter is refused before anything is queued.
#[server(prefix = "/api", endpoint = "send_whatsapp_template")]
pub async fn send_whatsapp_template(
    id: i64,
    template: i64,
    params: Option<std::collections::HashMap<String, String>>,
) -> Result<(), AppError> {
    on_conversation(id, |me, scope, state| async move {
        super::desk::visible(&state.db, &scope, id).await?;
        let definition = super::repo::template(&state.db, template)
            .await?
            .ok_or_else(|| AppError::invalid("template", "wa_template_unavailable"))?;
        let (components, preview) = definition.fill(&params.unwrap_or_default())?;
        let draft = super::outbox::Draft::Template {
            name: definition.name,
            language: definition.language,
            components,
            preview,
        };
        super::outbox::queue(
            &state.db,
            id,
            me.id,
            &draft,
            state.clock.now(),
            state.social.human_agent,
        )
        .await?;
        Ok(true)
    })
    .await
}

/// Reads the message templates from Meta again (after one was approved in the WhatsApp Manager,
/// say), then comes back to conversation `id`.
#[server(prefix = "/api", endpoint = "sync_whatsapp_templates")]
pub async fn sync_whatsapp_templates(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let (user, _, state) = caller().await?;
            let graph = state
                .whatsapp
                .graph
                .as_ref()
                .ok_or_else(|| AppError::invalid("templates", "wa_templates_unavailable"))?;
            let now = state.clock.now();
            let stored = super::templates::sync(&state.db, graph, now.unix_timestamp())
                .await
                .map_err(|err| match err {
                    super::templates::SyncError::Database(err) => AppError::from(err),
                    super::templates::SyncError::Graph(err) => {
                        tracing::warn!(error = %err, "the message templates could not be read");
                        AppError::invalid("templates", "wa_templates_unavailable")
                    }
                })?;
            let mut tx = state.db.begin().await?;
            let entry = crate::audit::AuditEntry {
                actor_id: Some(user.id),
                action: "whatsapp.templates_sync",
                entity_type: None,
                entity_id: None,
                changes: Some(serde_json::json!({ "templates": stored })),
                meta: crate::audit::RequestMeta::current(),
            };
            crate::audit::record(&mut tx, &entry).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/whatsapp/{id}"));
    Ok(())
}

/// The caller has read conversation `id`: nothing unread any more, and the customer's messages
/// are marked read at WhatsApp (through a job).
#[server(prefix = "/api", endpoint = "read_whatsapp")]
pub async fn read_whatsapp(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let (user, scope, state) = caller().await?;
            super::desk::visible(&state.db, &scope, id).await?;
            let now = state.clock.now().unix_timestamp();
            if super::repo::mark_read(&state.db, id, now).await? {
                super::outbox::queue_read(&state.db, id, user.id, now).await?;
                state.jobs_wake.notify_one();
                super::live::announce(&state.db, &state.bus, id).await?;
            }
            Ok(())
        }
        .await,
    )
}

/// The id a form's select or button posted (empty: none); anything else is field error
/// `(field, key)`.
#[cfg(feature = "ssr")]
fn chosen(raw: Option<&str>, (field, key): (&str, &str)) -> Result<Option<i64>, AppError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => r
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::invalid(field, key)),
    }
}

/// Hands conversation `id` to staff member `user` (empty: to nobody), then back to the chat.
#[server(prefix = "/api", endpoint = "assign_whatsapp")]
pub async fn assign_whatsapp(id: i64, user: Option<String>) -> Result<(), AppError> {
    on_conversation(id, |me, scope, state| async move {
        let to = chosen(user.as_deref(), ("user", "owner_invalid"))?;
        let now = state.clock.now().unix_timestamp();
        super::desk::assign(&state.db, &me, &scope, id, to, now).await
    })
    .await
}

/// Closes conversation `id` (`closed`), or reopens it, then back to the chat.
#[server(prefix = "/api", endpoint = "close_whatsapp")]
pub async fn close_whatsapp(id: i64, closed: bool) -> Result<(), AppError> {
    on_conversation(id, |me, scope, state| async move {
        let now = state.clock.now().unix_timestamp();
        super::desk::close(&state.db, &me, &scope, id, closed, now).await
    })
    .await
}

/// Adds internal note `note` to conversation `id` (never sent to the customer).
#[server(prefix = "/api", endpoint = "note_whatsapp")]
pub async fn note_whatsapp(id: i64, note: String) -> Result<(), AppError> {
    on_conversation(id, |me, scope, state| async move {
        let now = state.clock.now().unix_timestamp();
        super::desk::note(&state.db, &me, &scope, id, &note, now).await?;
        Ok(true)
    })
    .await
}

/// Ties conversation `id` to client `client` (empty: unties it, a lead again), then back to the
/// chat.
#[server(prefix = "/api", endpoint = "link_whatsapp")]
pub async fn link_whatsapp(id: i64, client: Option<String>) -> Result<(), AppError> {
    on_conversation(id, |me, scope, state| async move {
        let client = chosen(client.as_deref(), ("client", "client_invalid"))?;
        let now = state.clock.now().unix_timestamp();
        super::desk::link(&state.db, &me, &scope, id, client, now).await
    })
    .await
}

/// Opens the Kanban card of conversation `id`, creating it on the sales board when it has none.
#[server(prefix = "/api", endpoint = "card_whatsapp")]
pub async fn card_whatsapp(id: i64) -> Result<(), AppError> {
    let card = respond(
        async {
            let (me, scope, state) = caller().await?;
            let now = state.clock.now();
            let (card, created) = super::desk::card(&state.db, &me, &scope, id, now).await?;
            if created {
                crate::kanban::live::published(&state.db, &state.bus, card, now).await?;
                super::live::announce(&state.db, &state.bus, id).await?;
            }
            Ok(card)
        }
        .await,
    )?;
    leptos_axum::redirect(&format!("/kanban/cartoes/{card}"));
    Ok(())
}
