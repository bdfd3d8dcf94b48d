//! The publishing scheduler against the local fake Graph API, on both engines: a post waits for
//! its time, then each account's target goes container → status → publish → permalink exactly
//! once — also when a run crashes between the container and the publish, or after a publish
//! whose answer was lost, or in the middle of a carousel — the Instagram quota read at run time
//! makes a post wait, and a refused token fails it with Meta's reason and marks the account.

use app::{
    clock::Clock,
    on_pool,
    social::{posts, publish},
};
use server::fake_graph::{Failure, INSTAGRAM_ID, PAGE_ID};

use crate::{
    social_inbox::{world, World},
    whatsapp_webhook::{count, one_text},
};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake picture bytes";

async fn account(w: &World, external: &str) -> i64 {
    count(
        &w.app.db,
        &format!("SELECT id FROM social_accounts WHERE external_id = '{external}'"),
    )
    .await
}

/// A post with `pictures` PNGs for `accounts`, `in_seconds` from now; answers its id.
async fn post(w: &World, pictures: usize, accounts: Vec<i64>, in_seconds: i64) -> i64 {
    let now = w.clock.now().unix_timestamp();
    let draft = posts::Draft {
        caption: "Seguro residencial a partir de R$ 25/mês #seguro #casa".into(),
        alt_text: Some("Uma casa com a família na varanda".into()),
        publish_at: Some(now + in_seconds),
        pictures: vec![("image/png".into(), PNG.to_vec()); pictures],
        accounts,
        hold: false,
    };
    posts::schedule(&w.app.db, None, &draft, false, now)
        .await
        .unwrap()
}

async fn target_of(
    w: &World,
    post: i64,
    account: i64,
) -> (i64, String, Option<String>, Option<String>) {
    on_pool!(&w.app.db, pool => sqlx::query_as(
        "SELECT id, state, permalink, last_error FROM social_post_targets \
         WHERE post_id = $1 AND account_id = $2")
        .bind(post).bind(account).fetch_one(pool).await)
    .unwrap()
}

fn ig_published(w: &World) -> usize {
    w.fake
        .published()
        .iter()
        .filter(|(a, _, _)| a == INSTAGRAM_ID)
        .count()
}

