//! `/whatsapp` and `/whatsapp/{id}`: the inbox — conversations on the left, the open chat on the
//! right with its bubbles, delivery ticks and the composer (free text inside the 24-hour window;
//! outside it the approved templates, each with a field per parameter). Everything works before
//! scripts run; with them the page follows the live stream and marks the open chat read.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    api::{
        read_whatsapp, whatsapp_chat, whatsapp_inbox, AssignWhatsapp, CardWhatsapp, CloseWhatsapp,
        LinkWhatsapp, NoteWhatsapp, SendWhatsapp, SendWhatsappTemplate, SyncWhatsappTemplates,
    },
    Bubble, Chat, ConversationRow, TemplateChoice,
};
use crate::{
    i18n::{t, t_string, use_i18n, Locale},
    pages::ErrorPage,
    ui::{action_error, message, FormAlert, PageTitle},
};

/// An instant (Unix seconds) as São Paulo people read it.
fn when(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .map(crate::format::datetime_br)
        .unwrap_or_default()
}

/// What a message without text is shown as.
fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: &str) -> String {
    match kind {
        "image" => t_string!(i18n, wa.kind_image),
        "audio" => t_string!(i18n, wa.kind_audio),
        "video" => t_string!(i18n, wa.kind_video),
        "document" => t_string!(i18n, wa.kind_document),
        "sticker" => t_string!(i18n, wa.kind_sticker),
        "location" => t_string!(i18n, wa.kind_location),
        "contacts" => t_string!(i18n, wa.kind_contacts),
        "template" => t_string!(i18n, wa.kind_template),
        _ => t_string!(i18n, wa.kind_unsupported),
    }
    .to_string()
}

/// A sent message's tick: (symbol, what it means, CSS class).
fn tick(
    i18n: leptos_i18n::I18nContext<Locale>,
    status: &str,
) -> (&'static str, String, &'static str) {
    let (symbol, class) = match status {
        "pending" => ("🕓", "wa-tick"),
        "unknown" => ("?", "wa-tick"),
        "accepted" | "sent" => ("✓", "wa-tick"),
        "delivered" => ("✓✓", "wa-tick"),
        "read" | "played" => ("✓✓", "wa-tick wa-tick-read"),
        _ => ("⚠", "wa-tick wa-tick-failed"),
    };
    let label = match status {
        "pending" => t_string!(i18n, wa.status_pending),
        "unknown" => t_string!(i18n, wa.status_unknown),
        "accepted" => t_string!(i18n, wa.status_accepted),
        "sent" => t_string!(i18n, wa.status_sent),
        "delivered" => t_string!(i18n, wa.status_delivered),
        "read" | "played" => t_string!(i18n, wa.status_read),
        _ => t_string!(i18n, wa.status_failed),
    };
    (symbol, label.to_string(), class)
}

