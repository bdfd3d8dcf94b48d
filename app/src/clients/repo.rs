//! Clients' SQL. Written once for both engines; only search differs (FTS5 on SQLite, a
//! `tsvector` on PostgreSQL), in [`search_condition`]. Every read takes the caller's
//! [`Scope`], so nothing outside it is ever loaded.

use sqlx::FromRow;
use time::{Date, OffsetDateTime};

use super::{
    scope::Scope, search, ClientDetail, ClientFilter, ClientKind, ClientSort, ClientSummary, Phone,
    PAGE_SIZE,
};
use crate::{
    br::PhoneBr,
    db::{Db, Tx},
    on_pool, on_tx,
};

mod list;
mod timeline;

pub use list::{list, owners};
pub use timeline::{insert_note, timeline, MAX_TIMELINE_PAGE, TIMELINE_PAGE};

/// One bound argument of a query built at run time.
#[derive(Clone, Debug)]
pub enum Arg {
    Int(i64),
    Text(String),
    Date(Date),
}

/// The arguments of a query built at run time; each call answers its `$n` placeholder.
#[derive(Clone, Debug, Default)]
pub struct Args(Vec<Arg>);

impl Args {
    /// Adds an integer argument.
    pub fn int(&mut self, value: i64) -> String {
        self.0.push(Arg::Int(value));
        format!("${}", self.0.len())
    }

    /// Adds a text argument.
    pub fn text(&mut self, value: impl Into<String>) -> String {
        self.0.push(Arg::Text(value.into()));
        format!("${}", self.0.len())
    }

    /// Adds a calendar-date argument (a DATE on PostgreSQL, `aaaa-mm-dd` text on SQLite).
    pub fn date(&mut self, value: Date) -> String {
        self.0.push(Arg::Date(value));
        format!("${}", self.0.len())
    }

    /// How many arguments there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The arguments in order.
    pub fn iter(&self) -> impl Iterator<Item = &Arg> {
        self.0.iter()
    }
}

/// Binds every argument of `$args` to the query `$query` (a `sqlx::query*` on either engine).
#[macro_export]
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args.iter() {
            query = match arg {
                $crate::clients::repo::Arg::Int(v) => query.bind(*v),
                $crate::clients::repo::Arg::Text(v) => query.bind(v.clone()),
                $crate::clients::repo::Arg::Date(v) => query.bind(*v),
            };
        }
        query
    }};
}

/// A validated client, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub kind: ClientKind,
    pub name: String,
    pub trade_name: Option<String>,
    pub tax_id: Option<String>,
    pub birth_date: Option<Date>,
    pub profession: Option<String>,
    pub contact_name: Option<String>,
    pub phones: Vec<(PhoneBr, String, bool)>,
    pub emails: Vec<String>,
    pub tags: Vec<String>,
    pub lines: Vec<String>,
    pub source: Option<String>,
    pub cep: Option<String>,
    pub street: Option<String>,
    pub street_number: Option<String>,
    pub complement: Option<String>,
    pub district: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub notes: Option<String>,
    pub marketing_consent: bool,
    pub consent_channel: Option<String>,
    pub search_text: String,
}

/// The SQL condition (on clients aliased `c`) that keeps what `terms` find.
pub fn search_condition(db: &Db, terms: &[search::Term], args: &mut Args) -> Option<String> {
    if terms.is_empty() {
        return None;
    }
    Some(match db {
        Db::Sqlite(_) => format!(
            "c.id IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH {})",
            args.text(search::fts5_query(terms))
        ),
        // OFFSET 0 keeps the planner from walking the name index and testing each row against
        // the query until a page is full (seconds-long for a rare CPF or phone): the GIN index
        // finds the matches first.
        Db::Postgres(_) => format!(
            "c.id IN (SELECT id FROM clients WHERE search_vector @@ to_tsquery('simple', {}) \
             OFFSET 0)",
            args.text(search::tsquery(terms))
        ),
    })
}

