//! The social accounts' SQL (one place). Times are Unix seconds.

use crate::{
    db::{Db, Tx},
    on_pool, on_tx,
};

const COLUMNS: &str = "id, network, external_id, name, page_id, token_hint, expires_at, status, \
    last_error, checked_at";

type Row = (
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<i64>,
    String,
    Option<String>,
    Option<i64>,
);

fn account(r: Row) -> super::Account {
    super::Account {
        id: r.0,
        network: r.1,
        external_id: r.2,
        name: r.3,
        page_id: r.4,
        token_hint: r.5,
        expires_at: r.6,
        status: r.7,
        last_error: r.8,
        checked_at: r.9,
    }
}

/// Every connected account, Facebook first.
pub async fn accounts(db: &Db) -> Result<Vec<super::Account>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM social_accounts ORDER BY network, name, id");
    let rows: Vec<Row> = on_pool!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(account).collect())
}

/// Account `id`.
pub async fn account_by_id(db: &Db, id: i64) -> Result<Option<super::Account>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM social_accounts WHERE id = $1");
    let row: Option<Row> =
        on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(account))
}

/// The account on `network` with Meta id `external_id`.
pub async fn account_by_external(
    db: &Db,
    network: &str,
    external_id: &str,
) -> Result<Option<super::Account>, sqlx::Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM social_accounts WHERE network = $1 AND external_id = $2");
    let row: Option<Row> = on_pool!(db, pool => sqlx::query_as(&sql).bind(network)
        .bind(external_id).fetch_optional(pool).await)?;
    Ok(row.map(account))
}

/// Account `id`'s sealed token: (ciphertext, nonce).
pub async fn sealed_token(db: &Db, id: i64) -> Result<Option<(Vec<u8>, Vec<u8>)>, sqlx::Error> {
    const SQL: &str = "SELECT token_ciphertext, token_nonce FROM social_accounts WHERE id = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)
}

/// An account as admins enter it, with its sealed token.
pub struct NewAccount<'a> {
    pub network: &'a str,
    pub external_id: &'a str,
    pub name: &'a str,
    pub page_id: Option<&'a str>,
    pub sealed: (Vec<u8>, Vec<u8>),
    pub hint: &'a str,
    pub expires_at: Option<i64>,
    pub by: Option<i64>,
}

/// Connects an account, or replaces the token (and name) of the one on the same network and
/// id (reconnecting it); answers its id.
pub async fn upsert(tx: &mut Tx, a: &NewAccount<'_>, now: i64) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO social_accounts (network, external_id, name, page_id, \
        token_ciphertext, token_nonce, token_hint, expires_at, status, created_by, created_at, \
        updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ok', $9, $10, $10) \
        ON CONFLICT (network, external_id) DO UPDATE SET name = excluded.name, \
        page_id = excluded.page_id, token_ciphertext = excluded.token_ciphertext, \
        token_nonce = excluded.token_nonce, token_hint = excluded.token_hint, \
        expires_at = excluded.expires_at, status = 'ok', last_error = NULL, checked_at = NULL, \
        updated_at = excluded.updated_at RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(a.network).bind(a.external_id).bind(a.name)
        .bind(a.page_id).bind(&a.sealed.0).bind(&a.sealed.1).bind(a.hint).bind(a.expires_at)
        .bind(a.by).bind(now).fetch_one(conn).await)
}

/// Disconnects account `id` (its token is deleted with it); answers whether it existed.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "DELETE FROM social_accounts WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).execute(conn).await.map(|r| r.rows_affected()))
        .map(|n| n > 0)
}

/// Records a token check: the status it leads to and Meta's reason when it failed.
pub async fn checked(
    db: &Db,
    id: i64,
    status: &str,
    error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE social_accounts SET status = $2, last_error = $3, checked_at = $4, \
        updated_at = $4 WHERE id = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(status).bind(error).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))
    .map(drop)
}

/// A post as written: caption, alt text, when it goes out (`None`: a draft).
pub struct NewPost<'a> {
    pub caption: &'a str,
    pub alt_text: Option<&'a str>,
    pub publish_at: Option<i64>,
    pub by: Option<i64>,
}

