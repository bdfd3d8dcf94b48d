//! Auditoria (`/admin/auditoria`): the trail filtered by person, action, record and dates,
//! newest first, 50 rows a page, each change shown field by field (before → after), and the
//! same selection downloadable as CSV. The filters live in the address, so a plain GET form
//! works without JavaScript and a filtered view can be shared.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{field_changes, AuditRow};
use crate::{
    error::AppError,
    format::datetime_br,
    i18n::{t, t_string, use_i18n, Locale},
    pages::ErrorPage,
    ui::{field_key, message, FormAlert, PageTitle},
    users::{AdminTabs, Forbidden},
};

/// One page of the trail with what the filters offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// People to filter by (id, name).
    pub actors: Vec<(i64, String)>,
}

/// The actions offered in the filter, in the order shown.
pub const ACTIONS: &[&str] = &[
    "auth.login",
    "auth.logout",
    "auth.login_failed",
    "auth.lockout",
    "auth.ip_throttled",
    "auth.reauth_failed",
    "authz.denied",
    "whatsapp.webhook_refused",
    "whatsapp.templates_sync",
    "whatsapp.assign",
    "whatsapp.close",
    "whatsapp.link",
    "whatsapp.reopen",
    "social.account_connected",
    "social.account_removed",
    "social.post_created",
    "social.post_approved",
    "social.post_publish_now",
    "social.post_rescheduled",
    "social.post_deleted",
    "session.expired",
    "session.revoked",
    "user.create",
    "user.update",
    "user.password_change",
    "user.password_set",
    "user.password_link",
    "user.bootstrap_admin",
    "team.create",
    "team.update",
    "settings.update",
    "audit.export",
];

/// A page of the audit trail (admins).
#[server(prefix = "/api", endpoint = "list_audit")]
pub async fn list_audit(
    actor: Option<String>,
    action: Option<String>,
    entity_type: Option<String>,
    entity_id: Option<String>,
    from: Option<String>,
    until: Option<String>,
    page: Option<i64>,
) -> Result<AuditPage, AppError> {
    crate::error::respond(
        async {
            crate::auth::server::require(crate::auth::permissions::Action::ViewAudit).await?;
            let filter = super::AuditFilter::parse(
                actor.as_deref(),
                action.as_deref(),
                entity_type.as_deref(),
                entity_id.as_deref(),
                from.as_deref(),
                until.as_deref(),
            )
            .map_err(|(field, key)| AppError::invalid(field, key))?;
            let db = expect_context::<crate::state::AppState>().db;
            let total = super::repo::count(&db, &filter).await?;
            let pages = ((total + super::PAGE_SIZE - 1) / super::PAGE_SIZE).max(1);
            let page = page.unwrap_or(1).clamp(1, pages);
            let rows = super::repo::find(
                &db,
                &filter,
                super::PAGE_SIZE,
                (page - 1) * super::PAGE_SIZE,
            )
            .await?;
            Ok(AuditPage {
                rows,
                total,
                page,
                pages,
                actors: super::repo::actors(&db).await?,
            })
        }
        .await,
    )
}