/// A client's own columns, as [`DETAIL`] reads them.
#[derive(FromRow)]
pub struct DetailRow {
    id: i64,
    kind: String,
    name: String,
    trade_name: Option<String>,
    tax_id: Option<String>,
    birth_date: Option<Date>,
    profession: Option<String>,
    contact_name: Option<String>,
    source: Option<String>,
    owner_id: Option<i64>,
    owner: Option<String>,
    team: Option<String>,
    cep: Option<String>,
    street: Option<String>,
    street_number: Option<String>,
    complement: Option<String>,
    district: Option<String>,
    city: Option<String>,
    state: Option<String>,
    notes: Option<String>,
    marketing_consent: bool,
    consent_at: Option<OffsetDateTime>,
    consent_channel: Option<String>,
    archived_at: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

/// Selects a client's own columns with its owner's and team's names (append the condition).
pub const DETAIL: &str = "SELECT c.id, c.kind, c.name, c.trade_name, c.tax_id, c.birth_date, \
    c.profession, c.contact_name, c.source, c.owner_id, u.name AS owner, t.name AS team, c.cep, \
    c.street, c.street_number, c.complement, c.district, c.city, c.state, c.notes, \
    c.marketing_consent, c.consent_at, c.consent_channel, c.archived_at, c.created_at, \
    c.updated_at FROM clients c LEFT JOIN users u ON u.id = c.owner_id \
    LEFT JOIN teams t ON t.id = c.team_id ";

/// Masks a stored CPF/CNPJ for display.
pub fn mask_tax_id(stored: &str) -> String {
    crate::br::TaxId::parse(stored)
        .map(|t| t.masked())
        .unwrap_or_else(|_| stored.to_owned())
}

/// Shows a stored E.164 phone as people write it.
pub fn show_phone(e164: &str) -> String {
    PhoneBr::parse(e164)
        .map(|p| p.display())
        .unwrap_or_else(|_| e164.to_owned())
}

/// One client with everything about it, if it exists within `scope`.
pub async fn find(db: &Db, scope: &Scope, id: i64) -> Result<Option<ClientDetail>, sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let sql = format!("{DETAIL} WHERE {condition} AND c.id = {}", args.int(id));
    let row: Option<DetailRow> =
        on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args).fetch_optional(pool).await)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let phones: Vec<(String, String, bool)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT e164, kind, whatsapp FROM client_phones WHERE client_id = $1 ORDER BY position")
        .bind(id).fetch_all(pool).await)?;
    let strings = |sql: &'static str| async move {
        on_pool!(db, pool => sqlx::query_scalar::<_, String>(sql).bind(id).fetch_all(pool).await)
    };
    let emails =
        strings("SELECT email FROM client_emails WHERE client_id = $1 ORDER BY position").await?;
    let tags = strings("SELECT tag FROM client_tags WHERE client_id = $1 ORDER BY tag").await?;
    let lines = strings("SELECT line FROM client_lines WHERE client_id = $1 ORDER BY line").await?;
    let mut detail = ClientDetail::from(row);
    detail.phones = phones
        .into_iter()
        .map(|(e164, kind, whatsapp)| phone(e164, kind, whatsapp))
        .collect();
    (detail.emails, detail.tags, detail.lines) = (emails, tags, lines);
    Ok(Some(detail))
}

/// A stored phone as it is shown.
pub fn phone(e164: String, kind: String, whatsapp: bool) -> Phone {
    Phone {
        display: show_phone(&e164),
        e164,
        kind,
        whatsapp,
    }
}

