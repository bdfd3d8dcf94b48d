//! The import job: checks every line, then writes them in chunks. Each chunk's clients, report
//! lines and progress counters commit together, so the job resumes exactly after the last chunk
//! that committed. A client is written at most once per import: a later line of the same client
//! is reported as repeated (which also keeps the revert simple).

use std::collections::HashMap;

use serde_json::json;
use time::OffsetDateTime;

use super::{stored_mapping, stored_table, write_audit};
use crate::{
    audit::RequestMeta,
    clients::{
        import::{
            repo::{self, ImportRow, LineOutcome},
            row, ImportMode, ImportStatus,
        },
        repo::{self as clients_repo, Record},
        scope::Scope,
        service::{create_in, input_of, parse_input, update_in},
        ClientInput,
    },
    db::{Db, Tx},
    error::AppError,
    users::repo::{find_by_id, UserRow},
};

/// Lines written per transaction.
pub const CHUNK: usize = 100;

/// A checked line: what it would create, or why it cannot.
struct Checked {
    line: i64,
    label: Option<String>,
    input: ClientInput,
    parsed: Result<Record, Vec<(String, String)>>,
}

fn check(mapping: &row::Mapping, line: i64, cells: &[String]) -> Checked {
    let (input, mut problems) = row::to_input(mapping, cells);
    let label = Some(input.name.clone()).filter(|n| !n.trim().is_empty());
    let mut reasons: Vec<(String, String)> = problems
        .drain(..)
        .map(|(field, key)| (field, key.to_owned()))
        .collect();
    let parsed = match parse_input(input.clone()) {
        Ok(record) if reasons.is_empty() => Ok(record),
        Ok(_) => Err(reasons),
        Err(AppError::Invalid { fields }) => {
            for (field, key) in fields {
                let column = row::column_of_field(&field).map_or("", |c| c.code());
                reasons.push((column.to_owned(), key));
            }
            Err(reasons)
        }
        Err(_) => Err(vec![(String::new(), "value_invalid".to_owned())]),
    };
    Checked {
        line,
        label,
        input,
        parsed,
    }
}

fn reasons_json(reasons: &[(String, String)]) -> Option<String> {
    serde_json::to_string(reasons).ok()
}

fn outcome(c: &Checked, outcome: &'static str, client_id: Option<i64>) -> LineOutcome {
    LineOutcome {
        line: c.line,
        outcome,
        client_id,
        label: c.label.clone(),
        reasons: None,
        before: None,
    }
}

fn skipped(c: &Checked, client_id: Option<i64>, column: &str, key: &str) -> LineOutcome {
    LineOutcome {
        reasons: reasons_json(&[(column.to_owned(), key.to_owned())]),
        ..outcome(c, "skipped", client_id)
    }
}