/// The readable name of an action (the code itself for unknown ones).
pub fn action_label(i18n: leptos_i18n::I18nContext<Locale>, action: &str) -> String {
    let label = match action {
        "auth.login" => t_string!(i18n, audit_action.auth_login),
        "auth.logout" => t_string!(i18n, audit_action.auth_logout),
        "auth.login_failed" => t_string!(i18n, audit_action.auth_login_failed),
        "auth.lockout" => t_string!(i18n, audit_action.auth_lockout),
        "auth.ip_throttled" => t_string!(i18n, audit_action.auth_ip_throttled),
        "auth.reauth_failed" => t_string!(i18n, audit_action.auth_reauth_failed),
        "authz.denied" => t_string!(i18n, audit_action.authz_denied),
        "session.expired" => t_string!(i18n, audit_action.session_expired),
        "session.revoked" => t_string!(i18n, audit_action.session_revoked),
        "user.create" => t_string!(i18n, audit_action.user_create),
        "user.update" => t_string!(i18n, audit_action.user_update),
        "user.password_change" => t_string!(i18n, audit_action.user_password_change),
        "user.password_set" => t_string!(i18n, audit_action.user_password_set),
        "user.password_link" => t_string!(i18n, audit_action.user_password_link),
        "user.bootstrap_admin" => t_string!(i18n, audit_action.user_bootstrap_admin),
        "team.create" => t_string!(i18n, audit_action.team_create),
        "team.update" => t_string!(i18n, audit_action.team_update),
        "settings.update" => t_string!(i18n, audit_action.settings_update),
        "audit.export" => t_string!(i18n, audit_action.audit_export),
        "client.delete" => t_string!(i18n, audit_action.client_delete),
        "client.export" => t_string!(i18n, audit_action.client_export),
        "client.view" => t_string!(i18n, audit_action.client_view),
        "client_import.upload" => t_string!(i18n, audit_action.client_import_upload),
        "client_import.start" => t_string!(i18n, audit_action.client_import_start),
        "client_import.finish" => t_string!(i18n, audit_action.client_import_finish),
        "client_import.refused" => t_string!(i18n, audit_action.client_import_refused),
        "client_import.revert" => t_string!(i18n, audit_action.client_import_revert),
        "client_import.reverted" => t_string!(i18n, audit_action.client_import_reverted),
        "commission.export" => t_string!(i18n, audit_action.commission_export),
        "insurer.create" => t_string!(i18n, audit_action.insurer_create),
        "insurer.update" => t_string!(i18n, audit_action.insurer_update),
        "insurer.activate" => t_string!(i18n, audit_action.insurer_activate),
        "insurer.deactivate" => t_string!(i18n, audit_action.insurer_deactivate),
        "insurance_line.create" => t_string!(i18n, audit_action.insurance_line_create),
        "insurance_line.update" => t_string!(i18n, audit_action.insurance_line_update),
        "insurance_line.activate" => t_string!(i18n, audit_action.insurance_line_activate),
        "insurance_line.deactivate" => t_string!(i18n, audit_action.insurance_line_deactivate),
        "job.retry" => t_string!(i18n, audit_action.job_retry),
        "whatsapp.webhook_refused" => t_string!(i18n, audit_action.whatsapp_webhook_refused),
        "whatsapp.templates_sync" => t_string!(i18n, audit_action.whatsapp_templates_sync),
        "whatsapp.assign" => t_string!(i18n, audit_action.whatsapp_assign),
        "whatsapp.close" => t_string!(i18n, audit_action.whatsapp_close),
        "whatsapp.link" => t_string!(i18n, audit_action.whatsapp_link),
        "whatsapp.reopen" => t_string!(i18n, audit_action.whatsapp_reopen),
        "social.account_connected" => t_string!(i18n, audit_action.social_account_connected),
        "social.account_removed" => t_string!(i18n, audit_action.social_account_removed),
        "social.post_created" => t_string!(i18n, audit_action.social_post_created),
        "social.post_approved" => t_string!(i18n, audit_action.social_post_approved),
        "social.post_publish_now" => t_string!(i18n, audit_action.social_post_publish_now),
        "social.post_rescheduled" => t_string!(i18n, audit_action.social_post_rescheduled),
        "social.post_deleted" => t_string!(i18n, audit_action.social_post_deleted),
        "policy.document_download" => t_string!(i18n, audit_action.document_download),
        // Clients' and policies' own events read as on the client's timeline.
        other
            if other.starts_with("client.")
                || other.starts_with("policy.")
                || other.starts_with("card.")
                || other.starts_with("column.") =>
        {
            return crate::clients::event_label(i18n, other)
        }
        other => return other.to_owned(),
    };
    label.to_string()
}

/// The readable name of a changed field (the key itself for unknown ones).
fn field_label(i18n: leptos_i18n::I18nContext<Locale>, field: &str) -> String {
    let label = match field {
        "name" => t_string!(i18n, field_name),
        "email" => t_string!(i18n, col_email),
        "role" => t_string!(i18n, col_role),
        "team" => t_string!(i18n, col_team),
        "active" => t_string!(i18n, user_active_label),
        "locale" => t_string!(i18n, field_locale),
        "idle_minutes" => t_string!(i18n, settings_idle_minutes),
        "absolute_hours" => t_string!(i18n, settings_absolute_hours),
        "remember_idle_days" => t_string!(i18n, settings_remember_idle_days),
        "remember_absolute_days" => t_string!(i18n, settings_remember_absolute_days),
        "managers" => t_string!(i18n, team_managers),
        // Clients' and policies' fields read as on the client's timeline.
        other => return crate::clients::field_label(i18n, other),
    };
    label.to_string()
}

