//! Redes sociais (`/admin/redes-sociais`, admins): the connected Facebook Page and Instagram
//! account with each token's state (never the token: its last four characters), the form that
//! connects or reconnects one, "Verificar agora", where Meta must deliver the webhooks, and
//! whether managers approve posts before they go out.

use leptos::prelude::*;

use super::{
    api::{social_accounts, CheckSocialAccounts, ConnectSocialAccount, RemoveSocialAccount},
    posts_api::SetSocialApproval,
    Account,
};
use crate::{
    format::{date_br, SAO_PAULO},
    i18n::{t, t_string, use_i18n, Locale},
    pages::ErrorPage,
    ui::{action_error, fields::SelectField, FormAlert, PageTitle, TextField},
    users::{AdminTabs, Forbidden},
    AppError,
};

fn network_label(network: &str) -> &'static str {
    match network {
        "instagram" => "Instagram",
        _ => "Facebook",
    }
}

fn status_badge(i18n: leptos_i18n::I18nContext<Locale>, status: &str) -> impl IntoView {
    let (class, text) = match status {
        "ok" => (
            "badge text-bg-success",
            t_string!(i18n, social.status_ok).to_string(),
        ),
        "expiring" => (
            "badge text-bg-warning",
            t_string!(i18n, social.status_expiring).to_string(),
        ),
        _ => (
            "badge text-bg-danger",
            t_string!(i18n, social.status_needs_reconnect).to_string(),
        ),
    };
    view! { <span class=class>{text}</span> }
}