/// Keeps a post as `status` (`draft`, `pending` or `scheduled`); answers its id.
pub async fn insert_post(
    tx: &mut Tx,
    p: &NewPost<'_>,
    status: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO social_posts (caption, alt_text, publish_at, status, \
        created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(p.caption).bind(p.alt_text)
        .bind(p.publish_at).bind(status).bind(p.by).bind(now).fetch_one(conn).await)
}

/// Keeps picture `position` of post `post`, served at `token` until `expires_at`.
pub async fn insert_media(
    tx: &mut Tx,
    post: i64,
    position: i64,
    (mime, bytes): (&str, &[u8]),
    token: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO social_post_media (post_id, position, mime, bytes, token, \
        expires_at) VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, conn => sqlx::query(SQL).bind(post).bind(position).bind(mime).bind(bytes)
        .bind(token).bind(expires_at).execute(conn).await.map(|r| r.rows_affected()))
    .map(drop)
}

/// Post `post` goes to account `account`; answers the target's id.
pub async fn insert_target(
    tx: &mut Tx,
    post: i64,
    account: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO social_post_targets (post_id, account_id, updated_at) \
        VALUES ($1, $2, $3) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(post).bind(account).bind(now).fetch_one(conn).await)
}

/// A target as the scheduler drives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    pub post_id: i64,
    pub account_id: i64,
    pub state: String,
    /// The carousel items' containers made so far.
    pub children: Vec<String>,
    pub container_id: Option<String>,
    pub external_post_id: Option<String>,
    pub attempts: i64,
    pub caption: String,
    pub alt_text: Option<String>,
}

type TargetRow = (
    i64,
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    String,
    Option<String>,
);

/// Target `id` with its post's caption.
pub async fn target(db: &Db, id: i64) -> Result<Option<Target>, sqlx::Error> {
    const SQL: &str = "SELECT t.id, t.post_id, t.account_id, t.state, t.children, \
        t.container_id, t.external_post_id, t.attempts, p.caption, p.alt_text \
        FROM social_post_targets t JOIN social_posts p ON p.id = t.post_id WHERE t.id = $1";
    let row: Option<TargetRow> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(|r| Target {
        id: r.0,
        post_id: r.1,
        account_id: r.2,
        state: r.3,
        children: r
            .4
            .and_then(|c| serde_json::from_str(&c).ok())
            .unwrap_or_default(),
        container_id: r.5,
        external_post_id: r.6,
        attempts: r.7,
        caption: r.8,
        alt_text: r.9,
    }))
}

/// Post `post`'s pictures in order: (token, mime).
pub async fn media_of(db: &Db, post: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    const SQL: &str =
        "SELECT token, mime FROM social_post_media WHERE post_id = $1 ORDER BY position";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(post).fetch_all(pool).await)
}

/// A picture served to Meta: (mime, bytes), while `token` has not expired.
pub async fn media_by_token(
    db: &Db,
    token: &str,
    now: i64,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    const SQL: &str =
        "SELECT mime, bytes FROM social_post_media WHERE token = $1 AND expires_at > $2";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(token).bind(now).fetch_optional(pool).await)
}

/// The targets whose post is due at `now` and that wait to start, marked `creating` (so a
/// target is handed to the scheduler once); answers them.
pub async fn take_due(tx: &mut Tx, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    const SQL: &str = "UPDATE social_post_targets SET state = 'creating', updated_at = $1 \
        WHERE state = 'scheduled' AND (next_try_at IS NULL OR next_try_at <= $1) \
        AND post_id IN (SELECT id FROM social_posts WHERE status = 'scheduled' \
        AND publish_at <= $1) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(now).fetch_all(conn).await)
}

/// Records the carousel items' containers made so far.
pub async fn set_children(
    db: &Db,
    id: i64,
    children: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE social_post_targets SET children = $2, updated_at = $3 WHERE id = $1";
    let json = serde_json::to_string(children).unwrap_or_else(|_| "[]".into());
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(json).bind(now).execute(pool).await
        .map(|r| r.rows_affected()))
    .map(drop)
}

