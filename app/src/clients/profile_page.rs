//! A client's page (`/clientes/{id}`): who they are, possible duplicates, everything on file,
//! and the timeline of notes, calls and changes. Archiving and logging a note are plain forms
//! (without JavaScript the server sends the browser back here); hydrated, the page reloads its
//! data after each one that succeeds.

use leptos::{html, prelude::*};
use leptos_router::hooks::use_params_map;

use super::{
    api::{client_profile, AddClientNote, ArchiveClient},
    form_page::labels,
    reassign::{ReassignClient, ReassignForm},
    ClientDetail, ClientKind, Duplicate,
};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::{ErrorPage, NotFoundPage},
    ui::{action_error, FormAlert, PageTitle},
    users::Forbidden,
};

mod details;
pub(crate) mod timeline;

/// Counts the successful runs of `action`: it changes only when one succeeds (a refused note
/// must not redraw the page and lose what was typed).
fn successes<I>(action: ServerAction<I>) -> Memo<usize>
where
    I: leptos::server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    Memo::new(move |previous: Option<&usize>| {
        let version = action.version().get();
        let succeeded = action.value().with(|v| matches!(v, Some(Ok(()))));
        if succeeded {
            version
        } else {
            previous.copied().unwrap_or_default()
        }
    })
}

/// The client's page.
#[component]
pub fn ClientProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let note = ServerAction::<AddClientNote>::new();
    let archive = ServerAction::<ArchiveClient>::new();
    let (notes_added, archivals) = (successes(note), successes(archive));
    // The "Responsável" form finds its action here; the page reloads after each transfer.
    let transfer = ServerAction::<ReassignClient>::new();
    provide_context(transfer);
    let transfers = successes(transfer);
    // The page is redrawn in place after a note, which keeps what the form held: empty it.
    let note_form = NodeRef::<html::Form>::new();
    Effect::new(move |previous: Option<usize>| {
        let added = notes_added.get();
        if previous.is_some_and(|previous| previous != added) {
            if let Some(form) = note_form.get_untracked() {
                form.reset();
            }
        }
        added
    });
    let query = leptos_router::hooks::use_query_map();
    // The timeline's page, from the address (`?historico=2`), so paging works without JavaScript.
    let timeline_page = move || {
        query
            .read()
            .get("historico")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1)
    };
    let profile = Resource::new(
        move || {
            (
                id(),
                timeline_page(),
                notes_added.get(),
                archivals.get(),
                transfers.get(),
            )
        },
        |(id, page, ..)| async move {
            match id {
                Some(id) => client_profile(id, page).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let policies = crate::policies::client_policies(id);
    // Announced after the page is redrawn (the forms themselves are redrawn with it).
    let done = move || {
        note.value()
            .with(|v| matches!(v, Some(Ok(()))))
            .then(|| t_string!(i18n, client.entry_added).to_string())
    };
    view! {
        // Transition, not Suspense: the page stays on screen while it reloads after a note.
        <Transition>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => view! {
                        <Profile client=p.client duplicates=p.duplicates timeline=p.timeline note archive note_form policies />
                    }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
        <div class="visually-hidden" role="status">{done}</div>
    }
}

#[component]
fn Profile(
    client: ClientDetail,
    duplicates: Vec<Duplicate>,
    timeline: super::TimelinePage,
    note: ServerAction<AddClientNote>,
    archive: ServerAction<ArchiveClient>,
    note_form: NodeRef<html::Form>,
    policies: Resource<Result<crate::policies::PolicyPage, AppError>>,
) -> impl IntoView {
    let title = client.name.clone();
    let id = client.id;
    let owner_id = client.owner_id;
    view! {
        <PageTitle text=move || title.clone() />
        // Each part is type-erased: the whole page as one type is too deep for the compiler.
        {view! { <Header client=client.clone() archive /> }.into_any()}
        {view! { <Duplicates client_id=id duplicates /> }.into_any()}
        <div class="row g-4">
            <div class="col-xl-5">
                {view! { <details::Details client /> }.into_any()}
                {view! { <super::lgpd::PrivacyCard id /> }.into_any()}
                {view! { <ReassignForm client_id=id owner_id /> }.into_any()}
            </div>
            <div class="col-xl-7">
                {view! { <crate::policies::ClientPolicies client_id=id policies /> }.into_any()}
                {view! { <timeline::Timeline id timeline note form=note_form /> }.into_any()}
            </div>
        </div>
    }
}

#[component]
fn Header(client: ClientDetail, archive: ServerAction<ArchiveClient>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(archive);
    let archived = client.archived_at.is_some();
    let kind = client.kind;
    let trade_name = client.trade_name.filter(|_| kind == ClientKind::Pj);
    view! {
        <div class="d-flex flex-wrap justify-content-between align-items-start gap-3 mb-3">
            <div>
                <h1 class="h3 mb-1">{client.name}</h1>
                {trade_name.map(|name| view! { <p class="text-body-secondary mb-1">{name}</p> })}
                <div class="d-flex flex-wrap align-items-center gap-2">
                    <span class="badge text-bg-secondary">{move || labels::kind(i18n, kind)}</span>
                    {client.tax_id.map(|tax_id| view! { <span class="font-monospace">{tax_id}</span> })}
                    {archived.then(|| view! {
                        <span class="badge text-bg-warning">{t!(i18n, client.archived)}</span>
                    })}
                </div>
            </div>
            <div class="d-flex flex-wrap gap-2" role="group" aria-label=move || t_string!(i18n, client.actions)>
                {(!archived).then(|| view! {
                    <a href=format!("/apolices/nova?cliente={}", client.id) class="btn btn-outline-primary">
                        <i class="bi bi-file-earmark-plus me-1" aria-hidden="true"></i>{t!(i18n, policy.new)}
                    </a>
                    <a href=format!("/kanban/vendas?cliente={}", client.id) class="btn btn-outline-primary">
                        <i class="bi bi-kanban me-1" aria-hidden="true"></i>{t!(i18n, kanban.new_card)}
                    </a>
                })}
                <a href=format!("/clientes/{}/editar", client.id) class="btn btn-primary">
                    <i class="bi bi-pencil me-1" aria-hidden="true"></i>{t!(i18n, client.edit)}
                </a>
                <ActionForm action=archive>
                    <input type="hidden" name="id" value=client.id />
                    {(!archived).then(|| view! { <input type="hidden" name="archive" value="on" /> })}
                    <button type="submit" class="btn btn-outline-secondary" disabled=move || archive.pending().get()>
                        <i class=if archived { "bi bi-arrow-counterclockwise me-1" } else { "bi bi-archive me-1" }
                            aria-hidden="true"></i>
                        {if archived { t!(i18n, client.restore).into_any() } else { t!(i18n, client.archive).into_any() }}
                    </button>
                </ActionForm>
            </div>
        </div>
        <FormAlert error />
    }
}

/// The "possible duplicates" warning; a client the caller may not open is not named. Admins
/// and managers get a "Mesclar" link to the merge page beside each one they may open.
#[component]
fn Duplicates(client_id: i64, duplicates: Vec<Duplicate>) -> impl IntoView {
    let i18n = use_i18n();
    let mut linked = std::collections::HashSet::new();
    (!duplicates.is_empty()).then(|| {
        let items = duplicates
            .into_iter()
            .map(|d| {
                let who = if d.name.is_empty() {
                    view! { <span>{t!(i18n, client.duplicate_hidden)}</span> }.into_any()
                } else {
                    view! { <a href=format!("/clientes/{}", d.id) class="alert-link">{d.name.clone()}</a> }
                        .into_any()
                };
                // One link per client, however many reasons it matched for.
                let merge = (!d.name.is_empty() && linked.insert(d.id))
                    .then(|| view! { <MergeLink client_id other=d.id name=d.name /> });
                let reason = d.reason;
                view! { <li>{who} " — " {move || labels::reason(i18n, &reason)} {merge}</li> }
            })
            .collect_view();
        view! {
            <section class="alert alert-warning" aria-labelledby="duplicates-heading">
                <h2 id="duplicates-heading" class="h6 alert-heading">
                    <i class="bi bi-exclamation-triangle me-1" aria-hidden="true"></i>
                    {t!(i18n, client.duplicates)}
                </h2>
                <p class="mb-1">{t!(i18n, client.duplicates_intro)}</p>
                <ul class="mb-0">{items}</ul>
            </section>
        }
    })
}

/// "Mesclar" beside a likely duplicate, for those who may merge clients (admins, managers).
#[component]
fn MergeLink(client_id: i64, other: i64, name: String) -> impl IntoView {
    use crate::{
        auth::permissions::{allowed, Action},
        users::UserSummary,
    };
    let i18n = use_i18n();
    let user = use_context::<Resource<Result<Option<UserSummary>, AppError>>>();
    view! {
        <Suspense>
            {move || {
                let name = name.clone();
                Suspend::new(async move {
                    let may = match user {
                        Some(user) => matches!(user.await, Ok(Some(u)) if allowed(u.role, Action::MergeClients)),
                        None => false,
                    };
                    may.then(|| view! {
                        " "
                        <a href=format!("/clientes/{client_id}/mesclar/{other}") class="btn btn-sm btn-outline-dark ms-2 py-0">
                            <i class="bi bi-union me-1" aria-hidden="true"></i>{t!(i18n, merge.link)}
                            <span class="visually-hidden">" "{name}</span>
                        </a>
                    })
                })
            }}
        </Suspense>
    }
}
