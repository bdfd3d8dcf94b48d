//! Administração: the staff list with search (admins). Other roles get a 403 page.

use crate::ui::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{list_users, UserListItem};
use crate::{
    error::AppError,
    format::datetime_br,
    i18n::{t, t_string, use_i18n},
    pages::{set_page_status, ErrorPage},
    roles::Role,
};

/// The administration page.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let search = move || query.read().get("q").filter(|q| !q.trim().is_empty());
    let users = Resource::new(search, list_users);
    view! {
        <PageTitle text=move || t_string!(i18n, nav_admin) />
        <AdminTabs />
        <Suspense>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(list) => view! { <UserList list search=search().unwrap_or_default() /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserList(list: Vec<UserListItem>, search: String) -> impl IntoView {
    let i18n = use_i18n();
    let empty = list.is_empty();
    view! {
        <section aria-labelledby="users-heading">
            <div class="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-2">
                <h1 id="users-heading" class="h3 mb-0">{t!(i18n, admin_users)}</h1>
                <a href="/admin/usuarios/nova" class="btn btn-primary">
                    <i class="bi bi-person-plus me-1" aria-hidden="true"></i>
                    {t!(i18n, user_new_title)}
                </a>
            </div>
            <form method="get" action="/admin" role="search" class="d-flex gap-2 align-items-end mb-3 flex-wrap">
                <div>
                    <label for="user-search" class="form-label">{t!(i18n, admin_search_label)}</label>
                    <input id="user-search" name="q" type="search" class="form-control" value=search />
                </div>
                <button type="submit" class="btn btn-outline-primary">{t!(i18n, admin_search)}</button>
            </form>
            {empty.then(|| view! { <p class="text-body-secondary">{t!(i18n, admin_no_users)}</p> })}
            <div class="table-responsive">
                <table class="table table-hover align-middle">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, col_name)}</th>
                            <th scope="col">{t!(i18n, col_email)}</th>
                            <th scope="col">{t!(i18n, col_role)}</th>
                            <th scope="col">{t!(i18n, col_team)}</th>
                            <th scope="col">{t!(i18n, col_status)}</th>
                            <th scope="col">{t!(i18n, col_last_login)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|user| view! { <UserRow user /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn UserRow(user: UserListItem) -> impl IntoView {
    let i18n = use_i18n();
    let role = user.role;
    let role_label = move || match role {
        Role::Admin => t_string!(i18n, role_admin),
        Role::Manager => t_string!(i18n, role_manager),
        Role::User => t_string!(i18n, role_user),
    };
    let active = user.active;
    let status = move || {
        if active {
            t_string!(i18n, status_active)
        } else {
            t_string!(i18n, status_inactive)
        }
    };
    let last_login = user.last_login_at.map(datetime_br);
    view! {
        <tr>
            <td><a href=format!("/admin/usuarios/{}", user.id)>{user.name}</a></td>
            <td>{user.email}</td>
            <td>{role_label}</td>
            <td>{user.team.unwrap_or_default()}</td>
            <td>{status}</td>
            <td>{move || last_login.clone().unwrap_or_else(|| t_string!(i18n, never).to_owned())}</td>
        </tr>
    }
}

/// The tabs of the administration area.
#[component]
pub fn AdminTabs() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let tab = move |path: &'static str, label: Signal<String>| {
        let current = move || {
            let here = location.pathname.get();
            let active = if path == "/admin" {
                here == "/admin" || here.starts_with("/admin/usuarios")
            } else {
                here.starts_with(path)
            };
            active.then_some("page")
        };
        view! {
            <li class="nav-item">
                <a class="nav-link" class:active=move || current().is_some() aria-current=current href=path>{label}</a>
            </li>
        }
    };
    view! {
        <nav aria-label=move || t_string!(i18n, nav_admin) class="mb-3">
            <ul class="nav nav-tabs">
                {tab("/admin", Signal::derive(move || t_string!(i18n, admin_users).to_string()))}
                {tab("/admin/equipes", Signal::derive(move || t_string!(i18n, admin_teams).to_string()))}
                {tab("/admin/auditoria", Signal::derive(move || t_string!(i18n, admin_audit).to_string()))}
                {tab("/admin/configuracoes", Signal::derive(move || t_string!(i18n, admin_settings).to_string()))}
                {tab("/admin/redes-sociais", Signal::derive(move || t_string!(i18n, social.accounts_title).to_string()))}
                {tab("/admin/tarefas", Signal::derive(move || t_string!(i18n, jobs.tab).to_string()))}
                {tab("/admin/seguradoras", Signal::derive(move || t_string!(i18n, reference.tab_insurers).to_string()))}
                {tab("/admin/ramos", Signal::derive(move || t_string!(i18n, reference.tab_lines).to_string()))}
            </ul>
        </nav>
    }
}

/// Shown (with status 403) to a role that may not open the page.
#[component]
pub fn Forbidden() -> impl IntoView {
    set_page_status(http::StatusCode::FORBIDDEN);
    let i18n = use_i18n();
    view! {
        <div class="error-page" role="alert">
            <p class="error-code" aria-hidden="true">"403"</p>
            <h2 class="h4">{t!(i18n, forbidden_title)}</h2>
            <p>{t!(i18n, forbidden_body)}</p>
            <a href="/" class="btn btn-primary">{t!(i18n, section_back)}</a>
        </div>
    }
}
