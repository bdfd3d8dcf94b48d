//! Accounts and the audit trail at the repository layer, on every backend.

use app::{
    audit::{record, AuditEntry, RequestMeta},
    db::Db,
    on_pool,
    roles::Role,
    users::repo::{self, NewUser},
};

use crate::support::{backends, fresh_database_url};

async fn fresh_db(backend: app::db::Backend) -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&fresh_database_url(backend, dir.path()).await)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    (db, dir)
}

fn ana(email: &str) -> NewUser<'_> {
    NewUser {
        name: "Ana Souza",
        email,
        password_hash: Some("$argon2id$x"),
        role: Role::Manager,
        team_id: None,
        locale: "pt-BR",
    }
}

#[tokio::test]
async fn a_created_user_is_found_by_email_and_id_with_its_role() {
    for backend in backends() {
        let (db, _dir) = fresh_db(backend).await;
        let mut tx = db.begin().await.unwrap();
        let team = repo::ensure_team(&mut tx, "Automóvel").await.unwrap();
        assert_eq!(
            repo::ensure_team(&mut tx, "Automóvel").await.unwrap(),
            team,
            "{backend:?}: ensure_team is idempotent"
        );
        let id = repo::insert(
            &mut tx,
            &NewUser {
                team_id: Some(team),
                ..ana("ana@monteiro.com.br")
            },
        )
        .await
        .unwrap();
        repo::add_team_manager(&mut tx, team, id).await.unwrap();
        repo::add_team_manager(&mut tx, team, id).await.unwrap();
        tx.commit().await.unwrap();

        let by_email = repo::find_by_email(&db, "ana@monteiro.com.br")
            .await
            .unwrap()
            .expect("found by e-mail");
        let by_id = repo::find_by_id(&db, id)
            .await
            .unwrap()
            .expect("found by id");
        assert_eq!(by_email.id, id);
        assert_eq!(by_id.summary().role, Role::Manager);
        assert_eq!(by_id.team_id, Some(team));
        assert!(by_id.active);
        assert!(!by_id.security_stamp.is_empty());
        assert_eq!(repo::count(&db).await.unwrap(), 1);
        assert!(repo::find_by_email(&db, "nobody@monteiro.com.br")
            .await
            .unwrap()
            .is_none());
    }
}

#[tokio::test]
async fn two_accounts_cannot_share_an_email_and_the_failed_insert_leaves_nothing() {
    for backend in backends() {
        let (db, _dir) = fresh_db(backend).await;
        let mut tx = db.begin().await.unwrap();
        repo::insert(&mut tx, &ana("ana@monteiro.com.br"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        assert!(
            repo::insert(&mut tx, &ana("ana@monteiro.com.br"))
                .await
                .is_err(),
            "{backend:?}"
        );
        drop(tx);
        assert_eq!(repo::count(&db).await.unwrap(), 1, "{backend:?}");
    }
}

#[tokio::test]
async fn audit_rows_are_written_with_their_context_and_can_never_be_changed_or_deleted() {
    for backend in backends() {
        let (db, _dir) = fresh_db(backend).await;
        let mut tx = db.begin().await.unwrap();
        let entry = AuditEntry {
            actor_id: None,
            action: "auth.login_failed",
            entity_type: Some("user"),
            entity_id: Some("42".into()),
            changes: Some(serde_json::json!({ "role": { "from": "user", "to": "manager" } })),
            meta: RequestMeta {
                request_id: Some("req-1".into()),
                client_ip: Some("203.0.113.9".into()),
                user_agent: Some("Chromium".into()),
            },
        };
        record(&mut tx, &entry).await.unwrap();
        tx.commit().await.unwrap();

        let row: (String, Option<String>, Option<String>, Option<String>) =
            on_pool!(&db, pool => sqlx::query_as(
            "SELECT action, changes, request_id, client_ip FROM audit_log"
        ).fetch_one(pool).await)
            .unwrap();
        assert_eq!(row.0, "auth.login_failed");
        let changes: serde_json::Value = serde_json::from_str(&row.1.unwrap()).unwrap();
        assert_eq!(changes["role"]["to"], "manager");
        assert_eq!(
            (row.2.as_deref(), row.3.as_deref()),
            (Some("req-1"), Some("203.0.113.9"))
        );

        let update = on_pool!(&db, pool => sqlx::query("UPDATE audit_log SET action = 'x'").execute(pool).await.map(|r| r.rows_affected()));
        let delete = on_pool!(&db, pool => sqlx::query("DELETE FROM audit_log").execute(pool).await.map(|r| r.rows_affected()));
        assert!(
            update.is_err(),
            "{backend:?}: UPDATE on audit_log must fail"
        );
        assert!(
            delete.is_err(),
            "{backend:?}: DELETE on audit_log must fail"
        );
        let count: i64 = on_pool!(&db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(pool).await).unwrap();
        assert_eq!(count, 1);
    }
}

#[tokio::test]
async fn a_stronger_hash_replaces_a_weak_one() {
    for backend in backends() {
        let (db, _dir) = fresh_db(backend).await;
        let mut tx = db.begin().await.unwrap();
        let id = repo::insert(&mut tx, &ana("ana@monteiro.com.br"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let stamp = repo::find_by_id(&db, id)
            .await
            .unwrap()
            .unwrap()
            .security_stamp;
        repo::upgrade_password_hash(&db, id, "$argon2id$v=19$m=19456,t=2,p=1$new")
            .await
            .unwrap();
        let row = repo::find_by_id(&db, id).await.unwrap().unwrap();
        assert_eq!(
            row.password_hash.as_deref(),
            Some("$argon2id$v=19$m=19456,t=2,p=1$new")
        );
        assert_eq!(
            row.security_stamp, stamp,
            "a rehash of the same password keeps other sessions"
        );
    }
}
