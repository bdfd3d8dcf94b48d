-- Posts the brokerage publishes on its Facebook Page and Instagram account
-- (../shared/SOCIAL.md §1–2). A post has its caption and pictures; each target (one per account)
-- is driven by the scheduler through an idempotent state machine: scheduled → creating (the
-- Instagram containers being made; their ids are kept as soon as Meta gives them) → processing
-- (waiting for status_code FINISHED) → publishing → published (with Meta's id and permalink),
-- or failed with Meta's reason. A post is a draft, pending (a manager's approval, when the
-- brokerage asks for it), scheduled, published or failed. Times are Unix seconds.
CREATE TABLE social_posts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    caption     TEXT NOT NULL,
    alt_text    TEXT,
    -- When it goes out (none: a draft).
    publish_at  BIGINT,
    status      TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'pending', 'scheduled', 'published', 'failed')),
    -- When managers approve posts first (setting `social_approval`): who approved, and when.
    approved_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    approved_at BIGINT,
    created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX social_posts_publish_idx ON social_posts (publish_at, id);

-- A post's pictures, served to Meta from a public, unguessable, expiring address
-- (`/social/midia/{token}`) — Meta fetches them while publishing.
CREATE TABLE social_post_media (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id     BIGINT NOT NULL REFERENCES social_posts (id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    mime        TEXT NOT NULL,
    bytes       BYTEA NOT NULL,
    token       TEXT NOT NULL UNIQUE,
    expires_at  BIGINT NOT NULL,
    UNIQUE (post_id, position)
);

CREATE TABLE social_post_targets (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id           BIGINT NOT NULL REFERENCES social_posts (id) ON DELETE CASCADE,
    account_id        BIGINT NOT NULL REFERENCES social_accounts (id) ON DELETE CASCADE,
    state             TEXT NOT NULL DEFAULT 'scheduled'
                      CHECK (state IN ('scheduled', 'creating', 'processing', 'publishing',
                                       'published', 'failed')),
    -- Instagram: the carousel items' containers (JSON array, in order) and the container
    -- that is published.
    children          TEXT,
    container_id      TEXT,
    external_post_id  TEXT,
    permalink         TEXT,
    -- Publishing calls made (a Page post has no container: a second call after an unknown
    -- outcome first looks for the post on the Page).
    attempts          BIGINT NOT NULL DEFAULT 0,
    -- Not before this time (the Instagram quota was full).
    next_try_at       BIGINT,
    last_error        TEXT,
    published_at      BIGINT,
    updated_at        BIGINT NOT NULL,
    UNIQUE (post_id, account_id)
);