async fn step(w: &World, target: i64) {
    let state = w.app.server.as_ref().unwrap().state();
    let now = w.clock.now().unix_timestamp();
    publish::step(&w.app.db, &state.social, &state.app_origin, target, now)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_post_waits_for_its_time_then_goes_out_once_on_each_account_with_its_permalink() {
    for backend in backends() {
        let w = world(backend, false).await;
        let (ig, fb) = (account(&w, INSTAGRAM_ID).await, account(&w, PAGE_ID).await);
        let id = post(&w, 1, vec![ig, fb], 120).await;
        w.app.run_jobs().await;
        assert!(w.fake.containers().is_empty(), "not before its time");
        assert_eq!(target_of(&w, id, ig).await.1, "scheduled");

        w.clock.advance(time::Duration::minutes(2));
        w.app.run_jobs().await;
        let (_, state, link, _) = target_of(&w, id, ig).await;
        assert_eq!(state, "published");
        assert!(link.unwrap().starts_with("https://www.instagram.com/p/"));
        let (_, state, link, _) = target_of(&w, id, fb).await;
        assert_eq!(state, "published");
        assert!(link.unwrap().starts_with("https://www.facebook.com/"));
        assert_eq!(
            one_text(
                &w.app.db,
                &format!("SELECT status FROM social_posts WHERE id = {id}")
            )
            .await,
            Some("published".to_owned())
        );
        // One container, one Instagram media, one Page photo.
        let containers = w.fake.containers();
        assert_eq!(containers.len(), 1);
        assert_eq!(ig_published(&w), 1);
        assert_eq!(w.fake.published().len(), 2);
        let body = &containers[0].body;
        assert_eq!(
            body["caption"],
            "Seguro residencial a partir de R$ 25/mês #seguro #casa"
        );
        assert_eq!(body["alt_text"], "Uma casa com a família na varanda");

        // The picture is served to Meta from a public, unguessable, expiring address.
        let url = body["image_url"].as_str().unwrap().to_owned();
        let path = url
            .split_once("/social/midia/")
            .map(|(_, t)| format!("/social/midia/{t}"))
            .unwrap();
        assert_eq!(path.len(), "/social/midia/".len() + 64);
        let res = w.app.get(&path, &[]).await;
        assert_eq!(res.status, 200);
        assert_eq!(res.header("content-type"), "image/png");
        assert_eq!(w.app.get("/social/midia/00ff", &[]).await.status, 404);
        w.clock.advance(time::Duration::days(8));
        assert_eq!(w.app.get(&path, &[]).await.status, 404, "expired");

        // Running again publishes nothing more.
        w.app.run_jobs().await;
        assert_eq!(w.fake.published().len(), 2);
    }
}

#[tokio::test]
async fn a_crash_between_the_container_and_the_publish_resumes_without_a_second_container_or_post()
{
    for backend in backends() {
        let w = world(backend, false).await;
        let ig = account(&w, INSTAGRAM_ID).await;
        let id = post(&w, 1, vec![ig], 0).await;
        let now = w.clock.now().unix_timestamp();
        publish::queue_due(&w.app.db, now).await.unwrap();
        let target = target_of(&w, id, ig).await.0;
        // One step: the container is made and kept; then the process dies.
        step(&w, target).await;
        assert_eq!(target_of(&w, id, ig).await.1, "processing");
        assert_eq!(w.fake.containers().len(), 1);
        // The queued job runs after the restart.
        w.app.run_jobs().await;
        assert_eq!(target_of(&w, id, ig).await.1, "published");
        assert_eq!(
            w.fake.containers().len(),
            1,
            "the container was not made again"
        );
        assert_eq!(ig_published(&w), 1);

        // A crash after Meta published but before the answer was kept: never published twice.
        let id = post(&w, 1, vec![ig], 0).await;
        publish::queue_due(&w.app.db, now).await.unwrap();
        let target = target_of(&w, id, ig).await.0;
        step(&w, target).await;
        step(&w, target).await;
        assert_eq!(target_of(&w, id, ig).await.1, "publishing");
        let container = w.fake.containers()[1].clone();
        let container_id = one_text(
            &w.app.db,
            &format!("SELECT container_id FROM social_post_targets WHERE id = {target}"),
        )
        .await
        .unwrap();
        assert!(container.published.is_none());
        w.fake.publish_behind_the_apps_back(&container_id).unwrap();
        assert_eq!(ig_published(&w), 2);
        w.app.run_jobs().await;
        assert_eq!(target_of(&w, id, ig).await.1, "published");
        assert_eq!(
            ig_published(&w),
            2,
            "no second publish of the same container"
        );
    }
}

#[tokio::test]
async fn a_carousel_interrupted_by_meta_keeps_the_items_made_and_makes_only_the_rest() {
    for backend in backends() {
        let w = world(backend, false).await;
        let ig = account(&w, INSTAGRAM_ID).await;
        let id = post(&w, 3, vec![ig], 0).await;
        // Quota read and two items made, then Meta fails on the third.
        w.fake.fail_next([
            Failure::Pass,
            Failure::Pass,
            Failure::Pass,
            Failure::ServerError,
        ]);
        w.app.run_jobs().await;
        assert_eq!(w.fake.containers().len(), 2);
        assert_eq!(target_of(&w, id, ig).await.1, "creating");
        // The job runs again after its backoff.
        w.clock.advance(time::Duration::minutes(5));
        w.app.run_jobs().await;
        let containers = w.fake.containers();
        assert_eq!(containers.len(), 4, "three items and the carousel");
        let parent = &containers[3].body;
        assert_eq!(parent["media_type"], "CAROUSEL");
        assert_eq!(parent["children"].as_str().unwrap().split(',').count(), 3);
        assert!(containers[..3]
            .iter()
            .all(|c| c.body["is_carousel_item"] == true));
        assert_eq!(target_of(&w, id, ig).await.1, "published");
        assert_eq!(ig_published(&w), 1);
    }
}

#[tokio::test]
async fn a_full_instagram_quota_makes_the_post_wait_and_it_goes_when_there_is_room_again() {
    for backend in backends() {
        let w = world(backend, false).await;
        let ig = account(&w, INSTAGRAM_ID).await;
        w.fake.set_quota(50, 50);
        let id = post(&w, 1, vec![ig], 0).await;
        w.app.run_jobs().await;
        let (_, state, _, why) = target_of(&w, id, ig).await;
        assert_eq!(state, "scheduled");
        assert!(why.unwrap().contains("50 of 50"));
        assert!(w.fake.containers().is_empty());
        // Still full a minute later: it does not even ask.
        w.clock.advance(time::Duration::minutes(1));
        w.app.run_jobs().await;
        assert!(w.fake.containers().is_empty());

        w.fake.set_quota(10, 50);
        w.clock.advance(time::Duration::hours(1));
        w.app.run_jobs().await;
        assert_eq!(target_of(&w, id, ig).await.1, "published");
        assert_eq!(ig_published(&w), 1);
    }
}

#[tokio::test]
async fn a_token_meta_refuses_fails_the_post_with_the_reason_and_marks_the_account() {
    for backend in backends() {
        let w = world(backend, false).await;
        let ig = account(&w, INSTAGRAM_ID).await;
        let id = post(&w, 1, vec![ig], 0).await;
        w.fake.fail_next([Failure::Meta {
            status: 400,
            code: 190,
        }]);
        w.app.run_jobs().await;
        let (_, state, _, why) = target_of(&w, id, ig).await;
        assert_eq!(state, "failed");
        assert!(why.is_some());
        assert_eq!(
            one_text(
                &w.app.db,
                &format!("SELECT status FROM social_posts WHERE id = {id}")
            )
            .await,
            Some("failed".to_owned())
        );
        assert_eq!(
            one_text(
                &w.app.db,
                &format!("SELECT status FROM social_accounts WHERE id = {ig}")
            )
            .await,
            Some("needs_reconnect".to_owned())
        );
        assert!(w.fake.containers().is_empty());
    }
}

#[tokio::test]
async fn a_post_meta_cannot_take_is_refused_in_words_before_anything_is_kept() {
    for backend in backends() {
        let w = world(backend, false).await;
        let ig = account(&w, INSTAGRAM_ID).await;
        let before = w.app.table_counts().await;
        let now = w.clock.now().unix_timestamp();
        let draft = posts::Draft {
            caption: "x".repeat(2201),
            publish_at: Some(now - 3600),
            pictures: vec![("image/png".into(), b"<svg onload=alert(1)>".to_vec())],
            accounts: vec![ig],
            ..Default::default()
        };
        let err = posts::schedule(&w.app.db, None, &draft, false, now)
            .await
            .unwrap_err();
        let app::error::AppError::Invalid { fields } = err else {
            panic!("{err:?}")
        };
        assert_eq!(fields["caption"], "social_caption_too_long");
        assert_eq!(fields["pictures"], "social_picture_type");
        assert_eq!(fields["publish_at"], "social_time_past");
        assert_eq!(w.app.table_counts().await, before);
    }
}

fn backends() -> Vec<app::db::Backend> {
    crate::support::backends()
}

#[tokio::test]
async fn a_page_post_whose_answer_was_lost_is_found_on_the_page_and_not_posted_twice() {
    for backend in backends() {
        let w = world(backend, false).await;
        let fb = account(&w, PAGE_ID).await;
        let id = post(&w, 1, vec![fb], 0).await;
        // The photo goes out, but the app hears only Meta's 500.
        w.fake.lose_next_answers(1);
        w.app.run_jobs().await;
        let page_posts = |w: &World| {
            w.fake
                .published()
                .into_iter()
                .filter(|(a, _, _)| a == PAGE_ID)
                .collect::<Vec<_>>()
        };
        assert_eq!(page_posts(&w).len(), 1);
        let (_, state, _, _) = target_of(&w, id, fb).await;
        assert_eq!(
            state, "publishing",
            "the outcome is unknown: tried again later"
        );

        w.clock.advance(time::Duration::minutes(5));
        w.app.run_jobs().await;
        let (_, state, link, _) = target_of(&w, id, fb).await;
        assert_eq!(state, "published");
        assert!(link.unwrap().starts_with("https://www.facebook.com/"));
        assert_eq!(
            page_posts(&w).len(),
            1,
            "found on the Page, not posted again"
        );
        let external = one_text(
            &w.app.db,
            &format!("SELECT external_post_id FROM social_post_targets WHERE post_id = {id}"),
        )
        .await;
        assert_eq!(external.as_deref(), Some(page_posts(&w)[0].1.as_str()));

        // The same text posted again later through the CRM is a new post, not the old one.
        let again = post(&w, 1, vec![fb], 0).await;
        w.app.run_jobs().await;
        assert_eq!(target_of(&w, again, fb).await.1, "published");
        assert_eq!(page_posts(&w).len(), 2);
    }
}