/// The inbox page (with a conversation open when the address names one).
#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let open = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let query = use_query_map();
    let filter = move || query.read().get("filtro");
    let search = move || query.read().get("cliente");
    let send = ServerAction::<SendWhatsapp>::new();
    // Bumped by the live stream: read the inbox and the open chat again.
    let reads = RwSignal::new(0_u32);
    let inbox = Resource::new(move || (reads.get(), filter()), |(_, f)| whatsapp_inbox(f));
    let chat = Resource::new(
        move || (open(), reads.get(), send.version().get(), search()),
        |(id, _, _, search)| async move {
            match id {
                Some(id) => whatsapp_chat(id, search).await.map(Some),
                None => Ok(None),
            }
        },
    );
    super::stream::follow(move || reads.update(|n| *n += 1));
    provide_context(Panels {
        link: RwSignal::new(false),
        file: RwSignal::new(query.read_untracked().get("arquivo").is_some()),
        note: RwSignal::new(false),
    });
    view! {
        <PageTitle text=move || t_string!(i18n, wa.title) />
        <h1 class="h3 mb-3">{t!(i18n, wa.title)}</h1>
        <div class="row g-3">
            <div class="col-md-4">
                <nav aria-label=move || t_string!(i18n, wa.conversations)>
                    <Transition>
                        {move || Suspend::new(async move {
                            match inbox.await {
                                Ok(inbox) => view! {
                                    <Filters current=inbox.filter.clone() open=open() />
                                    <Conversations rows=inbox.conversations open=open() filter=inbox.filter />
                                }.into_any(),
                                Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                            }
                        })}
                    </Transition>
                </nav>
            </div>
            <section class="col-md-8" aria-label=move || t_string!(i18n, wa.chat)>
                <Transition>
                    {move || Suspend::new(async move {
                        match chat.await {
                            Ok(Some(chat)) => view! { <ChatPane chat send reads /> }.into_any(),
                            Ok(None) => view! { <p class="text-body-secondary">{t!(i18n, wa.pick)}</p> }.into_any(),
                            Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

/// The address of the inbox with `filter`, and conversation `open` open.
fn inbox_href(filter: &str, open: Option<i64>) -> String {
    let path = open.map_or("/whatsapp".to_owned(), |id| format!("/whatsapp/{id}"));
    if filter == "abertas" {
        path
    } else {
        format!("{path}?filtro={filter}")
    }
}

/// Which conversations the list shows: open ones, mine, nobody's, closed ones.
#[component]
fn Filters(current: String, open: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let links = [
        ("abertas", t_string!(i18n, wa.filter_open)),
        ("minhas", t_string!(i18n, wa.filter_mine)),
        ("sem-responsavel", t_string!(i18n, wa.filter_unassigned)),
        ("encerradas", t_string!(i18n, wa.filter_closed)),
    ]
    .into_iter()
    .map(|(name, label)| {
        let here = current == name;
        view! {
            <li class="nav-item">
                <a class="nav-link py-1 px-2" class:active=here aria-current=here.then_some("page")
                    href=inbox_href(name, open)>{label.to_string()}</a>
            </li>
        }
    })
    .collect_view();
    view! {
        <ul class="nav nav-pills small mb-2" aria-label=move || t_string!(i18n, wa.filters)>{links}</ul>
    }
}

#[component]
fn Conversations(rows: Vec<ConversationRow>, open: Option<i64>, filter: String) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="text-body-secondary">{t!(i18n, wa.empty)}</p> }.into_any();
    }
    let items = rows
        .into_iter()
        .map(|row| {
            let current = (open == Some(row.id)).then_some("page");
            let preview = row
                .preview
                .clone()
                .or_else(|| row.kind.as_deref().map(|k| kind_label(i18n, k)))
                .unwrap_or_default();
            let unread = (row.unread > 0).then(|| {
                let n = row.unread;
                view! {
                    <span class="badge rounded-pill text-bg-success">
                        {n}<span class="visually-hidden">" " {t!(i18n, wa.unread)}</span>
                    </span>
                }
            });
            let assigned = row.assigned.clone().map(|name| {
                view! { <div class="small wa-meta">{t!(i18n, wa.assigned_to)} ": " {name}</div> }
            });
            view! {
                <a href=inbox_href(&filter, Some(row.id)) aria-current=current
                    class="list-group-item list-group-item-action" class:active=current.is_some()>
                    <div class="d-flex justify-content-between gap-2">
                        <span class="fw-semibold text-truncate">
                            <i class=format!("bi {} me-1", channel_icon(&row.channel)) aria-hidden="true"></i>
                            {row.name.clone()}
                        </span>
                        {unread}
                    </div>
                    <div class="small text-truncate">{preview}</div>
                    <div class="small wa-meta">{contact_line(&row)} " · " {row.last_at.map(when).unwrap_or_default()}</div>
                    {assigned}
                </a>
            }
        })
        .collect_view();
    view! { <div class="list-group">{items}</div> }.into_any()
}

/// The Bootstrap icon of a channel.
fn channel_icon(channel: &str) -> &'static str {
    match channel {
        "instagram" => "bi-instagram",
        "messenger" => "bi-messenger",
        _ => "bi-whatsapp",
    }
}

/// Under a conversation's name: the number on WhatsApp, the network elsewhere (a Messenger or
/// Instagram person has no number).
fn contact_line(row: &ConversationRow) -> String {
    match row.channel.as_str() {
        "instagram" => "Instagram Direct".to_owned(),
        "messenger" => "Messenger".to_owned(),
        _ => format!("WhatsApp {}", row.phone),
    }
}

#[component]
fn ChatPane(chat: Chat, send: ServerAction<SendWhatsapp>, reads: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let conversation = chat.conversation.clone();
    let id = conversation.id;
    // Opening a chat with unread messages marks it read (once the page runs its scripts).
    if conversation.unread > 0 {
        Effect::new(move |_| {
            leptos::task::spawn_local(async move {
                let _ = read_whatsapp(id).await;
            });
        });
    }
    let client = conversation.client_id.map(|c| {
        view! { <a class="btn btn-sm btn-outline-secondary" href=format!("/clientes/{c}")>{t!(i18n, wa.open_client)}</a> }
    });
    let window = if chat.window_open {
        view! { <span class="badge text-bg-success">{t!(i18n, wa.window_open)}</span> }.into_any()
    } else {
        view! { <span class="badge text-bg-secondary">{t!(i18n, wa.window_closed_badge)}</span> }
            .into_any()
    };
    let bubbles = chat
        .bubbles
        .into_iter()
        .map(|b| view! { <BubbleView b /> })
        .collect_view();
    let closed = conversation.closed.then(|| {
        view! { <span class="badge text-bg-dark">{t!(i18n, wa.closed_badge)}</span> }
    });
    let lead = conversation.client_id.is_none().then(|| {
        view! { <span class="badge text-bg-warning">{t!(i18n, wa.lead_badge)}</span> }
    });
    view! {
        <div class="d-flex justify-content-between align-items-start flex-wrap gap-2 mb-2">
            <div>
                <h2 class="h5 mb-0">
                    <i class=format!("bi {} me-1", channel_icon(&conversation.channel)) aria-hidden="true"></i>
                    {conversation.name.clone()}
                </h2>
                <div class="small wa-meta">{contact_line(&conversation)}</div>
            </div>
            <div class="d-flex gap-2 align-items-center flex-wrap">
                {closed}{lead}{window}{client}<CardButton id card=conversation.card_id />
            </div>
        </div>
        <Handling conversation=conversation.clone() assignable=chat.assignable reads />
        <LinkClient id linked=conversation.client_id.is_some() search=chat.search candidates=chat.candidates reads />
        <ol class="wa-chat list-unstyled" aria-label=move || t_string!(i18n, wa.messages)>{bubbles}</ol>
        {match (chat.window_open, conversation.channel == "whatsapp") {
            (true, true) => view! { <Composer id send /><FileForm id /> }.into_any(),
            (true, false) => view! { <Composer id send /> }.into_any(),
            (false, true) => view! { <TemplatePicker id templates=chat.templates reads /> }.into_any(),
            (false, false) => view! {
                <p class="alert alert-secondary" role="status">{t!(i18n, err.wa_social_window_closed)}</p>
            }.into_any(),
        }}
        <NoteForm id reads />
    }
}

/// Who answers the conversation, and closing or reopening it.
#[component]
fn Handling(
    conversation: ConversationRow,
    assignable: Vec<(i64, String)>,
    reads: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = conversation.id;
    let assign = ServerAction::<AssignWhatsapp>::new();
    let close = ServerAction::<CloseWhatsapp>::new();
    on_success(assign, reread(reads));
    on_success(close, reread(reads));
    let assign_error = action_error(assign);
    let close_error = action_error(close);
    let current = conversation.assigned_id;
    // The one answering now stays in the list even when the reader could not pick them.
    let mut people = assignable;
    if let (Some(who), Some(name)) = (current, conversation.assigned.clone()) {
        if !people.iter().any(|(p, _)| *p == who) {
            people.push((who, name));
        }
    }
    let options = people
        .into_iter()
        .map(|(user, name)| view! { <option value=user selected=current == Some(user)>{name}</option> })
        .collect_view();
    let select = format!("wa-responsavel-{id}");
    let (toggle_label, closes) = if conversation.closed {
        (t_string!(i18n, wa.reopen).to_string(), "false")
    } else {
        (t_string!(i18n, wa.close).to_string(), "true")
    };
    view! {
        <FormAlert error=assign_error />
        <FormAlert error=close_error />
        <div class="d-flex flex-wrap gap-2 align-items-end mb-2">
            <ActionForm action=assign attr:class="d-flex gap-2 align-items-end">
                <input type="hidden" name="id" value=id />
                <div>
                    <label for=select.clone() class="form-label small mb-1">{t!(i18n, wa.assigned_to)}</label>
                    <select id=select name="user" class="form-select form-select-sm">
                        <option value="" selected=current.is_none()>{t!(i18n, wa.nobody)}</option>
                        {options}
                    </select>
                </div>
                <button type="submit" class="btn btn-sm btn-outline-primary" disabled=move || assign.pending().get()>
                    {t!(i18n, wa.assign)}
                </button>
            </ActionForm>
            <ActionForm action=close>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="closed" value=closes />
                <button type="submit" class="btn btn-sm btn-outline-secondary" disabled=move || close.pending().get()>
                    {toggle_label}
                </button>
            </ActionForm>
        </div>
    }
}

/// Whether the chat's folding sections are open: kept above the chat, so a live redraw (a new
/// message, a tick) leaves them as the reader left them.
#[derive(Clone, Copy)]
struct Panels {
    link: RwSignal<bool>,
    file: RwSignal<bool>,
    note: RwSignal<bool>,
}

fn panels() -> Panels {
    expect_context::<Panels>()
}

/// Keeps `open` in step with a `<details>` the reader opens or closes.
fn follow_fold(
    open: RwSignal<bool>,
    node: NodeRef<leptos::html::Details>,
) -> impl Fn(leptos::ev::Event) + 'static {
    move |_| {
        if let Some(details) = node.get_untracked() {
            open.set(details.open());
        }
    }
}

