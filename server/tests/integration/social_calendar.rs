//! The publishing calendar over HTTP on both engines, as staff use it: a post sent through the
//! plain multipart form is kept with its pictures (shown to staff only — visitors go to the login; served to Meta from an
//! address that expires), a refused form goes back with the reason in words and what was typed
//! and keeps nothing, managers approve brokers' posts when the brokerage turns that on, a draft
//! is sent now by its author, only a post nothing of which went to Meta can be deleted, and the
//! people concerned are notified (managers of a post to approve, the author of a failure).

use app::{clock::Clock, on_pool, roles::Role};
use server::fake_graph::{INSTAGRAM_ID, PAGE_ID};

use crate::{
    clients::staff,
    social_inbox::{world, World},
    support::{backends, TestResponse},
    whatsapp_webhook::one_text,
};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a picture";

async fn account(w: &World, external: &str) -> String {
    one_text(
        &w.app.db,
        &format!("SELECT CAST(id AS TEXT) FROM social_accounts WHERE external_id = '{external}'"),
    )
    .await
    .unwrap()
}

/// The form's time field for `seconds` from the app's now, in São Paulo.
fn in_sao_paulo(w: &World, seconds: i64) -> String {
    let at = (w.clock.now() + time::Duration::seconds(seconds)).to_offset(app::format::SAO_PAULO);
    format!(
        "{}T{:02}:{:02}",
        app::social::calendar::day_slug(at.date()),
        at.hour(),
        at.minute()
    )
}

/// Sends the composer's form as the holder of `cookie`.
async fn compose(
    w: &World,
    cookie: &str,
    fields: &[(&str, &str)],
    picture: (&str, &[u8]),
) -> TestResponse {
    let file = ("imagens", picture.0, "application/octet-stream", picture.1);
    w.app
        .post_multipart(cookie, "/redes-sociais/publicacoes", fields, file)
        .await
}

/// The post id a successful form went to (`/redes-sociais/{id}?salva=…`), and the outcome.
fn kept(res: &TestResponse) -> (i64, String) {
    assert_eq!(res.status, 303, "{}", res.body);
    let location = res.header("location");
    let rest = location
        .strip_prefix("/redes-sociais/")
        .unwrap_or_else(|| panic!("went to {location}"));
    let (id, outcome) = rest.split_once("?salva=").unwrap();
    (id.parse().unwrap(), outcome.to_owned())
}

async fn posts(w: &World) -> i64 {
    on_pool!(&w.app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM social_posts")
        .fetch_one(pool).await)
    .unwrap()
}

