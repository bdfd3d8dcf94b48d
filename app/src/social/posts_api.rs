//! The publishing calendar's server functions: thin wrappers over [`super::posts`] and
//! [`super::repo`]. Any signed-in staff member sees the calendar and writes posts; changing a
//! post is for whoever wrote it and managers; approving is for managers and admins; the
//! approval setting is for admins. (A post with its pictures is sent as a plain multipart form
//! to `POST /redes-sociais/publicacoes`, served by the server crate.)

use leptos::prelude::*;

use super::{ComposeOptions, PostCalendar, PostView};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{auth::permissions::Action, error::respond};

#[cfg(feature = "ssr")]
fn post_id(id: &str) -> Result<i64, AppError> {
    id.trim().parse().map_err(|_| AppError::NotFound)
}

/// The posts `view` (`mes`, `semana`, `lista`) shows around `day` (`AAAA-MM-DD`, São Paulo;
/// today when blank or unreadable), and the drafts with no time yet.
#[server(prefix = "/api", endpoint = "social_calendar")]
pub async fn social_calendar(view: String, day: String) -> Result<PostCalendar, AppError> {
    respond(
        async {
            use super::calendar::{day_slug, parse_day, span, View};
            crate::auth::server::require_user().await?;
            let state = expect_context::<crate::state::AppState>();
            let now = state.clock.now();
            let anchor = parse_day(&day).unwrap_or_else(|| crate::format::today_sao_paulo(now));
            let (from, to) = span(View::parse(Some(view.as_str())), anchor);
            let (start, end) = crate::format::sao_paulo_days(Some(from), Some(to));
            let (start, end) = (
                start.map_or(0, |s| s.unix_timestamp()),
                end.map_or(0, |e| e.unix_timestamp()),
            );
            Ok(PostCalendar {
                posts: super::repo::posts_between(&state.db, start, end).await?,
                undated: super::repo::undated_posts(&state.db).await?,
                now: now.unix_timestamp(),
                approval: crate::settings::store::flag(&state.db, super::posts::APPROVAL_KEY)
                    .await?,
                anchor: day_slug(anchor),
            })
        }
        .await,
    )
}

/// Post `id` with its targets.
#[server(prefix = "/api", endpoint = "social_post")]
pub async fn social_post(id: String) -> Result<PostView, AppError> {
    respond(
        async {
            let user = crate::auth::server::require_user().await?;
            let state = expect_context::<crate::state::AppState>();
            super::posts::view(&state.db, user.0.role(), post_id(&id)?).await
        }
        .await,
    )
}

/// The accounts a post can go to, and whether the caller's posts wait for approval.
#[server(prefix = "/api", endpoint = "post_composer")]
pub async fn post_composer() -> Result<ComposeOptions, AppError> {
    respond(
        async {
            let user = crate::auth::server::require_user().await?;
            let state = expect_context::<crate::state::AppState>();
            let accounts = super::repo::accounts(&state.db)
                .await?
                .into_iter()
                .filter(|a| a.status != "needs_reconnect")
                .map(|a| super::PostAccount {
                    id: a.id,
                    network: a.network,
                    name: a.name,
                })
                .collect();
            Ok(ComposeOptions {
                accounts,
                needs_approval: super::posts::needs_approval(&state.db, user.0.role()).await?,
                now: state.clock.now().unix_timestamp(),
            })
        }
        .await,
    )
}

/// Approves pending post `id` (managers and admins; audited).
#[server(prefix = "/api", endpoint = "approve_social_post")]
pub async fn approve_social_post(id: String) -> Result<(), AppError> {
    respond(
        async {
            let user = crate::auth::server::require(Action::ApprovePosts).await?;
            let state = expect_context::<crate::state::AppState>();
            let now = state.clock.now().unix_timestamp();
            super::posts::approve(&state.db, user.0.id, user.0.role(), post_id(&id)?, now).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Sends post `id` out now (its author or a manager; audited).
#[server(prefix = "/api", endpoint = "publish_social_post_now")]
pub async fn publish_social_post_now(id: String) -> Result<(), AppError> {
    respond(
        async {
            let user = crate::auth::server::require_user().await?;
            let state = expect_context::<crate::state::AppState>();
            let now = state.clock.now().unix_timestamp();
            super::posts::publish_now(&state.db, user.0.id, user.0.role(), post_id(&id)?, now)
                .await?;
            state.jobs_wake.notify_one();
            Ok(())
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Moves post `id` to `quando` (`AAAA-MM-DDTHH:MM`, São Paulo), or gives a draft its time (its
/// author or a manager; audited).
#[server(prefix = "/api", endpoint = "reschedule_social_post")]
pub async fn reschedule_social_post(id: String, quando: String) -> Result<(), AppError> {
    respond(
        async {
            let user = crate::auth::server::require_user().await?;
            let state = expect_context::<crate::state::AppState>();
            let now = state.clock.now().unix_timestamp();
            let at = super::calendar::sao_paulo_instant(&quando);
            let (by, role) = (user.0.id, user.0.role());
            super::posts::reschedule(&state.db, by, role, post_id(&id)?, at, now).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Deletes post `id` before anything of it went to Meta (its author or a manager; audited);
/// the browser goes back to the calendar.
#[server(prefix = "/api", endpoint = "delete_social_post")]
pub async fn delete_social_post(id: String) -> Result<(), AppError> {
    respond(
        async {
            let user = crate::auth::server::require_user().await?;
            let state = expect_context::<crate::state::AppState>();
            super::posts::delete(&state.db, user.0.id, user.0.role(), post_id(&id)?).await
        }
        .await,
    )?;
    leptos_axum::redirect("/redes-sociais?excluida=1");
    Ok(())
}

/// Turns managers' approval of posts on or off (admins; audited).
#[server(prefix = "/api", endpoint = "set_social_approval")]
pub async fn set_social_approval(on: Option<String>) -> Result<(), AppError> {
    respond(
        async {
            let admin = crate::auth::server::require(Action::ManageSettings).await?;
            let state = expect_context::<crate::state::AppState>();
            let on = on.is_some_and(|v| v == "on" || v == "true");
            let key = super::posts::APPROVAL_KEY;
            crate::settings::store::save_flag(&state.db, admin.0.id, key, on, state.clock.now())
                .await?;
            Ok(())
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}