/// An existing client completed with a line: fields the line fills replace the stored ones;
/// phones, e-mails, tags and lines are added; the kind stays; consent is only ever granted.
pub fn overlay(base: &ClientInput, line: &ClientInput) -> ClientInput {
    let pick = |old: &Option<String>, new: &Option<String>| {
        new.clone()
            .filter(|v| !v.trim().is_empty())
            .or_else(|| old.clone())
    };
    let mut phones = base.phones.clone();
    for phone in &line.phones {
        let parsed = crate::br::PhoneBr::parse(&phone.number).ok();
        match phones
            .iter_mut()
            .find(|p| crate::br::PhoneBr::parse(&p.number).ok() == parsed && parsed.is_some())
        {
            Some(existing) => {
                if phone.whatsapp.is_some() {
                    existing.whatsapp = phone.whatsapp.clone();
                }
            }
            None => phones.push(phone.clone()),
        }
    }
    let mut emails = base.emails.clone();
    for email in &line.emails {
        if !emails.iter().any(|e| e.eq_ignore_ascii_case(email)) {
            emails.push(email.clone());
        }
    }
    let tags = match (&base.tags, &line.tags) {
        (Some(old), Some(new)) if !old.trim().is_empty() => Some(format!("{old}, {new}")),
        (old, new) => pick(old, new),
    };
    let mut lines = base.lines.clone();
    lines.extend(
        line.lines
            .iter()
            .filter(|l| !base.lines.contains(l))
            .cloned(),
    );
    ClientInput {
        kind: base.kind.clone(),
        name: if line.name.trim().is_empty() {
            base.name.clone()
        } else {
            line.name.clone()
        },
        trade_name: pick(&base.trade_name, &line.trade_name),
        tax_id: pick(&base.tax_id, &line.tax_id),
        birth_date: pick(&base.birth_date, &line.birth_date),
        profession: pick(&base.profession, &line.profession),
        contact_name: pick(&base.contact_name, &line.contact_name),
        phones,
        emails,
        tags,
        lines,
        source: pick(&base.source, &line.source),
        cep: pick(&base.cep, &line.cep),
        street: pick(&base.street, &line.street),
        street_number: pick(&base.street_number, &line.street_number),
        complement: pick(&base.complement, &line.complement),
        district: pick(&base.district, &line.district),
        city: pick(&base.city, &line.city),
        state: pick(&base.state, &line.state),
        notes: pick(&base.notes, &line.notes),
        marketing_consent: pick(&base.marketing_consent, &line.marketing_consent),
        consent_channel: pick(&base.consent_channel, &line.consent_channel),
    }
}

/// What the job needs besides the lines.
struct Context<'a> {
    db: &'a Db,
    actor: &'a UserRow,
    scope: &'a Scope,
    mode: ImportMode,
    /// Clients this import already wrote, with the line that wrote them.
    written: HashMap<i64, i64>,
    now: OffsetDateTime,
}

/// The client a line matches: by CPF/CNPJ, else (when updating, or when the line has no
/// document) by phone.
async fn matching(
    tx: &mut Tx,
    record: &Record,
    mode: ImportMode,
) -> Result<Option<(i64, &'static str)>, AppError> {
    let found = clients_repo::duplicates(tx, record, None).await?;
    let by = |reason: &str| {
        found
            .iter()
            .find(|(_, _, r)| *r == reason)
            .map(|(id, _, _)| *id)
    };
    if let Some(id) = by("tax_id") {
        return Ok(Some((id, "tax_id")));
    }
    if mode == ImportMode::Update || record.tax_id.is_none() {
        return Ok(by("phone").map(|id| (id, "phones")));
    }
    Ok(None)
}

