//! Administração: the staff list with search (admins). Other roles get a 403 page.

use leptos::prelude::*;
use leptos_meta::Title;
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
        <Title text=move || t_string!(i18n, nav_admin) />
        <h1 class="h3 mb-3 d-flex align-items-center gap-2">
            <i class="bi bi-shield-lock" aria-hidden="true"></i>
            {t!(i18n, nav_admin)}
        </h1>
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
            <h2 id="users-heading" class="h5">{t!(i18n, admin_users)}</h2>
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
            <td>{user.name}</td>
            <td>{user.email}</td>
            <td>{role_label}</td>
            <td>{user.team.unwrap_or_default()}</td>
            <td>{status}</td>
            <td>{move || last_login.clone().unwrap_or_else(|| t_string!(i18n, never).to_owned())}</td>
        </tr>
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