/// A stored value as people read it (role codes become role names).
fn value_label(i18n: leptos_i18n::I18nContext<Locale>, field: &str, value: String) -> String {
    match (field, value.as_str()) {
        ("role", "admin") => t_string!(i18n, role_admin).to_string(),
        ("role", "manager") => t_string!(i18n, role_manager).to_string(),
        ("role", "user") => t_string!(i18n, role_user).to_string(),
        (_, "true") => t_string!(i18n, yes).to_string(),
        (_, "false") => t_string!(i18n, no).to_string(),
        (_, "null") => "—".to_owned(),
        _ => value,
    }
}

/// The audit viewer page.
#[component]
pub fn AuditViewerPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |key: &str| query.read().get(key).filter(|v| !v.is_empty());
    let trail = Resource::new(
        move || {
            (
                get("pessoa"),
                get("acao"),
                get("registro"),
                get("registro_id"),
                get("de"),
                get("ate"),
                get("pagina").and_then(|p| p.parse::<i64>().ok()),
            )
        },
        |(actor, action, entity, entity_id, from, until, page)| {
            list_audit(actor, action, entity, entity_id, from, until, page)
        },
    );
    view! {
        <PageTitle text=move || t_string!(i18n, admin_audit) />
        <AdminTabs />
        <h1 class="h3 mb-3">{t!(i18n, admin_audit)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match trail.await {
                    Ok(page) => view! { <Filters actors=page.actors.clone() error=None /> <Trail page /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(error @ AppError::Invalid { .. }) => view! { <Filters actors=Vec::new() error=Some(error) /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Filters(actors: Vec<(i64, String)>, error: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let value = move |key: &str| query.read_untracked().get(key).unwrap_or_default();
    let selected_actor = value("pessoa");
    let selected_action = value("acao");
    let selected_entity = value("registro");
    let date_error = |field: &str| field_key(error.as_ref(), field).map(|k| message(i18n, &k));
    let (from_error, until_error) = (date_error("from"), date_error("until"));
    let alert = Signal::stored(error.clone());
    let csv = move || {
        let search = leptos_router::hooks::use_location().search.get_untracked();
        if search.is_empty() {
            "/admin/auditoria.csv".to_owned()
        } else {
            format!("/admin/auditoria.csv?{}", search.trim_start_matches('?'))
        }
    };
    view! {
        <FormAlert error=alert />
        <form method="get" action="/admin/auditoria" class="row g-2 align-items-end mb-3" role="search">
            <div class="col-sm-6 col-lg-3">
                <label for="audit-actor" class="form-label">{t!(i18n, audit_person)}</label>
                <select id="audit-actor" name="pessoa" class="form-select">
                    <option value="">{t!(i18n, audit_anyone)}</option>
                    {actors.into_iter().map(|(id, name)| {
                        let selected = selected_actor == id.to_string();
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="col-sm-6 col-lg-3">
                <label for="audit-action" class="form-label">{t!(i18n, audit_action_label)}</label>
                <select id="audit-action" name="acao" class="form-select">
                    <option value="">{t!(i18n, audit_any_action)}</option>
                    {ACTIONS.iter().map(|action| {
                        let selected = selected_action == *action;
                        view! { <option value=*action selected=selected>{action_label(i18n, action)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="col-sm-6 col-lg-2">
                <label for="audit-entity" class="form-label">{t!(i18n, audit_record)}</label>
                <select id="audit-entity" name="registro" class="form-select">
                    <option value="">{t!(i18n, audit_any_record)}</option>
                    <option value="user" selected=selected_entity == "user">{t!(i18n, audit_record_user)}</option>
                    <option value="team" selected=selected_entity == "team">{t!(i18n, audit_record_team)}</option>
                    <option value="settings" selected=selected_entity == "settings">{t!(i18n, audit_record_settings)}</option>
                </select>
            </div>
            <div class="col-sm-6 col-lg-2">
                <label for="audit-from" class="form-label">{t!(i18n, audit_from)}</label>
                <input id="audit-from" name="de" type="date" class="form-control" class:is-invalid=from_error.is_some() value=value("de") />
                {from_error.map(|m| view! { <div class="invalid-feedback d-block">{m}</div> })}
            </div>
            <div class="col-sm-6 col-lg-2">
                <label for="audit-until" class="form-label">{t!(i18n, audit_until)}</label>
                <input id="audit-until" name="ate" type="date" class="form-control" class:is-invalid=until_error.is_some() value=value("ate") />
                {until_error.map(|m| view! { <div class="invalid-feedback d-block">{m}</div> })}
            </div>
            <input type="hidden" name="registro_id" value=value("registro_id") />
            <div class="col-12 d-flex gap-2">
                <button type="submit" class="btn btn-primary">{t!(i18n, audit_filter)}</button>
                <a href="/admin/auditoria" class="btn btn-outline-secondary">{t!(i18n, audit_clear)}</a>
                <a href=csv class="btn btn-outline-primary ms-auto" download>
                    <i class="bi bi-download me-1" aria-hidden="true"></i>{t!(i18n, audit_export)}
                </a>
            </div>
        </form>
    }
}

#[component]
fn Trail(page: AuditPage) -> impl IntoView {
    let i18n = use_i18n();
    let empty = page.rows.is_empty();
    let rows = page
        .rows
        .into_iter()
        .map(|row| view! { <TrailRow row /> })
        .collect_view();
    let (current, pages, total) = (page.page, page.pages, page.total);
    view! {
        <p class="text-body-secondary small" role="status">
            {t!(i18n, audit_count, total = total, page = current, pages = pages)}
        </p>
        {empty.then(|| view! { <p>{t!(i18n, audit_empty)}</p> })}
        <div class="table-responsive">
            <table class="table table-sm align-top audit-table">
                <caption class="visually-hidden">{t!(i18n, admin_audit)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, audit_when)}</th>
                        <th scope="col">{t!(i18n, audit_person)}</th>
                        <th scope="col">{t!(i18n, audit_action_label)}</th>
                        <th scope="col">{t!(i18n, audit_record)}</th>
                        <th scope="col">{t!(i18n, audit_changes)}</th>
                        <th scope="col">{t!(i18n, audit_origin)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager current pages />
    }
}

#[component]
fn TrailRow(row: AuditRow) -> impl IntoView {
    let i18n = use_i18n();
    let who = row
        .actor_name
        .clone()
        .unwrap_or_else(|| t_string!(i18n, audit_nobody).to_string());
    let record = match (row.entity_type.as_deref(), row.entity_id.clone()) {
        (Some("user"), Some(id)) => view! { <a href=format!("/admin/usuarios/{id}")>{t!(i18n, audit_record_user)} " #" {id.clone()}</a> }.into_any(),
        (Some(kind), Some(id)) => view! { <span>{kind.to_owned()} " #" {id}</span> }.into_any(),
        (Some(kind), None) => view! { <span>{kind.to_owned()}</span> }.into_any(),
        _ => ().into_any(),
    };
    let changes = row.changes.as_ref().map(field_changes).unwrap_or_default();
    let action = action_label(i18n, &row.action);
    view! {
        <tr>
            <td class="text-nowrap">{datetime_br(row.occurred_at)}</td>
            <td>{who}</td>
            <td><span title=row.action.clone()>{action}</span></td>
            <td>{record}</td>
            <td>
                {(!changes.is_empty()).then(|| view! {
                    <dl class="audit-diff mb-0">
                        {changes.into_iter().map(|c| {
                            let from = c.from.map(|v| value_label(i18n, &c.field, v));
                            let to = value_label(i18n, &c.field, c.to.unwrap_or_default());
                            view! {
                                <dt>{field_label(i18n, &c.field)}</dt>
                                <dd>
                                    {from.map(|from| view! { <del class="text-danger-emphasis">{from}</del> " → " })}
                                    <ins class="text-success-emphasis">{to}</ins>
                                </dd>
                            }
                        }).collect_view()}
                    </dl>
                })}
            </td>
            <td class="small text-body-secondary">{row.client_ip.unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
fn Pager(current: i64, pages: i64) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let href = move |page: i64| {
        let mut params: Vec<(String, String)> = query
            .get_untracked()
            .into_iter()
            .filter(|(k, _)| k != "pagina")
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        params.push(("pagina".into(), page.to_string()));
        let encoded: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::format::percent_encode(v, false)))
            .collect();
        format!("/admin/auditoria?{}", encoded.join("&"))
    };
    let (first, last) = (current <= 1, current >= pages);
    (pages > 1).then(|| {
        view! {
            <nav aria-label=move || t_string!(i18n, audit_pages)>
                <ul class="pagination">
                    <li class="page-item" class:disabled=first>
                        <a class="page-link" href=href(current - 1)>{t!(i18n, audit_previous)}</a>
                    </li>
                    <li class="page-item active" aria-current="page">
                        <span class="page-link">{current} " / " {pages}</span>
                    </li>
                    <li class="page-item" class:disabled=last>
                        <a class="page-link" href=href(current + 1)>{t!(i18n, audit_next)}</a>
                    </li>
                </ul>
            </nav>
        }
    })
}
