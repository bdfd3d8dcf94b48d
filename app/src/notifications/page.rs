//! The bell in the top bar (unread count, a link to the list) and the list itself
//! (`/notificacoes`), with "mark all read" as a plain form.

use leptos::prelude::*;

use super::{
    api::{my_notifications, ReadNotifications},
    Notification, RENEWAL_DUE,
};
use crate::{
    format::datetime_br,
    i18n::{t, t_string, use_i18n, Locale},
    ui::PageTitle,
};

/// The sentence a notification shows, in the reader's language.
pub fn text(i18n: leptos_i18n::I18nContext<Locale>, n: &Notification) -> String {
    let field = |key: &str| n.payload[key].as_str().unwrap_or_default().to_owned();
    match n.kind.as_str() {
        RENEWAL_DUE => {
            let days = n.payload["days"].as_i64().unwrap_or_default();
            let when = if days <= 0 {
                t_string!(i18n, notification.due_today).to_string()
            } else {
                format!(
                    "{} {days} {} ({})",
                    t_string!(i18n, notification.due_in),
                    t_string!(i18n, notification.days),
                    field("ends_on")
                )
            };
            format!(
                "{} {} — {} ({}) {when}",
                t_string!(i18n, notification.policy),
                field("number"),
                field("client"),
                field("insurer"),
            )
        }
        super::SOCIAL_POST_PENDING => format!(
            "{} “{}” ({})",
            t_string!(i18n, notification.post_pending),
            field("caption"),
            field("author")
        ),
        super::SOCIAL_POST_FAILED => {
            let network = match field("network").as_str() {
                "instagram" => "Instagram",
                _ => "Facebook",
            };
            format!(
                "{} {network}: “{}” — {}",
                t_string!(i18n, notification.post_failed),
                field("caption"),
                field("why")
            )
        }
        other => other.to_owned(),
    }
}

/// The bell: a link to the list, with the unread count (read by the layout together with the
/// signed-in user, in the top bar's one Suspense: a Suspense of its own nested there broke
/// hydration of other pages).
#[component]
pub fn NotificationBell(unread: i64) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || {
        if unread > 0 {
            format!(
                "{} ({unread} {})",
                t_string!(i18n, notification.title),
                t_string!(i18n, notification.unread)
            )
        } else {
            t_string!(i18n, notification.title).to_string()
        }
    };
    view! {
        <a href="/notificacoes" class="btn btn-sm btn-outline-light position-relative" aria-label=label title=label>
            <i class="bi bi-bell" aria-hidden="true"></i>
            {(unread > 0).then(|| view! {
                <span class="position-absolute top-0 start-100 translate-middle badge rounded-pill text-bg-danger" aria-hidden="true">
                    {unread.min(99)}
                </span>
            })}
        </a>
    }
}

/// `/notificacoes`.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let read = ServerAction::<ReadNotifications>::new();
    let inbox = Resource::new(move || read.version().get(), |_| my_notifications());
    // The bell's count (the layout's inbox) follows once all are marked read.
    let bell = use_context::<Resource<Result<super::Inbox, crate::error::AppError>>>();
    Effect::new(move |_| {
        if matches!(read.value().get(), Some(Ok(_))) {
            if let Some(bell) = bell {
                bell.refetch();
            }
        }
    });
    view! {
        <PageTitle text=move || t_string!(i18n, notification.title) />
        <div class="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-3">
            <h1 class="h3 mb-0">{t!(i18n, notification.title)}</h1>
            <ActionForm action=read>
                <button type="submit" class="btn btn-outline-secondary">{t!(i18n, notification.mark_all)}</button>
            </ActionForm>
        </div>
        <Transition>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(inbox) if inbox.items.is_empty() => view! {
                        <p class="text-body-secondary">{t!(i18n, notification.empty)}</p>
                    }.into_any(),
                    Ok(inbox) => view! {
                        <ul class="list-group">
                            {inbox.items.into_iter().map(|n| {
                                let line = text(i18n, &n);
                                view! {
                                    <li class="list-group-item d-flex justify-content-between gap-3" class:fw-semibold=!n.read>
                                        <a href=n.link.clone()>{line}</a>
                                        <span class="small text-body-secondary text-nowrap">{datetime_br(n.created_at)}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <p class="text-danger">{t!(i18n, notification.load_failed)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