/// Records the container to publish; the target waits for Meta to process it.
pub async fn set_container(db: &Db, id: i64, container: &str, now: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE social_post_targets SET container_id = $2, state = 'processing', \
        updated_at = $3 WHERE id = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(container).bind(now).execute(pool).await
        .map(|r| r.rows_affected()))
    .map(drop)
}

/// Moves target `id` to `state` with `error` (Meta's reason, or why it waits).
pub async fn set_state(
    db: &Db,
    id: i64,
    state: &str,
    error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE social_post_targets SET state = $2, last_error = $3, \
        updated_at = $4 WHERE id = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(state).bind(error).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))
    .map(drop)
}

/// The target waits (the quota was full) and starts again at `at`.
pub async fn retry_at(db: &Db, id: i64, at: i64, why: &str, now: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE social_post_targets SET state = 'scheduled', next_try_at = $2, \
        last_error = $3, updated_at = $4 WHERE id = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(at).bind(why).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))
    .map(drop)
}

/// One more publishing call is about to be made.
pub async fn attempted(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE social_post_targets SET attempts = attempts + 1, updated_at = $2 \
        WHERE id = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(now).execute(pool).await
        .map(|r| r.rows_affected()))
    .map(drop)
}

/// Target `id` is live as Meta's `external` (with its `permalink` when known).
pub async fn set_published(
    db: &Db,
    id: i64,
    external: Option<&str>,
    permalink: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE social_post_targets SET state = 'published', \
        external_post_id = COALESCE($2, external_post_id), permalink = COALESCE($3, permalink), \
        last_error = NULL, published_at = COALESCE(published_at, $4), updated_at = $4 \
        WHERE id = $1";
    on_pool!(db, pool => sqlx::query(SQL).bind(id).bind(external).bind(permalink).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))
    .map(drop)
}

/// Settles post `post`'s status from its targets: published when all are, failed when none is
/// still on its way and one failed.
pub async fn settle_post(db: &Db, post: i64, now: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE social_posts SET status = CASE \
        WHEN NOT EXISTS (SELECT 1 FROM social_post_targets WHERE post_id = $1 \
            AND state <> 'published') THEN 'published' \
        WHEN NOT EXISTS (SELECT 1 FROM social_post_targets WHERE post_id = $1 \
            AND state NOT IN ('published', 'failed')) THEN 'failed' \
        ELSE status END, updated_at = $2 WHERE id = $1 AND status = 'scheduled'";
    on_pool!(db, pool => sqlx::query(SQL).bind(post).bind(now).execute(pool).await
        .map(|r| r.rows_affected()))
    .map(drop)
}

type SummaryRow = (i64, String, String, Option<i64>, i64);

const SUMMARY: &str = "SELECT p.id, p.caption, p.status, p.publish_at, \
    (SELECT COUNT(*) FROM social_post_media m WHERE m.post_id = p.id) FROM social_posts p";

/// Where each post of `posts` goes: (post, network, permalink), Facebook first.
async fn targets_of(db: &Db, posts: &mut [crate::social::PostSummary]) -> Result<(), sqlx::Error> {
    const SQL: &str = "SELECT a.network, t.permalink FROM social_post_targets t \
        JOIN social_accounts a ON a.id = t.account_id WHERE t.post_id = $1 ORDER BY a.network";
    for post in posts.iter_mut() {
        let rows: Vec<(String, Option<String>)> =
            on_pool!(db, pool => sqlx::query_as(SQL).bind(post.id).fetch_all(pool).await)?;
        for (network, link) in rows {
            if let Some(link) = link {
                post.permalinks.push((network.clone(), link));
            }
            post.networks.push(network);
        }
    }
    Ok(())
}

fn summary(r: SummaryRow) -> crate::social::PostSummary {
    crate::social::PostSummary {
        id: r.0,
        caption: r.1,
        status: r.2,
        publish_at: r.3,
        networks: Vec::new(),
        permalinks: Vec::new(),
        pictures: r.4,
    }
}