/// The conversation's Kanban card: open it, or create it on the sales board.
#[component]
fn CardButton(id: i64, card: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    if let Some(card) = card {
        return view! {
            <a class="btn btn-sm btn-outline-primary" href=format!("/kanban/cartoes/{card}")>
                <i class="bi bi-kanban me-1" aria-hidden="true"></i>{t!(i18n, wa.card_open)}
            </a>
        }
        .into_any();
    }
    let create = ServerAction::<CardWhatsapp>::new();
    let error = action_error(create);
    view! {
        <ActionForm action=create>
            <input type="hidden" name="id" value=id />
            <button type="submit" class="btn btn-sm btn-outline-primary" disabled=move || create.pending().get()>
                <i class="bi bi-kanban me-1" aria-hidden="true"></i>{t!(i18n, wa.card_create)}
            </button>
        </ActionForm>
        <FormAlert error />
    }
    .into_any()
}

/// Tying the conversation to a client: a search within the reader's clients (`?cliente=`), a
/// "Vincular" per client found; or untying it. (The search field is `type="text"`: Chromium does
/// not lay out a `type="search"` field a script put in a closed `<details>` once it opens.)
#[component]
fn LinkClient(
    id: i64,
    linked: bool,
    search: Option<String>,
    candidates: Vec<crate::clients::ClientSummary>,
    reads: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let link = ServerAction::<LinkWhatsapp>::new();
    on_success(link, reread(reads));
    let navigate = leptos_router::hooks::use_navigate();
    on_success(link, move || {
        navigate(&format!("/whatsapp/{id}"), Default::default())
    });
    let error = action_error(link);
    if linked {
        return view! {
            <FormAlert error />
            <ActionForm action=link attr:class="mb-2">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="client" value="" />
                <button type="submit" class="btn btn-sm btn-link px-0" disabled=move || link.pending().get()>
                    {t!(i18n, wa.unlink)}
                </button>
            </ActionForm>
        }
        .into_any();
    }
    let searched = search.is_some();
    let open = panels().link;
    let fold = NodeRef::<leptos::html::Details>::new();
    let results = searched.then(|| {
        if candidates.is_empty() {
            return view! { <p class="small text-body-secondary mb-0">{t!(i18n, wa.link_none)}</p> }.into_any();
        }
        let rows = candidates
            .into_iter()
            .map(|c| {
                let detail = [c.tax_id.clone(), c.phone.clone(), c.city.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                view! {
                    <li class="list-group-item d-flex justify-content-between align-items-center gap-2">
                        <div>
                            <div class="fw-semibold">{c.name.clone()}</div>
                            <div class="small wa-meta">{detail}</div>
                        </div>
                        <ActionForm action=link>
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="client" value=c.id />
                            <button type="submit" class="btn btn-sm btn-primary" disabled=move || link.pending().get()
                                aria-label=format!("{} {}", t_string!(i18n, wa.link), c.name)>
                                {t!(i18n, wa.link)}
                            </button>
                        </ActionForm>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="list-group mt-2">{rows}</ul> }.into_any()
    });
    view! {
        <details class="mb-2" node_ref=fold open=move || searched || open.get() on:toggle=follow_fold(open, fold)>
            <summary>{t!(i18n, wa.link_title)}</summary>
            <FormAlert error />
            <leptos_router::components::Form method="GET" action=format!("/whatsapp/{id}") attr:class="d-flex gap-2 align-items-end mt-2">
                <div class="flex-grow-1">
                    <label for="wa-cliente" class="form-label small mb-1">{t!(i18n, wa.link_search)}</label>
                    <input id="wa-cliente" name="cliente" type="text" enterkeyhint="search" class="form-control form-control-sm"
                        value=search.unwrap_or_default() maxlength="100" aria-describedby="wa-cliente-ajuda" />
                </div>
                <button type="submit" class="btn btn-sm btn-outline-primary">{t!(i18n, wa.link_find)}</button>
            </leptos_router::components::Form>
            <div id="wa-cliente-ajuda" class="form-text">{t!(i18n, wa.link_help)}</div>
            {results}
        </details>
    }
    .into_any()
}

/// Sending a file: a plain multipart form to `/whatsapp/{id}/arquivo` (the same with or without
/// scripts); the server sends the browser back with `arquivo=<outcome>`.
#[component]
fn FileForm(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let open = panels().file;
    let fold = NodeRef::<leptos::html::Details>::new();
    let outcome = move || {
        query.read().get("arquivo").map(|key| {
            if key == "enviado" {
                view! {
                    <div class="alert alert-success mt-2" role="status">
                        <i class="bi bi-check-circle me-2" aria-hidden="true"></i>{t!(i18n, wa.file_sent)}
                    </div>
                }
                .into_any()
            } else {
                let text = if key.starts_with("wa_") {
                    message(i18n, &key)
                } else {
                    t_string!(i18n, error_body).to_string()
                };
                view! { <div class="alert alert-danger mt-2" role="alert">{text}</div> }.into_any()
            }
        })
    };
    view! {
        <details class="mt-3" node_ref=fold open=move || open.get() on:toggle=follow_fold(open, fold)>
            <summary>{t!(i18n, wa.file_title)}</summary>
            {outcome}
            <form method="post" action=format!("/whatsapp/{id}/arquivo") enctype="multipart/form-data"
                class="row g-2 align-items-end mt-1">
                <div class="col-sm-6">
                    <label for="wa-arquivo" class="form-label">{t!(i18n, wa.file_label)}</label>
                    <input id="wa-arquivo" name="arquivo" type="file" class="form-control" required
                        accept=super::attach::ACCEPT aria-describedby="wa-arquivo-ajuda" />
                </div>
                <div class="col-sm-6">
                    <label for="wa-legenda" class="form-label">{t!(i18n, wa.caption_label)}</label>
                    <input id="wa-legenda" name="legenda" type="text" class="form-control" maxlength="1024" />
                </div>
                <div id="wa-arquivo-ajuda" class="form-text col-12 mt-1">{t!(i18n, wa.file_help)}</div>
                <div class="col-12">
                    <button type="submit" class="btn btn-outline-success">
                        <i class="bi bi-paperclip me-1" aria-hidden="true"></i>{t!(i18n, wa.file_send)}
                    </button>
                </div>
            </form>
        </details>
    }
}

/// An internal note: written for the team, never sent to the customer.
#[component]
fn NoteForm(id: i64, reads: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let open = panels().note;
    let fold = NodeRef::<leptos::html::Details>::new();
    let note = ServerAction::<NoteWhatsapp>::new();
    on_success(note, reread(reads));
    let form = NodeRef::<leptos::html::Form>::new();
    on_success(note, reset(form));
    let error = action_error(note);
    let field_error = move || match error.get() {
        Some(crate::error::AppError::Invalid { fields }) => {
            fields.get("note").map(|k| message(i18n, k))
        }
        _ => None,
    };
    view! {
        <details class="mt-3" node_ref=fold open=move || open.get() on:toggle=follow_fold(open, fold)>
            <summary>{t!(i18n, wa.note_add)}</summary>
            <ActionForm action=note node_ref=form attr:class="mt-2">
                <input type="hidden" name="id" value=id />
                <label for="wa-nota" class="form-label">{t!(i18n, wa.note_label)}</label>
                <textarea id="wa-nota" name="note" class="form-control mb-2" rows="2" required maxlength="5000"
                    aria-invalid=move || field_error().map(|_| "true") aria-describedby="wa-nota-erro"></textarea>
                <div id="wa-nota-erro" class="invalid-feedback d-block">{field_error}</div>
                <button type="submit" class="btn btn-sm btn-warning" disabled=move || note.pending().get()>
                    {t!(i18n, wa.note_save)}
                </button>
            </ActionForm>
        </details>
    }
}

#[component]
fn BubbleView(b: Bubble) -> impl IntoView {
    let i18n = use_i18n();
    if b.kind == "note" {
        let author = b.author.clone().unwrap_or_default();
        return view! {
            <li class="wa-bubble wa-note">
                <div class="small fw-semibold">
                    <i class="bi bi-lock me-1" aria-hidden="true"></i>{t!(i18n, wa.note)}
                </div>
                <div class="wa-text">{b.body.clone()}</div>
                <div class="small wa-meta text-end">{author} " · " {when(b.at)}</div>
            </li>
        }
        .into_any();
    }
    let side = if b.outgoing {
        "wa-bubble wa-out"
    } else {
        "wa-bubble wa-in"
    };
    let label = kind_label(i18n, &b.kind);
    let text = b.body.clone().filter(|t| !t.is_empty()).or_else(|| {
        // A file shown in the bubble needs no words; one that is not, its type and name.
        (b.media.as_deref() != Some("stored")).then(|| match &b.filename {
            Some(name) => format!("{label}: {name}"),
            None => label.clone(),
        })
    });
    let file = b
        .media
        .clone()
        .map(|state| media_view(i18n, &b, &state, label));
    let status = b.outgoing.then(|| {
        let (symbol, label, class) = tick(i18n, &b.status);
        let title = label.clone();
        view! { <span class=class title=title><span aria-hidden="true">{symbol}</span><span class="visually-hidden">{label}</span></span> }
    });
    let failure = b.error.clone().filter(|_| b.status == "failed").map(|why| {
        view! { <div class="small wa-failed">{t!(i18n, wa.failed_because)} " " {why}</div> }
    });
    let reaction = b.reaction.clone().map(|r| {
        view! { <span class="wa-reaction" title=move || t_string!(i18n, wa.reaction)>{r}</span> }
    });
    let author = b.author.clone().map(|a| view! { <span>{a} " · "</span> });
    view! {
        <li class=side>
            {file}
            {text.map(|text| view! { <div class="wa-text">{text}</div> })}
            {failure}
            <div class="small wa-meta text-end">{author}{when(b.at)} " " {status} {reaction}</div>
        </li>
    }
    .into_any()
}

/// A message's file: its preview (a picture, a player) or its download link once it is here,
/// else where it stands.
fn media_view(
    i18n: leptos_i18n::I18nContext<Locale>,
    b: &Bubble,
    state: &str,
    label: String,
) -> AnyView {
    let src = format!("/whatsapp/midia/{}", b.id);
    let mime = b.media_mime.clone().unwrap_or_default();
    match state {
        "stored" if matches!(b.kind.as_str(), "image" | "sticker") && mime.starts_with("image/") => {
            let alt = b.body.clone().filter(|t| !t.is_empty()).unwrap_or(label);
            let href = src.clone();
            view! { <a href=href target="_blank" rel="noopener"><img class="wa-media-img" src=src alt=alt loading="lazy" /></a> }.into_any()
        }
        "stored" if b.kind == "audio" && mime.starts_with("audio/") => {
            view! { <audio class="wa-media-player" controls preload="none" src=src aria-label=label></audio> }.into_any()
        }
        "stored" if b.kind == "video" && mime.starts_with("video/") => {
            view! { <video class="wa-media-player" controls preload="none" src=src aria-label=label></video> }.into_any()
        }
        "stored" => {
            let name = b.filename.clone().unwrap_or_else(|| t_string!(i18n, wa.media_download).to_string());
            view! {
                <a class="wa-file" href=src download>
                    <i class="bi bi-download me-1" aria-hidden="true"></i>{label} ": " {name}
                </a>
            }
            .into_any()
        }
        "failed" => view! { <div class="small wa-meta">{t!(i18n, wa.media_failed)}</div> }.into_any(),
        _ => view! { <div class="small wa-meta">{t!(i18n, wa.media_pending)}</div> }.into_any(),
    }
}

#[component]
fn Composer(id: i64, send: ServerAction<SendWhatsapp>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(send);
    let field_error = move || match error.get() {
        Some(crate::error::AppError::Invalid { fields }) => {
            fields.get("body").map(|k| message(i18n, k))
        }
        _ => None,
    };
    // Emptied for the next message once one is queued.
    let form = NodeRef::<leptos::html::Form>::new();
    on_success(send, reset(form));
    view! {
        <FormAlert error />
        <ActionForm action=send node_ref=form>
            <input type="hidden" name="id" value=id />
            <label for="wa-body" class="form-label">{t!(i18n, wa.message)}</label>
            <textarea id="wa-body" name="body" class="form-control mb-2" rows="3" required maxlength="4096"
                aria-invalid=move || field_error().map(|_| "true") aria-describedby="wa-body-erro"></textarea>
            <div id="wa-body-erro" class="invalid-feedback d-block">{field_error}</div>
            <button type="submit" class="btn btn-success" disabled=move || send.pending().get()>
                <i class="bi bi-send me-1" aria-hidden="true"></i>{t!(i18n, wa.send)}
            </button>
        </ActionForm>
    }
}

/// Runs `then` each time `action` succeeds (not for what it held before the page ran).
fn on_success<I>(action: ServerAction<I>, then: impl Fn() + 'static)
where
    I: leptos::server_fn::ServerFn<Output = (), Error = crate::error::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    Effect::new(move |before: Option<()>| {
        let done = matches!(action.value().get(), Some(Ok(())));
        if before.is_some() && done {
            then();
        }
    });
}

/// Empties `form` (a redrawn pane keeps its elements, and with them what was typed).
fn reset(form: NodeRef<leptos::html::Form>) -> impl Fn() + 'static {
    move || {
        if let Some(form) = form.get_untracked() {
            form.reset();
        }
    }
}

/// Reads the inbox and the open chat again.
fn reread(reads: RwSignal<u32>) -> impl Fn() + 'static {
    move || reads.update(|n| *n += 1)
}

/// Outside the 24-hour window: the approved templates, each a form of its own.
#[component]
fn TemplatePicker(id: i64, templates: Vec<TemplateChoice>, reads: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = ServerAction::<SyncWhatsappTemplates>::new();
    on_success(sync, reread(reads));
    let sync_error = action_error(sync);
    let list = if templates.is_empty() {
        view! { <p class="text-body-secondary">{t!(i18n, wa.templates_none)}</p> }.into_any()
    } else {
        templates
            .into_iter()
            .map(|template| view! { <TemplateForm id template reads /> })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="alert alert-warning" role="status">{t!(i18n, wa.window_closed)}</div>
        <div class="d-flex justify-content-between align-items-center mb-2">
            <h3 class="h6 mb-0">{t!(i18n, wa.templates_title)}</h3>
            <ActionForm action=sync>
                <input type="hidden" name="id" value=id />
                <button type="submit" class="btn btn-sm btn-outline-secondary" disabled=move || sync.pending().get()>
                    <i class="bi bi-arrow-clockwise me-1" aria-hidden="true"></i>{t!(i18n, wa.templates_refresh)}
                </button>
            </ActionForm>
        </div>
        <FormAlert error=sync_error />
        {move || match sync_error.get() {
            Some(crate::error::AppError::Invalid { fields }) => fields
                .get("templates")
                .map(|k| view! { <div class="alert alert-danger" role="alert">{message(i18n, k)}</div> }),
            _ => None,
        }}
        {list}
    }
}

/// One template: its text, a field per parameter (labelled by where it goes, with Meta's
/// example), and its send button.
#[component]
fn TemplateForm(id: i64, template: TemplateChoice, reads: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<SendWhatsappTemplate>::new();
    on_success(send, reread(reads));
    let form = NodeRef::<leptos::html::Form>::new();
    on_success(send, reset(form));
    let error = action_error(send);
    let field_error = move |field: &str| match error.get() {
        Some(crate::error::AppError::Invalid { fields }) => {
            fields.get(field).map(|k| message(i18n, k))
        }
        _ => None,
    };
    let heading = format!("wa-modelo-{}", template.id);
    let text = match &template.header {
        Some(header) => format!("{header}\n{}", template.body),
        None => template.body.clone(),
    };
    let footer = template
        .footer
        .clone()
        .map(|f| view! { <div class="small wa-meta">{f}</div> });
    let category = template
        .category
        .clone()
        .map(|c| view! { <span class="badge text-bg-light border ms-2">{c}</span> });
    let body = if template.supported {
        let prefix = heading.clone();
        let fields = template
            .params
            .into_iter()
            .map(|param| {
                let input = format!("{prefix}-{}", param.field);
                let described = format!("{input}-erro");
                let where_ = if param.field.starts_with("header_") {
                    t_string!(i18n, wa.param_header).to_string()
                } else {
                    t_string!(i18n, wa.param_body).to_string()
                };
                let label = format!("{where_} {}", param.placeholder);
                let example = param
                    .example
                    .map(|e| format!("{} {e}", t_string!(i18n, wa.param_example)));
                let field = param.field.clone();
                let invalid = {
                    let field = field.clone();
                    move || field_error(&field).map(|_| "true")
                };
                let problem = move || field_error(&field);
                view! {
                    <div class="mb-2">
                        <label for=input.clone() class="form-label small mb-1">{label}</label>
                        <input id=input type="text" class="form-control form-control-sm" required
                            name=format!("params[{}]", param.field) maxlength=param.max placeholder=example
                            aria-invalid=invalid aria-describedby=described.clone() />
                        <div id=described class="invalid-feedback d-block">{problem}</div>
                    </div>
                }
            })
            .collect_view();
        view! {
            <FormAlert error />
            <ActionForm action=send node_ref=form>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="template" value=template.id />
                {fields}
                <button type="submit" class="btn btn-sm btn-success" disabled=move || send.pending().get()>
                    <i class="bi bi-send me-1" aria-hidden="true"></i>{t!(i18n, wa.template_send)}
                </button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <p class="small text-body-secondary mb-0">{t!(i18n, wa.template_unsupported)}</p> }
            .into_any()
    };
    let labelled = heading.clone();
    view! {
        <section class="card mb-2" aria-labelledby=labelled>
            <div class="card-body p-2">
                <h4 id=heading class="h6 mb-1">{template.name.clone()}{category}</h4>
                <p class="small wa-template-text mb-1">{text}</p>
                {footer}
                {body}
            </div>
        </section>
    }
}