impl From<DetailRow> for ClientDetail {
    /// The client without its phones, e-mails, tags and lines (read apart).
    fn from(row: DetailRow) -> Self {
        Self {
            id: row.id,
            kind: ClientKind::parse(&row.kind).unwrap_or(ClientKind::Pf),
            name: row.name,
            trade_name: row.trade_name,
            tax_id: row.tax_id.as_deref().map(mask_tax_id),
            birth_date: row.birth_date,
            profession: row.profession,
            contact_name: row.contact_name,
            phones: Vec::new(),
            emails: Vec::new(),
            tags: Vec::new(),
            lines: Vec::new(),
            source: row.source,
            owner_id: row.owner_id,
            owner: row.owner,
            team: row.team,
            cep: row.cep,
            street: row.street,
            street_number: row.street_number,
            complement: row.complement,
            district: row.district,
            city: row.city,
            state: row.state,
            notes: row.notes,
            marketing_consent: row.marketing_consent,
            consent_at: row.consent_at,
            consent_channel: row.consent_channel,
            archived_at: row.archived_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// The stored (unmasked) CPF/CNPJ of a client, for comparing edits.
pub async fn stored_tax_id(tx: &mut Tx, id: i64) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str = "SELECT tax_id FROM clients WHERE id = $1";
    on_tx!(tx, conn => sqlx::query_scalar::<_, Option<String>>(SQL).bind(id).fetch_optional(conn).await)
        .map(Option::flatten)
}

const COLUMNS: &str = "kind, name, name_key, trade_name, tax_id, birth_date, profession, \
    contact_name, source, cep, street, street_number, complement, district, city, state, notes, \
    marketing_consent, consent_channel, search_text";

/// Binds the columns of [`COLUMNS`] in order.
macro_rules! bind_record {
    ($query:expr, $r:expr) => {
        $query
            .bind($r.kind.as_str())
            .bind(&$r.name)
            .bind(search::fold(&$r.name))
            .bind(&$r.trade_name)
            .bind(&$r.tax_id)
            .bind($r.birth_date)
            .bind(&$r.profession)
            .bind(&$r.contact_name)
            .bind(&$r.source)
            .bind(&$r.cep)
            .bind(&$r.street)
            .bind(&$r.street_number)
            .bind(&$r.complement)
            .bind(&$r.district)
            .bind(&$r.city)
            .bind(&$r.state)
            .bind(&$r.notes)
            .bind($r.marketing_consent)
            .bind(&$r.consent_channel)
            .bind(&$r.search_text)
    };
}

/// Inserts a client owned by `owner_id` (of `team_id`); answers its id.
pub async fn insert(
    tx: &mut Tx,
    record: &Record,
    owner_id: i64,
    team_id: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "INSERT INTO clients ({COLUMNS}, consent_at, owner_id, team_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23, $24, $24) RETURNING id"
    );
    let consent_at = record.marketing_consent.then_some(now);
    let id: i64 = on_tx!(tx, conn => bind_record!(sqlx::query_scalar(&sql), record)
        .bind(consent_at)
        .bind(owner_id)
        .bind(team_id)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    replace_children(tx, id, record).await?;
    Ok(id)
}

/// Stores an edit of client `id` (consent time moves only when consent changes).
pub async fn update(
    tx: &mut Tx,
    id: i64,
    record: &Record,
    consent_changed: bool,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let assignments: Vec<String> = COLUMNS
        .split(", ")
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE clients SET {}, consent_at = CASE WHEN $21 THEN $22 ELSE consent_at END, \
         updated_at = $23 WHERE id = $24",
        assignments.join(", ")
    );
    let consent_at = record.marketing_consent.then_some(now);
    on_tx!(tx, conn => bind_record!(sqlx::query(&sql), record)
        .bind(consent_changed)
        .bind(consent_at)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ()))?;
    replace_children(tx, id, record).await
}