async fn write_line(
    tx: &mut Tx,
    ctx: &mut Context<'_>,
    c: &Checked,
) -> Result<LineOutcome, AppError> {
    let record = match &c.parsed {
        Ok(record) => record,
        Err(reasons) => {
            return Ok(LineOutcome {
                reasons: reasons_json(reasons),
                ..outcome(c, "invalid", None)
            })
        }
    };
    let Some((id, column)) = matching(tx, record, ctx.mode).await? else {
        return match create_in(tx, ctx.actor, record, ctx.now).await {
            Ok(id) => {
                ctx.written.insert(id, c.line);
                Ok(outcome(c, "created", Some(id)))
            }
            // Taken meanwhile by someone typing the same client.
            Err(AppError::Invalid { .. }) => Ok(skipped(c, None, "tax_id", "import_exists")),
            Err(e) => Err(e),
        };
    };
    if !clients_repo::in_scope(tx, ctx.scope, id).await? {
        return Ok(skipped(c, None, column, "import_not_yours"));
    }
    if ctx.written.contains_key(&id) {
        return Ok(skipped(c, Some(id), column, "import_repeated"));
    }
    if ctx.mode == ImportMode::Create {
        return Ok(skipped(c, Some(id), column, "import_exists"));
    }
    let detail = clients_repo::find(ctx.db, ctx.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = input_of(&detail);
    let merged = match parse_input(overlay(&before, &c.input)) {
        Ok(merged) => merged,
        Err(AppError::Invalid { fields }) => {
            let reasons: Vec<(String, String)> = fields
                .into_iter()
                .map(|(f, k)| {
                    (
                        row::column_of_field(&f).map_or("", |c| c.code()).to_owned(),
                        k,
                    )
                })
                .collect();
            return Ok(LineOutcome {
                reasons: reasons_json(&reasons),
                ..outcome(c, "invalid", Some(id))
            });
        }
        Err(e) => return Err(e),
    };
    let before_record = parse_input(before.clone())?;
    if !update_in(tx, ctx.actor, id, &before_record, &merged, ctx.now).await? {
        return Ok(skipped(c, Some(id), "", "import_unchanged"));
    }
    ctx.written.insert(id, c.line);
    Ok(LineOutcome {
        before: serde_json::to_string(&before).ok(),
        ..outcome(c, "updated", Some(id))
    })
}

async fn fail(db: &Db, id: i64, now: OffsetDateTime) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    repo::finish(&mut tx, id, ImportStatus::Failed, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Runs (or resumes) import `id`. Doing it again after it finished does nothing.
pub async fn run(db: &Db, id: i64, now: impl Fn() -> OffsetDateTime) -> Result<(), AppError> {
    let Some(import) = repo::load(db, id).await? else {
        return Ok(());
    };
    let status = import.status();
    if !matches!(status, ImportStatus::Queued | ImportStatus::Running) {
        return Ok(());
    }
    let actor = match import.created_by {
        Some(by) => find_by_id(db, by).await?.filter(|u| u.active),
        None => None,
    };
    let (Some(actor), Ok(table)) = (actor, stored_table(&import)) else {
        tracing::warn!(
            import = id,
            "import cannot run: its author or its file is gone"
        );
        return fail(db, id, now()).await;
    };
    let mapping = stored_mapping(import.mapping.as_deref());
    let checked: Vec<Checked> = table
        .rows
        .iter()
        .map(|(line, cells)| check(&mapping, *line, cells))
        .collect();
    if status == ImportStatus::Queued && !refuse_if_invalid(db, &import, &checked, now()).await? {
        return Ok(());
    }
    let scope = Scope::of(db, &actor).await?;
    let mut ctx = Context {
        db,
        actor: &actor,
        scope: &scope,
        mode: import
            .mode
            .as_deref()
            .and_then(ImportMode::from_code)
            .unwrap_or(ImportMode::Create),
        written: written_so_far(db, id).await?,
        now: now(),
    };
    let start = usize::try_from(import.counts.done_rows).unwrap_or(0);
    for chunk in checked.get(start..).unwrap_or_default().chunks(CHUNK) {
        ctx.now = now();
        let mut tx = db.begin().await?;
        let mut lines = Vec::with_capacity(chunk.len());
        for c in chunk {
            lines.push(write_line(&mut tx, &mut ctx, c).await?);
        }
        repo::record_lines(&mut tx, id, &lines, ctx.now).await?;
        tx.commit().await?;
    }
    finish(db, &import, &actor, now()).await
}

/// Before the first line is written: when lines are invalid and the person chose all or
/// nothing, reports them and ends the import; otherwise marks it running. Answers whether to go
/// on.
async fn refuse_if_invalid(
    db: &Db,
    import: &ImportRow,
    checked: &[Checked],
    now: OffsetDateTime,
) -> Result<bool, AppError> {
    let invalid: Vec<LineOutcome> = checked
        .iter()
        .filter_map(|c| match &c.parsed {
            Err(reasons) => Some(LineOutcome {
                reasons: reasons_json(reasons),
                ..outcome(c, "invalid", None)
            }),
            Ok(_) => None,
        })
        .collect();
    let mut tx = db.begin().await?;
    if !import.keep_valid && !invalid.is_empty() {
        repo::record_lines(&mut tx, import.id, &invalid, now).await?;
        repo::finish(&mut tx, import.id, ImportStatus::Refused, now).await?;
        if let Some(by) = import.created_by {
            let details = json!({ "invalid": invalid.len() });
            write_audit(
                &mut tx,
                by,
                "client_import.refused",
                import.id,
                details,
                RequestMeta::default(),
            )
            .await?;
        }
        tx.commit().await?;
        return Ok(false);
    }
    repo::set_status(
        &mut tx,
        import.id,
        ImportStatus::Queued,
        ImportStatus::Running,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

async fn written_so_far(db: &Db, id: i64) -> Result<HashMap<i64, i64>, AppError> {
    const SQL: &str = "SELECT client_id, line FROM client_import_rows \
        WHERE import_id = $1 AND client_id IS NOT NULL AND outcome IN ('created', 'updated')";
    let rows: Vec<(i64, i64)> =
        crate::on_pool!(db, pool => sqlx::query_as(SQL).bind(id).fetch_all(pool).await)?;
    Ok(rows.into_iter().collect())
}

async fn finish(
    db: &Db,
    import: &ImportRow,
    actor: &UserRow,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let details = repo::summary(db, import.id).await?.map_or(json!({}), |s| {
        json!({ "created": s.created_count, "updated": s.updated_count,
                "skipped": s.skipped_count, "invalid": s.invalid_count })
    });
    let mut tx = db.begin().await?;
    repo::finish(&mut tx, import.id, ImportStatus::Done, now).await?;
    let meta = RequestMeta::default();
    write_audit(
        &mut tx,
        actor.id,
        "client_import.finish",
        import.id,
        details,
        meta,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::PhoneInput;

    fn phone(number: &str, whatsapp: bool) -> PhoneInput {
        PhoneInput {
            number: number.to_owned(),
            kind: String::new(),
            whatsapp: whatsapp.then(|| "on".to_owned()),
        }
    }

    #[test]
    fn an_overlay_fills_and_adds_but_never_removes() {
        let base = ClientInput {
            kind: "pf".into(),
            name: "Ana Souza".into(),
            city: Some("Campinas".into()),
            phones: vec![phone("+5511987654321", false)],
            emails: vec!["ana@x.com".into()],
            tags: Some("VIP".into()),
            lines: vec!["auto".into()],
            marketing_consent: Some("on".into()),
            ..ClientInput::default()
        };
        let line = ClientInput {
            kind: "pj".into(),
            name: String::new(),
            city: Some("São Paulo".into()),
            phones: vec![phone("(11) 98765-4321", true), phone("11 3333-4444", false)],
            emails: vec!["ANA@x.com".into(), "ana@y.com".into()],
            tags: Some("frota".into()),
            lines: vec!["auto".into(), "vida".into()],
            ..ClientInput::default()
        };
        let merged = overlay(&base, &line);
        assert_eq!(merged.kind, "pf");
        assert_eq!(merged.name, "Ana Souza");
        assert_eq!(merged.city.as_deref(), Some("São Paulo"));
        assert_eq!(merged.phones.len(), 2);
        assert_eq!(merged.phones[0].whatsapp.as_deref(), Some("on"));
        assert_eq!(merged.emails, vec!["ana@x.com", "ana@y.com"]);
        assert_eq!(merged.tags.as_deref(), Some("VIP, frota"));
        assert_eq!(merged.lines, vec!["auto", "vida"]);
        assert_eq!(merged.marketing_consent.as_deref(), Some("on"));
    }

    #[test]
    fn a_checked_line_reports_problems_under_their_spreadsheet_column() {
        use crate::clients::columns::Column;
        let mapping = vec![
            Some(Column::Name),
            Some(Column::TaxId),
            Some(Column::Phones),
        ];
        let cells: Vec<String> = ["", "123.456.789-00", "(11) 98765-4321 | 12"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let c = check(&mapping, 7, &cells);
        let reasons = c.parsed.unwrap_err();
        assert!(reasons.contains(&("name".to_owned(), "name_required".to_owned())));
        assert!(reasons.contains(&("tax_id".to_owned(), "cpf_invalid".to_owned())));
        assert!(
            reasons.iter().any(|(col, _)| col == "phones"),
            "{reasons:?}"
        );
        assert_eq!(c.label, None);
    }
}