#[component]
fn AccountRow(account: Account, remove: ServerAction<RemoveSocialAccount>) -> impl IntoView {
    let i18n = use_i18n();
    let icon = if account.network == "instagram" {
        "bi bi-instagram"
    } else {
        "bi bi-facebook"
    };
    let status = account.status.clone();
    let expires = account
        .expires_at
        .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok())
        .map(|at| date_br(at.to_offset(SAO_PAULO).date()))
        .unwrap_or_else(|| t_string!(i18n, social.no_expiry).to_string());
    let remove_label = format!("{} {}", t_string!(i18n, social.disconnect), account.name);
    view! {
        <tr>
            <td><i class=icon aria-hidden="true"></i> " " {network_label(&account.network)}</td>
            <td>{account.name.clone()}</td>
            <td class="font-monospace small">{account.external_id.clone()}</td>
            <td class="font-monospace small">{account.token_hint.clone()}</td>
            <td>{expires}</td>
            <td>
                {move || status_badge(i18n, &status)}
                {account.last_error.clone().map(|e| view! { <div class="small text-body-secondary text-break">{e}</div> })}
            </td>
            <td class="text-end">
                <ActionForm action=remove>
                    <input type="hidden" name="id" value=account.id />
                    <button type="submit" class="btn btn-sm btn-outline-danger" aria-label=remove_label>
                        {t!(i18n, social.disconnect)}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn ConnectForm(action: ServerAction<ConnectSocialAccount>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    view! {
        <section class="card mt-4" style="max-width: 40rem" aria-labelledby="connect-heading">
            <div class="card-body">
                <h2 id="connect-heading" class="h5">{t!(i18n, social.connect_heading)}</h2>
                <p class="small text-body-secondary">{t!(i18n, social.connect_intro)}</p>
                <FormAlert error />
                <ActionForm action>
                    <SelectField id="social-network" name="network" error_key="network" error
                        label=Signal::derive(move || t_string!(i18n, social.network).to_string())>
                        <option value="facebook">"Facebook (Página)"</option>
                        <option value="instagram">"Instagram (conta profissional)"</option>
                    </SelectField>
                    <TextField id="social-external-id" name="external_id" required=true error
                        label=Signal::derive(move || t_string!(i18n, social.external_id).to_string())
                        help=Signal::derive(move || t_string!(i18n, social.external_id_help).to_string()) />
                    <TextField id="social-page-id" name="page_id" error
                        label=Signal::derive(move || t_string!(i18n, social.page_id).to_string())
                        help=Signal::derive(move || t_string!(i18n, social.page_id_help).to_string()) />
                    <TextField id="social-token" name="token" kind="password" required=true error
                        autocomplete="off"
                        label=Signal::derive(move || t_string!(i18n, social.token).to_string())
                        help=Signal::derive(move || t_string!(i18n, social.token_help).to_string()) />
                    <TextField id="social-expires" name="expires_on" kind="date" error
                        label=Signal::derive(move || t_string!(i18n, social.expires_on).to_string())
                        help=Signal::derive(move || t_string!(i18n, social.expires_on_help).to_string()) />
                    <button type="submit" class="btn btn-primary">{t!(i18n, social.connect)}</button>
                </ActionForm>
            </div>
        </section>
    }
}

/// `/admin/redes-sociais`.
#[component]
pub fn SocialAccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let connect = ServerAction::<ConnectSocialAccount>::new();
    let remove = ServerAction::<RemoveSocialAccount>::new();
    let check = ServerAction::<CheckSocialAccounts>::new();
    let approval = ServerAction::<SetSocialApproval>::new();
    let approval_error = action_error(approval);
    let remove_error = action_error(remove);
    let check_error = action_error(check);
    let data = Resource::new(
        move || {
            (
                connect.version().get(),
                remove.version().get(),
                check.version().get(),
                approval.version().get(),
            )
        },
        |_| social_accounts(),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, social.accounts_title) />
        <AdminTabs />
        <h1 class="h3">{t!(i18n, social.accounts_title)}</h1>
        <p class="text-body-secondary">{t!(i18n, social.accounts_intro)}</p>
        <FormAlert error=remove_error />
        <FormAlert error=check_error />
        <Transition>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => {
                        let empty = data.accounts.is_empty();
                        let rows = data.accounts.into_iter().map(|account| view! { <AccountRow account remove /> }).collect_view();
                        let key_configured = data.key_configured;
                        view! {
                            {empty.then(|| view! { <p class="text-body-secondary">{t!(i18n, social.none)}</p> })}
                            {(!empty).then(|| view! {
                                <div class="table-responsive">
                                    <table class="table table-sm align-middle">
                                        <caption class="visually-hidden">{t!(i18n, social.accounts_title)}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, social.network)}</th>
                                                <th scope="col">{t!(i18n, social.col_name)}</th>
                                                <th scope="col">{t!(i18n, social.col_id)}</th>
                                                <th scope="col">{t!(i18n, social.col_token)}</th>
                                                <th scope="col">{t!(i18n, social.col_expires)}</th>
                                                <th scope="col">{t!(i18n, social.col_status)}</th>
                                                <th scope="col"><span class="visually-hidden">{t!(i18n, social.col_actions)}</span></th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                                <ActionForm action=check>
                                    <button type="submit" class="btn btn-outline-secondary">{t!(i18n, social.check_now)}</button>
                                </ActionForm>
                            })}
                            <p class="mt-3 small">
                                {t!(i18n, social.webhook_help)} " "
                                <code>{data.webhook_url}</code>
                            </p>
                            <section class="card mt-4" style="max-width: 40rem" aria-labelledby="approval-heading">
                                <div class="card-body">
                                    <h2 id="approval-heading" class="h5">{t!(i18n, social.approval_heading)}</h2>
                                    <FormAlert error=approval_error />
                                    <ActionForm action=approval>
                                        <div class="form-check mb-2">
                                            <input class="form-check-input" type="checkbox" id="social-approval"
                                                name="on" value="on" checked=data.approval />
                                            <label class="form-check-label" for="social-approval">{t!(i18n, social.approval_label)}</label>
                                        </div>
                                        <button type="submit" class="btn btn-outline-primary btn-sm">{t!(i18n, social.approval_save)}</button>
                                    </ActionForm>
                                </div>
                            </section>
                            {(!key_configured).then(|| view! {
                                <div class="alert alert-warning" role="alert">{t!(i18n, social.key_missing)}</div>
                            })}
                        }.into_any()
                    }
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
        <ConnectForm action=connect />
    }
}