async fn replace_children(tx: &mut Tx, id: i64, record: &Record) -> Result<(), sqlx::Error> {
    for table in [
        "client_phones",
        "client_emails",
        "client_tags",
        "client_lines",
    ] {
        let sql = format!("DELETE FROM {table} WHERE client_id = $1");
        on_tx!(tx, conn => sqlx::query(&sql).bind(id).execute(conn).await.map(|_| ()))?;
    }
    for (position, (phone, kind, whatsapp)) in record.phones.iter().enumerate() {
        const SQL: &str = "INSERT INTO client_phones (client_id, e164, kind, whatsapp, position) \
            VALUES ($1, $2, $3, $4, $5)";
        on_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(phone.e164()).bind(kind).bind(*whatsapp)
            .bind(position as i32).execute(conn).await.map(|_| ()))?;
    }
    for (position, email) in record.emails.iter().enumerate() {
        const SQL: &str =
            "INSERT INTO client_emails (client_id, email, position) VALUES ($1, $2, $3)";
        on_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(email).bind(position as i32)
            .execute(conn).await.map(|_| ()))?;
    }
    for (table, column, values) in [
        ("client_tags", "tag", &record.tags),
        ("client_lines", "line", &record.lines),
    ] {
        let sql = format!("INSERT INTO {table} (client_id, {column}) VALUES ($1, $2)");
        for value in values {
            on_tx!(tx, conn => sqlx::query(&sql).bind(id).bind(value).execute(conn).await.map(|_| ()))?;
        }
    }
    Ok(())
}

/// Appends a grant or withdrawal of marketing consent to the client's consent history.
pub async fn record_consent(
    tx: &mut Tx,
    client_id: i64,
    granted: bool,
    channel: Option<&str>,
    recorded_by: i64,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO client_consents (client_id, granted, channel, recorded_by, \
        created_at) VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, conn => sqlx::query(SQL).bind(client_id).bind(granted).bind(channel)
        .bind(recorded_by).bind(now).execute(conn).await.map(|_| ()))
}

/// Archives (or restores, with `None`) client `id`.
pub async fn set_archived(
    tx: &mut Tx,
    id: i64,
    at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE clients SET archived_at = $1, updated_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(at).bind(now).bind(id).execute(conn).await.map(|_| ()))
}

/// Clients that look like the same person: same document, a phone, an e-mail, or the same
/// folded name and birth date. `except` is the client being edited. Answers (id, name, reason).
pub async fn duplicates(
    tx: &mut Tx,
    record: &Record,
    except: Option<i64>,
) -> Result<Vec<(i64, String, &'static str)>, sqlx::Error> {
    let except = except.unwrap_or(0);
    let mut found = Vec::new();
    if let Some(tax_id) = &record.tax_id {
        const SQL: &str = "SELECT id, name FROM clients WHERE tax_id = $1 AND id <> $2";
        let rows: Vec<(i64, String)> = on_tx!(tx, conn => sqlx::query_as(SQL)
            .bind(tax_id).bind(except).fetch_all(conn).await)?;
        found.extend(rows.into_iter().map(|(id, name)| (id, name, "tax_id")));
    }
    for (phone, _, _) in &record.phones {
        const SQL: &str = "SELECT DISTINCT c.id, c.name FROM clients c \
            JOIN client_phones p ON p.client_id = c.id WHERE p.e164 = $1 AND c.id <> $2";
        let rows: Vec<(i64, String)> = on_tx!(tx, conn => sqlx::query_as(SQL)
            .bind(phone.e164()).bind(except).fetch_all(conn).await)?;
        found.extend(rows.into_iter().map(|(id, name)| (id, name, "phone")));
    }
    for email in &record.emails {
        const SQL: &str = "SELECT DISTINCT c.id, c.name FROM clients c \
            JOIN client_emails e ON e.client_id = c.id WHERE e.email = $1 AND c.id <> $2";
        let rows: Vec<(i64, String)> = on_tx!(tx, conn => sqlx::query_as(SQL)
            .bind(email).bind(except).fetch_all(conn).await)?;
        found.extend(rows.into_iter().map(|(id, name)| (id, name, "email")));
    }
    if let Some(birth_date) = record.birth_date {
        const SQL: &str = "SELECT id, name FROM clients WHERE name_key = $1 AND birth_date = $2 \
            AND id <> $3";
        let rows: Vec<(i64, String)> = on_tx!(tx, conn => sqlx::query_as(SQL)
            .bind(search::fold(&record.name)).bind(birth_date).bind(except).fetch_all(conn).await)?;
        found.extend(
            rows.into_iter()
                .map(|(id, name)| (id, name, "name_birth_date")),
        );
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|(id, _, reason)| seen.insert((*id, *reason)));
    Ok(found)
}

