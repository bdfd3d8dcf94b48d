//! Nova publicação (`/redes-sociais/nova`): the accounts it goes to, the caption (with its
//! length and hashtags counted as Instagram counts them), the alt text, the pictures, the time
//! in São Paulo — and "Agendar", "Publicar agora" or "Salvar rascunho". A plain multipart form
//! (`POST /redes-sociais/publicacoes`), the same with or without JavaScript; a refused form
//! comes back with the reason and what was typed. With JavaScript, a preview shows the caption
//! as each network shows it.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{
    calendar::network_icon, hashtags, posts_api::post_composer, ComposeOptions,
    MAX_CAPTION_CHARS as MAX_CAPTION, MAX_HASHTAGS,
};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::ErrorPage,
    ui::{message_in, PageTitle},
    users::Forbidden,
};

/// How much of a caption Instagram shows before "mais".
const INSTAGRAM_FOLD: usize = 125;

/// `/redes-sociais/nova`.
#[component]
pub fn ComposePostPage() -> impl IntoView {
    let i18n = use_i18n();
    let options = Resource::new(|| (), |_| post_composer());
    view! {
        <PageTitle text=move || t_string!(i18n, social.new_post) />
        <nav aria-label="breadcrumb">
            <ol class="breadcrumb">
                <li class="breadcrumb-item"><a href="/redes-sociais">{t!(i18n, social.posts_title)}</a></li>
                <li class="breadcrumb-item active" aria-current="page">{t!(i18n, social.new_post)}</li>
            </ol>
        </nav>
        <h1 class="h3">{t!(i18n, social.new_post)}</h1>
        <Transition>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(options) => view! { <Composer options /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Composer(options: ComposeOptions) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let given = move |key: &str| query.read_untracked().get(key).unwrap_or_default();
    let error = given("erro");
    let chosen: Vec<i64> = given("contas")
        .split(',')
        .filter_map(|id| id.parse().ok())
        .collect();
    let caption = RwSignal::new(given("legenda"));
    let when = {
        let given = given("quando");
        if given.is_empty() {
            // An hour from now, on the hour, in São Paulo.
            super::calendar::local(options.now + 3600)
                .map(|at| {
                    format!(
                        "{}T{:02}:00",
                        super::calendar::day_slug(at.date()),
                        at.hour()
                    )
                })
                .unwrap_or_default()
        } else {
            given
        }
    };
    if options.accounts.is_empty() {
        return view! {
            <div class="alert alert-warning" role="alert">{t!(i18n, social.no_accounts)}</div>
        }
        .into_any();
    }
    let fresh = chosen.is_empty();
    let instagram = options
        .accounts
        .iter()
        .find(|a| a.network == "instagram")
        .map(|a| a.name.clone());
    let page = options
        .accounts
        .iter()
        .find(|a| a.network == "facebook")
        .map(|a| a.name.clone());
    let boxes = options
        .accounts
        .into_iter()
        .map(|account| {
            let id = format!("post-account-{}", account.id);
            let (icon, network) = network_icon(&account.network);
            let name = if account.network == "instagram" {
                format!("@{}", account.name)
            } else {
                account.name.clone()
            };
            let checked = fresh || chosen.contains(&account.id);
            view! {
                <div class="form-check">
                    <input class="form-check-input" type="checkbox" name="contas" id=id.clone()
                        value=account.id checked=checked />
                    <label class="form-check-label" for=id>
                        <i class=format!("{icon} me-1") aria-hidden="true"></i>
                        {format!("{network} — {name}")}
                    </label>
                </div>
            }
        })
        .collect_view();
    let counter = move || {
        let text = caption.get();
        format!(
            "{} / {MAX_CAPTION} · {} / {MAX_HASHTAGS} hashtags",
            text.trim().chars().count(),
            hashtags(&text)
        )
    };
    let alert = (!error.is_empty()).then(|| {
        let text = message_in(i18n.get_locale_untracked(), &error);
        view! {
            <div class="alert alert-danger" role="alert">
                {text}
                <div class="small mt-1">{t!(i18n, social.pictures_again)}</div>
            </div>
        }
    });
    view! {
        {alert}
        {options.needs_approval.then(|| view! {
            <div class="alert alert-info" role="status">{t!(i18n, social.needs_approval)}</div>
        })}
        <div class="row g-4">
            <div class="col-lg-7">
                <form method="post" action="/redes-sociais/publicacoes" enctype="multipart/form-data">
                    <fieldset class="mb-3">
                        <legend class="form-label fs-6">{t!(i18n, social.post_to)}</legend>
                        {boxes}
                    </fieldset>
                    <div class="mb-3">
                        <label for="post-caption" class="form-label">{t!(i18n, social.caption)}</label>
                        <textarea id="post-caption" name="legenda" class="form-control" rows="6"
                            maxlength=MAX_CAPTION aria-describedby="post-caption-help post-caption-count"
                            prop:value=move || caption.get()
                            on:input=move |ev| caption.set(event_target_value(&ev))>{caption.get_untracked()}</textarea>
                        <div id="post-caption-help" class="form-text">{t!(i18n, social.caption_help)}</div>
                        <div id="post-caption-count" class="form-text" aria-live="polite">{counter}</div>
                    </div>
                    <div class="mb-3">
                        <label for="post-alt" class="form-label">{t!(i18n, social.alt_text)}</label>
                        <input id="post-alt" name="alt" type="text" class="form-control" maxlength="1000"
                            value=given("alt") aria-describedby="post-alt-help" />
                        <div id="post-alt-help" class="form-text">{t!(i18n, social.alt_text_help)}</div>
                    </div>
                    <div class="mb-3">
                        <label for="post-pictures" class="form-label">{t!(i18n, social.pictures)}</label>
                        <input id="post-pictures" name="imagens" type="file" class="form-control" multiple
                            accept="image/jpeg,image/png" aria-describedby="post-pictures-help" />
                        <div id="post-pictures-help" class="form-text">{t!(i18n, social.pictures_help)}</div>
                    </div>
                    <div class="mb-3" style="max-width: 18rem">
                        <label for="post-when" class="form-label">{t!(i18n, social.when)}</label>
                        <input id="post-when" name="quando" type="datetime-local" class="form-control"
                            value=when aria-describedby="post-when-help" />
                        <div id="post-when-help" class="form-text">{t!(i18n, social.when_help)}</div>
                    </div>
                    <div class="d-flex flex-wrap gap-2">
                        <button type="submit" name="acao" value="agendar" class="btn btn-primary">
                            <i class="bi bi-calendar-check me-1" aria-hidden="true"></i>{t!(i18n, social.schedule)}
                        </button>
                        <button type="submit" name="acao" value="agora" class="btn btn-outline-primary">
                            <i class="bi bi-send me-1" aria-hidden="true"></i>{t!(i18n, social.publish_now)}
                        </button>
                        <button type="submit" name="acao" value="rascunho" class="btn btn-outline-secondary">
                            {t!(i18n, social.save_draft)}
                        </button>
                    </div>
                </form>
            </div>
            <div class="col-lg-5">
                <h2 class="h5">{t!(i18n, social.preview)}</h2>
                <Preview caption=caption.into() instagram page picture=None />
            </div>
        </div>
    }
    .into_any()
}

/// The caption as each network shows it (Instagram folds it after 125 characters).
#[component]
pub fn Preview(
    caption: Signal<String>,
    instagram: Option<String>,
    page: Option<String>,
    /// The first picture's address (a saved post), else a placeholder.
    picture: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = move || match picture.clone() {
        Some(src) => view! { <img src=src alt="" class="w-100 social-preview-img" /> }.into_any(),
        None => view! {
            <div class="social-preview-picture" aria-hidden="true"><i class="bi bi-image"></i></div>
        }
        .into_any(),
    };
    let folded = move || {
        let text = caption.get();
        if text.chars().count() > INSTAGRAM_FOLD {
            let short: String = text.chars().take(INSTAGRAM_FOLD).collect();
            format!("{short}… {}", t_string!(i18n, social.more))
        } else {
            text
        }
    };
    let ig = instagram.map(|name| {
        view! {
            <div class="card mb-3 social-preview">
                <div class="card-header small fw-semibold">
                    <i class="bi bi-instagram me-1" aria-hidden="true"></i>{format!("@{name}")}
                </div>
                {shown()}
                <div class="card-body small">
                    <span class="fw-semibold">{name.clone()}</span> " " {folded}
                </div>
            </div>
        }
    });
    let fb = page.map(|name| {
        view! {
            <div class="card mb-3 social-preview">
                <div class="card-header small fw-semibold">
                    <i class="bi bi-facebook me-1" aria-hidden="true"></i>{name}
                </div>
                <div class="card-body small" style="white-space: pre-wrap">{move || caption.get()}</div>
                {shown()}
            </div>
        }
    });
    view! { {ig} {fb} }
}