/// The posts going out in `[from, to)` (Unix seconds), in time order (at most 500).
pub async fn posts_between(
    db: &Db,
    from: i64,
    to: i64,
) -> Result<Vec<crate::social::PostSummary>, sqlx::Error> {
    let sql = format!(
        "{SUMMARY} WHERE p.publish_at >= $1 AND p.publish_at < $2 \
         ORDER BY p.publish_at, p.id LIMIT 500"
    );
    let rows: Vec<SummaryRow> =
        on_pool!(db, pool => sqlx::query_as(&sql).bind(from).bind(to).fetch_all(pool).await)?;
    let mut posts: Vec<_> = rows.into_iter().map(summary).collect();
    targets_of(db, &mut posts).await?;
    Ok(posts)
}

/// The drafts with no time yet, newest first (at most 100).
pub async fn undated_posts(db: &Db) -> Result<Vec<crate::social::PostSummary>, sqlx::Error> {
    let sql = format!("{SUMMARY} WHERE p.publish_at IS NULL ORDER BY p.id DESC LIMIT 100");
    let rows: Vec<SummaryRow> = on_pool!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    let mut posts: Vec<_> = rows.into_iter().map(summary).collect();
    targets_of(db, &mut posts).await?;
    Ok(posts)
}

/// Post `id` and its targets, with who wrote and approved it; and who wrote it (their id).
pub async fn post_view(
    db: &Db,
    id: i64,
) -> Result<Option<(crate::social::PostView, Option<i64>)>, sqlx::Error> {
    let sql = format!("{SUMMARY} WHERE p.id = $1");
    let row: Option<SummaryRow> =
        on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    let Some(row) = row else { return Ok(None) };
    let mut posts = vec![summary(row)];
    targets_of(db, &mut posts).await?;
    const PEOPLE: &str = "SELECT p.alt_text, p.created_by, c.name, a.name FROM social_posts p \
        LEFT JOIN users c ON c.id = p.created_by LEFT JOIN users a ON a.id = p.approved_by \
        WHERE p.id = $1";
    let (alt_text, author, created_by, approved_by): (
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<String>,
    ) = on_pool!(db, pool => sqlx::query_as(PEOPLE).bind(id).fetch_one(pool).await)?;
    const TARGETS: &str = "SELECT a.network, a.name, t.state, t.permalink, t.last_error, \
        t.published_at FROM social_post_targets t JOIN social_accounts a ON a.id = t.account_id \
        WHERE t.post_id = $1 ORDER BY a.network";
    type Row = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
    );
    let rows: Vec<Row> =
        on_pool!(db, pool => sqlx::query_as(TARGETS).bind(id).fetch_all(pool).await)?;
    let targets = rows
        .into_iter()
        .map(|r| crate::social::PostTarget {
            network: r.0,
            account_name: r.1,
            state: r.2,
            permalink: r.3,
            last_error: r.4,
            published_at: r.5,
        })
        .collect::<Vec<_>>();
    let summary = posts.remove(0);
    let untouched = targets.iter().all(|t| t.state == "scheduled");
    let open = matches!(summary.status.as_str(), "draft" | "pending" | "scheduled");
    let view = crate::social::PostView {
        summary,
        alt_text,
        targets,
        created_by,
        approved_by,
        can_approve: false,
        can_change: open && untouched,
    };
    Ok(Some((view, author)))
}

/// Target `id` failed for good with `why`; whoever wrote its post is told (a notification),
/// in the same transaction.
pub async fn fail_target(db: &Db, id: i64, why: &str, now: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE social_post_targets SET state = 'failed', last_error = $2, \
        updated_at = $3 WHERE id = $1 AND state NOT IN ('published', 'failed') \
        RETURNING post_id";
    const WHO: &str = "SELECT p.created_by, a.network, p.caption FROM social_post_targets t \
        JOIN social_posts p ON p.id = t.post_id JOIN social_accounts a ON a.id = t.account_id \
        WHERE t.id = $1";
    let mut owned = db.begin().await?;
    let tx = &mut owned;
    let post: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(id).bind(why)
        .bind(now).fetch_optional(conn).await)?;
    if let Some(post) = post {
        let (author, network, caption): (Option<i64>, String, String) =
            on_tx!(tx, conn => sqlx::query_as(WHO).bind(id).fetch_one(conn).await)?;
        if let Some(author) = author {
            let payload = serde_json::json!({"post": post, "network": network,
                "caption": excerpt(&caption), "why": why});
            let link = format!("/redes-sociais/{post}");
            let at = time::OffsetDateTime::from_unix_timestamp(now)
                .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
            let kind = crate::notifications::SOCIAL_POST_FAILED;
            crate::notifications::repo::insert(tx, author, kind, &payload, &link, at).await?;
        }
    }
    owned.commit().await
}