async fn status(w: &World, id: i64) -> String {
    one_text(
        &w.app.db,
        &format!("SELECT status FROM social_posts WHERE id = {id}"),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_post_sent_through_the_form_is_kept_with_its_pictures_shown_to_staff_and_to_meta_until_it_expires(
) {
    for backend in backends() {
        let w = world(backend, false).await;
        let (ig, fb) = (account(&w, INSTAGRAM_ID).await, account(&w, PAGE_ID).await);
        let when = in_sao_paulo(&w, 3600);
        let fields = [
            ("contas", ig.as_str()),
            ("contas", fb.as_str()),
            ("legenda", "Seguro auto com carro reserva #seguroauto"),
            ("alt", "Um carro na garagem"),
            ("quando", when.as_str()),
            ("acao", "agendar"),
        ];
        let res = compose(&w, &w.ana, &fields, ("carro.png", PNG)).await;
        let (id, outcome) = kept(&res);
        assert_eq!(outcome, "agendada");
        assert_eq!(status(&w, id).await, "scheduled");
        assert_eq!(w.app.audit_count("social.post_created").await, 1);
        let at: i64 = on_pool!(&w.app.db, pool => sqlx::query_scalar(
            "SELECT publish_at FROM social_posts WHERE id = $1").bind(id).fetch_one(pool).await)
        .unwrap();
        let now = w.clock.now().unix_timestamp();
        assert!(
            (3540..=3600).contains(&(at - now)),
            "São Paulo time, to the minute"
        );

        // Staff see the picture; visitors do not.
        let picture = w
            .app
            .get_as(&w.ana, &format!("/redes-sociais/{id}/imagens/0"))
            .await;
        assert_eq!(picture.status, 200);
        assert_eq!(picture.header("content-type"), "image/png");
        assert_eq!(picture.bytes, PNG);
        let visitor = w
            .app
            .get(&format!("/redes-sociais/{id}/imagens/0"), &[])
            .await;
        assert_eq!(visitor.status, 303);
        assert!(visitor.header("location").starts_with("/login"));

        // Meta fetches it from its unguessable address until a week after the post's time.
        let token = one_text(
            &w.app.db,
            &format!("SELECT token FROM social_post_media WHERE post_id = {id}"),
        )
        .await
        .unwrap();
        assert_eq!(token.len(), 64);
        let public = format!("/social/midia/{token}");
        assert_eq!(w.app.get(&public, &[]).await.bytes, PNG);
        assert_eq!(
            w.app
                .get(&format!("/social/midia/{}", "0".repeat(64)), &[])
                .await
                .status,
            404
        );
        w.clock.advance(time::Duration::days(8));
        assert_eq!(w.app.get(&public, &[]).await.status, 404);
    }
}

#[tokio::test]
async fn a_refused_form_goes_back_with_the_reason_and_what_was_typed_and_keeps_nothing() {
    for backend in backends() {
        let w = world(backend, false).await;
        let ig = account(&w, INSTAGRAM_ID).await;
        let when = in_sao_paulo(&w, 3600);
        let fields = [
            ("contas", ig.as_str()),
            ("legenda", "Proteção para a família & o lar"),
            ("quando", when.as_str()),
            ("acao", "agendar"),
        ];
        let res = compose(&w, &w.ana, &fields, ("logo.svg", b"<svg/>")).await;
        assert_eq!(res.status, 303);
        let back = res.header("location");
        assert!(
            back.starts_with("/redes-sociais/nova?erro=social_picture_type&"),
            "{back}"
        );
        assert!(
            back.contains("legenda=Prote%C3%A7%C3%A3o%20para%20a%20fam%C3%ADlia%20%26%20o%20lar"),
            "{back}"
        );
        assert!(back.contains(&format!("contas={ig}")), "{back}");

        // Instagram without a picture, and a schedule without a time.
        let res = compose(&w, &w.ana, &fields, ("", b"")).await;
        assert!(res
            .header("location")
            .contains("erro=social_instagram_needs_picture"));
        let untimed = [
            ("contas", ig.as_str()),
            ("legenda", "Oi"),
            ("acao", "agendar"),
        ];
        let res = compose(&w, &w.ana, &untimed, ("a.png", PNG)).await;
        assert!(res.header("location").contains("erro=social_time_required"));
        assert_eq!(posts(&w).await, 0, "nothing half-kept");

        // The reason reads in Portuguese on the composer.
        let page = w.app.get_as(&w.ana, back).await;
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains("Envie imagens JPEG ou PNG."),
            "{}",
            page.body
        );
        assert!(page.body.contains("Proteção para a família &amp; o lar"));
        // Visitors cannot post.
        let res = compose(&w, "", &fields, ("a.png", PNG)).await;
        assert_eq!(res.status, 401);
    }
}

#[tokio::test]
async fn with_approval_on_a_brokers_post_waits_for_a_manager_and_goes_out_once_approved() {
    for backend in backends() {
        let w = world(backend, false).await;
        let res = w
            .app
            .call(&w.admin, "/api/set_social_approval", &[("on", "on")])
            .await;
        assert!(res.status < 400, "{}", res.body);
        assert_eq!(w.app.audit_count("settings.update").await, 1);
        let ig = account(&w, INSTAGRAM_ID).await;
        let fields = [
            ("contas", ig.as_str()),
            ("legenda", "Agora!"),
            ("acao", "agora"),
        ];
        let (id, outcome) = kept(&compose(&w, &w.ana, &fields, ("a.png", PNG)).await);
        assert_eq!(outcome, "aprovacao");
        assert_eq!(status(&w, id).await, "pending");
        // The admin (the only manager or admin yet) is told, with a link to the post.
        let told: Vec<(String, String)> = on_pool!(&w.app.db, pool => sqlx::query_as(
            "SELECT kind, link FROM notifications WHERE kind = 'social_post_pending'")
            .fetch_all(pool).await)
        .unwrap();
        assert_eq!(
            told,
            [(
                "social_post_pending".to_owned(),
                format!("/redes-sociais/{id}")
            )]
        );
        w.app.run_jobs().await;
        assert!(w.fake.containers().is_empty(), "not before approval");

        // A broker cannot approve; a manager can, and it goes out.
        let approve = |cookie: String| {
            let app = &w.app;
            let id = id.to_string();
            async move {
                app.call(&cookie, "/api/approve_social_post", &[("id", &id)])
                    .await
            }
        };
        assert_eq!(approve(w.ana.clone()).await.status, 403);
        let (_, chefe) = staff(&w.app, "gestor@monteiro.test", Role::Manager, None).await;
        let res = approve(chefe.clone()).await;
        assert!(res.status < 400, "{}", res.body);
        assert_eq!(approve(chefe).await.status, 409, "approved once");
        assert_eq!(w.app.audit_count("social.post_approved").await, 1);
        w.app.run_jobs().await;
        assert_eq!(status(&w, id).await, "published");
        assert_eq!(w.fake.published().len(), 1);

        // A manager's own posts need no approval.
        let (_, gestora) = staff(&w.app, "gestora@monteiro.test", Role::Manager, None).await;
        let (_, outcome) = kept(&compose(&w, &gestora, &fields, ("a.png", PNG)).await);
        assert_eq!(outcome, "agendada");
    }
}

#[tokio::test]
async fn a_draft_is_sent_now_by_its_author_and_only_a_post_not_yet_sent_can_be_deleted() {
    for backend in backends() {
        let w = world(backend, false).await;
        let fb = account(&w, PAGE_ID).await;
        let fields = [
            ("contas", fb.as_str()),
            ("legenda", "Rascunho da semana"),
            ("acao", "rascunho"),
        ];
        let (id, outcome) = kept(&compose(&w, &w.ana, &fields, ("", b"")).await);
        assert_eq!(outcome, "rascunho");
        assert_eq!(status(&w, id).await, "draft");
        w.app.run_jobs().await;
        assert!(w.fake.published().is_empty(), "a draft does not go out");

        // The calendar lists it among the drafts without a date.
        let calendar = w
            .app
            .call(
                &w.ana,
                "/api/social_calendar",
                &[("view", "mes"), ("day", "")],
            )
            .await;
        assert_eq!(calendar.status, 200);
        assert_eq!(calendar.json()["undated"][0]["id"], id);

        // Another broker may neither send nor delete it.
        let (_, bia) = staff(&w.app, "bia@monteiro.test", Role::User, None).await;
        let id_text = id.to_string();
        let args = [("id", id_text.as_str())];
        assert_eq!(
            w.app
                .call(&bia, "/api/publish_social_post_now", &args)
                .await
                .status,
            403
        );
        assert_eq!(
            w.app
                .call(&bia, "/api/delete_social_post", &args)
                .await
                .status,
            403
        );

        let res = w
            .app
            .call(&w.ana, "/api/publish_social_post_now", &args)
            .await;
        assert!(res.status < 400, "{}", res.body);
        w.app.run_jobs().await;
        assert_eq!(status(&w, id).await, "published");
        let view = w.app.call(&w.ana, "/api/social_post", &args).await.json();
        assert_eq!(view["targets"][0]["state"], "published");
        assert!(view["targets"][0]["permalink"]
            .as_str()
            .unwrap()
            .starts_with("https://www.facebook.com/"));
        assert_eq!(view["can_change"], false);
        // Gone out: it cannot be deleted (nor sent again).
        assert_eq!(
            w.app
                .call(&w.ana, "/api/delete_social_post", &args)
                .await
                .status,
            409
        );
        assert_eq!(
            w.app
                .call(&w.ana, "/api/publish_social_post_now", &args)
                .await
                .status,
            409
        );

        // A scheduled post not yet sent is deleted with its pictures.
        let when = in_sao_paulo(&w, 7200);
        let later = [
            ("contas", fb.as_str()),
            ("legenda", "Depois"),
            ("quando", when.as_str()),
            ("acao", "agendar"),
        ];
        let (later, _) = kept(&compose(&w, &w.ana, &later, ("a.png", PNG)).await);
        let later_text = later.to_string();
        let res = w
            .app
            .call(&w.ana, "/api/delete_social_post", &[("id", &later_text)])
            .await;
        assert!(res.status < 400, "{}", res.body);
        assert_eq!(posts(&w).await, 1);
        let pictures: i64 = on_pool!(&w.app.db, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM social_post_media").fetch_one(pool).await)
        .unwrap();
        assert_eq!(pictures, 0);
        assert_eq!(w.app.audit_count("social.post_deleted").await, 1);
    }
}

#[tokio::test]
async fn a_draft_given_a_time_is_scheduled_and_a_time_in_the_past_is_refused_in_words() {
    for backend in backends() {
        let w = world(backend, false).await;
        let fb = account(&w, PAGE_ID).await;
        let fields = [
            ("contas", fb.as_str()),
            ("legenda", "Para sexta"),
            ("acao", "rascunho"),
        ];
        let (id, _) = kept(&compose(&w, &w.ana, &fields, ("", b"")).await);
        let id_text = id.to_string();
        let past = in_sao_paulo(&w, -3600);
        let res = w
            .app
            .call(
                &w.ana,
                "/api/reschedule_social_post",
                &[("id", &id_text), ("quando", &past)],
            )
            .await;
        assert_eq!(res.status, 400, "{}", res.body);
        assert!(res.body.contains("social_time_past"), "{}", res.body);
        assert_eq!(status(&w, id).await, "draft");

        let later = in_sao_paulo(&w, 2 * 86_400);
        let res = w
            .app
            .call(
                &w.ana,
                "/api/reschedule_social_post",
                &[("id", &id_text), ("quando", &later)],
            )
            .await;
        assert!(res.status < 400, "{}", res.body);
        assert_eq!(status(&w, id).await, "scheduled");
        assert_eq!(w.app.audit_count("social.post_rescheduled").await, 1);
        w.app.run_jobs().await;
        assert!(w.fake.published().is_empty(), "not before its new time");
        w.clock.advance(time::Duration::days(2));
        w.app.run_jobs().await;
        assert_eq!(status(&w, id).await, "published");
    }
}

#[tokio::test]
async fn a_post_meta_refuses_tells_its_author_why_in_the_notifications() {
    for backend in backends() {
        let w = world(backend, false).await;
        let ig = account(&w, INSTAGRAM_ID).await;
        let fields = [
            ("contas", ig.as_str()),
            ("legenda", "Vai falhar"),
            ("acao", "agora"),
        ];
        let (id, _) = kept(&compose(&w, &w.ana, &fields, ("a.png", PNG)).await);
        w.fake.fail_next([server::fake_graph::Failure::Meta {
            status: 400,
            code: 190,
        }]);
        w.app.run_jobs().await;
        assert_eq!(status(&w, id).await, "failed");
        let page = w.app.get_as(&w.ana, "/notificacoes").await;
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains("Não foi possível publicar no Instagram: “Vai falhar”"),
            "{}",
            page.body
        );
        let others: i64 = on_pool!(&w.app.db, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'social_post_failed'")
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(others, 1, "the author only, once");
    }
}
