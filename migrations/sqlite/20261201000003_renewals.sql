-- Renewal monitoring: one renewal record per policy that entered its 90-day window (what the
-- Renovações board will show as a card), one alert per policy and window (90/60/30/15/7/0 days)
-- so a scan run twice never alerts twice, and the staff's in-app notifications.
CREATE TABLE renewals (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id     INTEGER NOT NULL UNIQUE REFERENCES policies (id) ON DELETE CASCADE,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'renewed', 'migrated', 'lost')),
    lost_reason   TEXT,
    recontact_on  TEXT,
    new_policy_id INTEGER REFERENCES policies (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX renewals_status_idx ON renewals (status);

CREATE TABLE renewal_alerts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id    INTEGER NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    window_days  INTEGER NOT NULL,
    alerted_on   TEXT NOT NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (policy_id, window_days)
);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- What happened (`renewal_due` …); the text is written in the reader's language from it.
    kind        TEXT NOT NULL,
    -- JSON with what the text needs (client, policy number, days …).
    payload     TEXT NOT NULL,
    link        TEXT NOT NULL,
    read_at     TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at, id);
