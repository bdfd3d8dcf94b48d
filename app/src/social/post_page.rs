//! A post (`/redes-sociais/{id}`): its state, time, caption and pictures as each network will
//! show them, each account's progress (with the link to see it once live, or Meta's reason when
//! it failed), and what can still be done: approve it (managers, when it waits), send it now,
//! or delete it — while nothing of it has gone to Meta.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    calendar::{local, network_icon, status_class, status_label},
    compose::Preview,
    posts_api::{
        social_post, ApproveSocialPost, DeleteSocialPost, PublishSocialPostNow,
        RescheduleSocialPost,
    },
    PostTarget, PostView,
};
use crate::{
    error::AppError,
    format::datetime_br,
    i18n::{t, t_string, use_i18n},
    pages::ErrorPage,
    ui::{action_error, FormAlert, PageTitle, TextField},
    users::Forbidden,
};

/// `/redes-sociais/{id}`.
#[component]
pub fn PostPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let approve = ServerAction::<ApproveSocialPost>::new();
    let now = ServerAction::<PublishSocialPostNow>::new();
    let delete = ServerAction::<DeleteSocialPost>::new();
    let reschedule = ServerAction::<RescheduleSocialPost>::new();
    let post = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                approve.version().get(),
                now.version().get(),
                reschedule.version().get(),
            )
        },
        |(id, _, _, _)| social_post(id),
    );
    let actions = Actions {
        approve,
        now,
        delete,
        reschedule,
    };
    view! {
        <PageTitle text=move || t_string!(i18n, social.post_title) />
        <nav aria-label="breadcrumb">
            <ol class="breadcrumb">
                <li class="breadcrumb-item"><a href="/redes-sociais">{t!(i18n, social.posts_title)}</a></li>
                <li class="breadcrumb-item active" aria-current="page">{t!(i18n, social.post_title)}</li>
            </ol>
        </nav>
        <Transition>
            {move || Suspend::new(async move {
                match post.await {
                    Ok(post) => view! { <Post post actions /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn saved_notice(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, outcome: &str) -> String {
    match outcome {
        "rascunho" => t_string!(i18n, social.saved_draft),
        "aprovacao" => t_string!(i18n, social.saved_pending),
        _ => t_string!(i18n, social.saved_scheduled),
    }
    .to_string()
}

/// What can be done to a post.
#[derive(Clone, Copy)]
struct Actions {
    approve: ServerAction<ApproveSocialPost>,
    now: ServerAction<PublishSocialPostNow>,
    delete: ServerAction<DeleteSocialPost>,
    reschedule: ServerAction<RescheduleSocialPost>,
}

#[component]
fn Post(post: PostView, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let Actions {
        approve,
        now,
        delete,
        reschedule,
    } = actions;
    let query = use_query_map();
    let saved = query
        .read_untracked()
        .get("salva")
        .map(|outcome| saved_notice(i18n, &outcome));
    let errors = [
        action_error(approve),
        action_error(now),
        action_error(delete),
    ];
    let summary = post.summary.clone();
    let id = summary.id;
    let when = summary
        .publish_at
        .and_then(local)
        .map(datetime_br)
        .unwrap_or_else(|| t_string!(i18n, social.no_time).to_string());
    let reschedule_error = action_error(reschedule);
    let name_of = |network: &str| {
        post.targets
            .iter()
            .find(|t| t.network == network)
            .map(|t| t.account_name.clone())
    };
    let (instagram, page) = (name_of("instagram"), name_of("facebook"));
    let current = summary
        .publish_at
        .and_then(local)
        .map(|at| {
            format!(
                "{}T{:02}:{:02}",
                super::calendar::day_slug(at.date()),
                at.hour(),
                at.minute()
            )
        })
        .unwrap_or_default();
    let first_picture = (summary.pictures > 0).then(|| format!("/redes-sociais/{id}/imagens/0"));
    let pictures = (0..summary.pictures)
        .map(|n| {
            let alt = post.alt_text.clone().unwrap_or_default();
            view! {
                <img src=format!("/redes-sociais/{id}/imagens/{n}") alt=alt
                    class="img-thumbnail me-2 mb-2 social-thumb" loading="lazy" />
            }
        })
        .collect_view();
    let targets = post
        .targets
        .into_iter()
        .map(|target| view! { <TargetRow target /> })
        .collect_view();
    let actions = (post.can_approve || post.can_change).then(|| {
        view! {
            <div class="d-flex flex-wrap gap-2 mt-3">
                {post.can_approve.then(|| view! {
                    <ActionForm action=approve>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="btn btn-success">
                            <i class="bi bi-check2-circle me-1" aria-hidden="true"></i>{t!(i18n, social.approve)}
                        </button>
                    </ActionForm>
                })}
                {(post.can_change && summary.status != "pending").then(|| view! {
                    <ActionForm action=now>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="btn btn-outline-primary">
                            <i class="bi bi-send me-1" aria-hidden="true"></i>{t!(i18n, social.publish_now)}
                        </button>
                    </ActionForm>
                })}
                {post.can_change.then(|| view! {
                    <details class="d-inline-block">
                        <summary class="btn btn-outline-secondary">{t!(i18n, social.reschedule)}</summary>
                        <ActionForm action=reschedule attr:class="mt-2">
                            <input type="hidden" name="id" value=id />
                            <TextField id="post-reschedule" name="quando" kind="datetime-local" required=true
                                value=current.clone() error=reschedule_error
                                label=Signal::derive(move || t_string!(i18n, social.when).to_string()) />
                            <button type="submit" class="btn btn-sm btn-primary">{t!(i18n, social.reschedule_save)}</button>
                        </ActionForm>
                    </details>
                })}
                {post.can_change.then(|| view! {
                    <details class="d-inline-block">
                        <summary class="btn btn-outline-danger">{t!(i18n, social.delete)}</summary>
                        <ActionForm action=delete attr:class="mt-2">
                            <input type="hidden" name="id" value=id />
                            <p class="small mb-2">{t!(i18n, social.delete_confirm)}</p>
                            <button type="submit" class="btn btn-sm btn-danger">{t!(i18n, social.delete_confirm_button)}</button>
                        </ActionForm>
                    </details>
                })}
            </div>
        }
    });
    view! {
        {saved.map(|text| view! { <div class="alert alert-success" role="status">{text}</div> })}
        {errors.map(|error| view! { <FormAlert error /> }).into_iter().collect_view()}
        <div class="d-flex flex-wrap align-items-center gap-2 mb-3">
            <h1 class="h3 mb-0">{t!(i18n, social.post_title)}</h1>
            <span class=status_class(&summary.status)>{status_label(i18n, &summary.status)}</span>
        </div>
        <dl class="row">
            <dt class="col-sm-3">{t!(i18n, social.col_when)}</dt>
            <dd class="col-sm-9">{when}</dd>
            {post.created_by.map(|name| view! {
                <dt class="col-sm-3">{t!(i18n, social.written_by)}</dt>
                <dd class="col-sm-9">{name}</dd>
            })}
            {post.approved_by.map(|name| view! {
                <dt class="col-sm-3">{t!(i18n, social.approved_by)}</dt>
                <dd class="col-sm-9">{name}</dd>
            })}
        </dl>
        <div class="row g-4">
        <div class="col-lg-7">
        <section class="card mb-3" aria-labelledby="post-content">
            <div class="card-body">
                <h2 id="post-content" class="h6">{t!(i18n, social.caption)}</h2>
                <p style="white-space: pre-wrap">{summary.caption.clone()}</p>
                <div>{pictures}</div>
                {post.alt_text.clone().map(|alt| view! {
                    <p class="small text-body-secondary mb-0">{t!(i18n, social.alt_text)} ": " {alt}</p>
                })}
            </div>
        </section>
        </div>
        <div class="col-lg-5">
            <h2 class="h5">{t!(i18n, social.preview)}</h2>
            <Preview caption=Signal::stored(summary.caption.clone()) instagram page picture=first_picture />
        </div>
        </div>
        <h2 class="h5">{t!(i18n, social.targets)}</h2>
        <div class="table-responsive">
            <table class="table table-sm align-middle">
                <caption class="visually-hidden">{t!(i18n, social.targets)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, social.network)}</th>
                        <th scope="col">{t!(i18n, social.col_state)}</th>
                        <th scope="col">{t!(i18n, social.col_link)}</th>
                    </tr>
                </thead>
                <tbody>{targets}</tbody>
            </table>
        </div>
        {actions}
    }
}

/// A target's state in words.
fn target_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, state: &str) -> String {
    match state {
        "scheduled" => t_string!(i18n, social.target_waiting),
        "published" => t_string!(i18n, social.post_published),
        "failed" => t_string!(i18n, social.post_failed),
        _ => t_string!(i18n, social.target_sending),
    }
    .to_string()
}

#[component]
fn TargetRow(target: PostTarget) -> impl IntoView {
    let i18n = use_i18n();
    let (icon, network) = network_icon(&target.network);
    let class = match target.state.as_str() {
        "published" => "badge text-bg-success",
        "failed" => "badge text-bg-danger",
        "scheduled" => "badge text-bg-secondary",
        _ => "badge text-bg-info",
    };
    let name = if target.network == "instagram" {
        format!("@{}", target.account_name)
    } else {
        target.account_name.clone()
    };
    let link = target.permalink.clone().map(|link| {
        let text = format!("{} {network}", t_string!(i18n, social.see_on));
        view! { <a href=link target="_blank" rel="noopener noreferrer">{text}</a> }
    });
    let when = target.published_at.and_then(local).map(datetime_br);
    view! {
        <tr>
            <td><i class=format!("{icon} me-1") aria-hidden="true"></i>{format!("{network} — {name}")}</td>
            <td>
                <span class=class>{target_label(i18n, &target.state)}</span>
                {when.map(|w| view! { <span class="small text-body-secondary ms-2">{w}</span> })}
                {target.last_error.clone().map(|e| view! { <div class="small text-danger text-break">{e}</div> })}
            </td>
            <td>{link}</td>
        </tr>
    }
}