/// Tells every active manager and admin that post `post` waits for their approval.
pub async fn ask_approval(
    tx: &mut Tx,
    post: i64,
    author: Option<&str>,
    caption: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "SELECT id FROM users WHERE active = $1 AND role IN ('manager', 'admin') ORDER BY id";
    let approvers: Vec<i64> =
        on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(true).fetch_all(conn).await)?;
    let payload = serde_json::json!({"post": post, "author": author.unwrap_or_default(),
        "caption": excerpt(caption)});
    let link = format!("/redes-sociais/{post}");
    let at = time::OffsetDateTime::from_unix_timestamp(now)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    for user in approvers {
        let kind = crate::notifications::SOCIAL_POST_PENDING;
        crate::notifications::repo::insert(tx, user, kind, &payload, &link, at).await?;
    }
    Ok(())
}

/// The start of a caption, for a notification.
fn excerpt(caption: &str) -> String {
    let mut short: String = caption.chars().take(60).collect();
    if caption.chars().count() > 60 {
        short.push('…');
    }
    short
}

/// The name of user `id`.
pub async fn user_name(tx: &mut Tx, id: i64) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str = "SELECT name FROM users WHERE id = $1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(id).fetch_optional(conn).await)
}

/// Whether Meta's post `external` is already some target's (published through the CRM).
pub async fn known_post(db: &Db, external: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM social_post_targets WHERE external_post_id = $1";
    let n: i64 =
        on_pool!(db, pool => sqlx::query_scalar(SQL).bind(external).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// Picture `position` of post `post`: (mime, bytes).
pub async fn picture(
    db: &Db,
    post: i64,
    position: i64,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    const SQL: &str =
        "SELECT mime, bytes FROM social_post_media WHERE post_id = $1 AND position = $2";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(post).bind(position).fetch_optional(pool).await)
}

/// Pending post `id` approved by `by`: it goes out at its time. Answers whether it was pending.
pub async fn approve(tx: &mut Tx, id: i64, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE social_posts SET status = 'scheduled', approved_by = $2, \
        approved_at = $3, updated_at = $3 WHERE id = $1 AND status = 'pending'";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(by).bind(now).execute(conn).await
        .map(|r| r.rows_affected()))
    .map(|n| n == 1)
}

const UNTOUCHED: &str = "status IN ('draft', 'pending', 'scheduled') AND NOT EXISTS \
    (SELECT 1 FROM social_post_targets t WHERE t.post_id = social_posts.id \
    AND t.state <> 'scheduled')";

/// Post `id` goes out at `at` as `status` (`scheduled`, or `pending` approval), while nothing
/// of it has gone to Meta yet. Answers whether it could.
pub async fn reschedule(
    tx: &mut Tx,
    id: i64,
    at: i64,
    status: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "UPDATE social_posts SET publish_at = $2, status = $3, updated_at = $4 \
         WHERE id = $1 AND {UNTOUCHED}"
    );
    on_tx!(tx, conn => sqlx::query(&sql).bind(id).bind(at).bind(status).bind(now)
        .execute(conn).await.map(|r| r.rows_affected()))
    .map(|n| n == 1)
}

/// Deletes post `id` (its pictures and targets with it) while nothing of it has gone to Meta.
/// Answers whether it could.
pub async fn delete_post(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let sql = format!("DELETE FROM social_posts WHERE id = $1 AND {UNTOUCHED}");
    on_tx!(tx, conn => sqlx::query(&sql).bind(id).execute(conn).await.map(|r| r.rows_affected()))
        .map(|n| n == 1)
}