/// Whether client `id` exists within `scope` (read inside a write's transaction).
pub async fn in_scope(tx: &mut Tx, scope: &Scope, id: i64) -> Result<bool, sqlx::Error> {
    let mut args = Args::default();
    let condition = scope.condition(&mut args);
    let sql = format!(
        "SELECT COUNT(*) FROM clients c WHERE {condition} AND c.id = {}",
        args.int(id)
    );
    let n: i64 =
        on_tx!(tx, conn => bind_args!(sqlx::query_scalar(&sql), args).fetch_one(conn).await)?;
    Ok(n > 0)
}

/// The sort of the list as SQL.
pub fn order_by(sort: ClientSort) -> &'static str {
    match sort {
        ClientSort::Name => "c.name_key, c.id",
        ClientSort::Newest => "c.created_at DESC, c.id DESC",
        ClientSort::Updated => "c.updated_at DESC, c.id DESC",
    }
}

/// One list line from its columns.
#[derive(FromRow)]
pub struct SummaryRow {
    id: i64,
    kind: String,
    name: String,
    trade_name: Option<String>,
    tax_id: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    city: Option<String>,
    state: Option<String>,
    owner: Option<String>,
    archived: bool,
}

impl From<SummaryRow> for ClientSummary {
    fn from(r: SummaryRow) -> Self {
        Self {
            id: r.id,
            kind: ClientKind::parse(&r.kind).unwrap_or(ClientKind::Pf),
            name: r.name,
            trade_name: r.trade_name,
            tax_id: r.tax_id.as_deref().map(mask_tax_id),
            phone: r.phone.as_deref().map(show_phone),
            email: r.email,
            city: r.city,
            state: r.state,
            owner: r.owner,
            archived: r.archived,
        }
    }
}

/// Rows per page, as SQL wants it.
pub const LIMIT: i64 = PAGE_SIZE;

/// The filter's conditions (search, kind, owner, tag, line, city, created between, archived) on
/// clients `c`.
pub fn filter_conditions(db: &Db, filter: &ClientFilter, args: &mut Args) -> Vec<String> {
    let mut conditions = Vec::new();
    if let Some(query) = &filter.query {
        if let Some(c) = search_condition(db, &search::terms(query), args) {
            conditions.push(c);
        }
    }
    if let Some(kind) = filter.kind {
        conditions.push(format!("c.kind = {}", args.text(kind.as_str())));
    }
    if let Some(owner) = filter.owner_id {
        conditions.push(format!("c.owner_id = {}", args.int(owner)));
    }
    if let Some(tag) = &filter.tag {
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM client_tags t WHERE t.client_id = c.id \
             AND LOWER(t.tag) = LOWER({}))",
            args.text(tag.clone())
        ));
    }
    if let Some(line) = &filter.line {
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM client_lines l WHERE l.client_id = c.id AND l.line = {})",
            args.text(line.clone())
        ));
    }
    if let Some(city) = &filter.city {
        conditions.push(format!(
            "LOWER(c.city) = LOWER({})",
            args.text(city.clone())
        ));
    }
    conditions.extend(super::created::conditions(db.backend(), filter, args));
    // "Mostrar arquivados" adds the archived clients to the active ones.
    if !filter.archived {
        conditions.push("c.archived_at IS NULL".to_owned());
    }
    conditions
}
