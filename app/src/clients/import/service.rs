//! What can be done with an import: upload a file, look at it, change how it is read, start it,
//! revert it. The work itself runs in jobs ([`run`], [`revert`]). An import is seen and
//! reverted by the person who made it and by admins.

use serde_json::json;
use time::OffsetDateTime;

use super::{
    read::{self, Encoding, Table},
    repo::{self, ImportRow},
    row::{self, Mapping},
    ImportMode, ImportStatus, ImportView, PROBLEMS_SHOWN, REVERT_DAYS, SAMPLE_ROWS,
};
use crate::{
    audit::{self, RequestMeta},
    clients::columns::Column,
    db::{Db, Tx},
    error::AppError,
    roles::Role,
    users::repo::UserRow,
};

mod revert;
mod run;

pub use revert::{request_revert, revert};
pub use run::run;

/// Job kind of running an import.
pub const RUN_JOB: &str = "client_import";
/// Job kind of reverting an import.
pub const REVERT_JOB: &str = "client_import_revert";

/// Writes an audit row about import `id`.
async fn write_audit(
    tx: &mut Tx,
    actor: i64,
    action: &str,
    id: i64,
    details: serde_json::Value,
    meta: RequestMeta,
) -> Result<(), AppError> {
    audit::change(
        tx,
        Some(actor),
        action,
        ("client_import", id),
        Some(details),
        meta,
    )
    .await?;
    Ok(())
}

fn file_error(key: &str) -> AppError {
    AppError::invalid("arquivo", key)
}

/// The mapping as stored: one column code (or null) per column.
fn mapping_json(mapping: &Mapping) -> String {
    let codes: Vec<Option<&str>> = mapping.iter().map(|c| c.map(Column::code)).collect();
    serde_json::to_string(&codes).unwrap_or_else(|_| "[]".to_owned())
}

/// The stored mapping (unknown codes are dropped).
fn stored_mapping(json: Option<&str>) -> Mapping {
    let codes: Vec<Option<String>> = json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    codes
        .iter()
        .map(|c| c.as_deref().and_then(Column::from_code))
        .collect()
}

/// The stored file read as a table with the import's encoding and separator.
fn stored_table(import: &ImportRow) -> Result<Table, &'static str> {
    let content = import.content.as_deref().ok_or("import_file_gone")?;
    let encoding = Encoding::from_code(&import.encoding).unwrap_or(Encoding::Utf8);
    let separator = import.separator.chars().next().unwrap_or(';');
    read::table(&encoding.decode(content), separator).map_err(read::ReadError::key)
}

/// Only the last path segment of an uploaded file's name, at most 200 characters.
fn clean_file_name(raw: &str) -> String {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.is_empty() {
        "planilha.csv".to_owned()
    } else {
        name
    }
}

/// Stores an uploaded file as a draft import, with its encoding, separator and a proposed
/// mapping; answers its id. A file that cannot be read as a spreadsheet is refused whole.
pub async fn upload(
    db: &Db,
    actor: &UserRow,
    file_name: &str,
    bytes: &[u8],
    meta: RequestMeta,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(file_error("import_empty"));
    }
    if bytes.len() > read::MAX_FILE_BYTES {
        return Err(file_error("import_too_large"));
    }
    let encoding = Encoding::detect(bytes);
    let text = encoding.decode(bytes);
    let separator = read::detect_separator(&text);
    let table = read::table(&text, separator).map_err(|e| file_error(e.key()))?;
    let mapping = row::guess_mapping(&table.header);
    let file_name = clean_file_name(file_name);
    let id = repo::insert_draft(
        db,
        actor.id,
        &file_name,
        bytes,
        encoding.code(),
        &separator.to_string(),
        &mapping_json(&mapping),
        table.rows.len() as i64,
        now,
    )
    .await?;
    let mut tx = db.begin().await?;
    let details = json!({ "file": file_name, "rows": table.rows.len(), "bytes": bytes.len() });
    write_audit(&mut tx, actor.id, "client_import.upload", id, details, meta).await?;
    tx.commit().await?;
    Ok(id)
}

/// The import `id` if `actor` may see it (its author, or an admin).
async fn visible(db: &Db, actor: &UserRow, id: i64) -> Result<ImportRow, AppError> {
    let import = repo::load(db, id).await?.ok_or(AppError::NotFound)?;
    if import.created_by == Some(actor.id) || actor.role() == Role::Admin {
        Ok(import)
    } else {
        Err(AppError::NotFound)
    }
}

/// An import's page.
pub async fn view(
    db: &Db,
    actor: &UserRow,
    id: i64,
    now: OffsetDateTime,
) -> Result<ImportView, AppError> {
    let import = visible(db, actor, id).await?;
    let summary = repo::summary(db, id).await?.ok_or(AppError::NotFound)?;
    let status = import.status();
    let (header, sample) = if status == ImportStatus::Draft {
        match stored_table(&import) {
            Ok(table) => (
                table.header,
                table
                    .rows
                    .into_iter()
                    .take(SAMPLE_ROWS)
                    .map(|(_, cells)| cells)
                    .collect(),
            ),
            Err(_) => (Vec::new(), Vec::new()),
        }
    } else {
        (Vec::new(), Vec::new())
    };
    let problems = if status == ImportStatus::Draft {
        Vec::new()
    } else {
        repo::problems(db, id, Some(PROBLEMS_SHOWN)).await?
    };
    let revertible_until = import
        .finished_at
        .map(|at| at + time::Duration::days(REVERT_DAYS));
    let can_revert = status == ImportStatus::Done
        && summary.created_count + summary.updated_count > 0
        && revertible_until.is_some_and(|until| now < until);
    Ok(ImportView {
        summary,
        encoding: import.encoding.clone(),
        separator: import.separator.clone(),
        header,
        sample,
        mapping: stored_mapping(import.mapping.as_deref())
            .into_iter()
            .map(|c| c.map(|c| c.code().to_owned()))
            .collect(),
        mode: import.mode.as_deref().and_then(ImportMode::from_code),
        keep_valid: import.keep_valid,
        problems,
        can_revert,
    })
}

/// Reads a draft again with another encoding and/or separator (and proposes a new mapping).
pub async fn reformat(
    db: &Db,
    actor: &UserRow,
    id: i64,
    encoding: &str,
    separator: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut import = visible(db, actor, id).await?;
    let encoding = Encoding::from_code(encoding)
        .ok_or_else(|| AppError::invalid("encoding", "value_invalid"))?;
    let separator = match separator {
        "tab" | "\t" => '\t',
        ";" => ';',
        "," => ',',
        _ => return Err(AppError::invalid("separator", "value_invalid")),
    };
    import.encoding = encoding.code().to_owned();
    import.separator = separator.to_string();
    let table = stored_table(&import).map_err(|key| AppError::invalid("separator", key))?;
    let mapping = mapping_json(&row::guess_mapping(&table.header));
    if !repo::set_format(db, id, encoding.code(), &import.separator, &mapping, now).await? {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// Starts a draft import with the person's mapping (one column code or "" per column of the
/// file) and choices; the work is queued as a job. Starting one already started does nothing.
#[allow(clippy::too_many_arguments)]
pub async fn start(
    db: &Db,
    actor: &UserRow,
    id: i64,
    mapping: &[String],
    mode: &str,
    keep_valid: bool,
    meta: RequestMeta,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let import = visible(db, actor, id).await?;
    if import.status() != ImportStatus::Draft {
        return Ok(());
    }
    let table = stored_table(&import).map_err(file_error)?;
    let mut columns: Mapping = Vec::with_capacity(table.header.len());
    for i in 0..table.header.len() {
        let code = mapping.get(i).map(|c| c.trim()).unwrap_or_default();
        if code.is_empty() {
            columns.push(None);
        } else {
            let column = Column::from_code(code)
                .ok_or_else(|| AppError::invalid("mapping", "value_invalid"))?;
            columns.push(Some(column));
        }
    }
    row::check_mapping(&columns).map_err(|key| AppError::invalid("mapping", key))?;
    let mode =
        ImportMode::from_code(mode).ok_or_else(|| AppError::invalid("mode", "value_invalid"))?;
    let mut tx = db.begin().await?;
    let rows = table.rows.len() as i64;
    let json = mapping_json(&columns);
    if !repo::queue(&mut tx, id, &json, mode.code(), keep_valid, rows, now).await? {
        return Ok(());
    }
    let payload = json!({ "import": id });
    crate::jobs::enqueue(
        &mut tx,
        RUN_JOB,
        &payload,
        Some(actor.id),
        now.unix_timestamp(),
    )
    .await?;
    let details = json!({ "mode": mode.code(), "keep_valid": keep_valid, "rows": rows });
    write_audit(&mut tx, actor.id, "client_import.start", id, details, meta).await?;
    tx.commit().await?;
    Ok(())
}

/// The latest imports the viewer may see (theirs; every one for admins).
pub async fn recent(db: &Db, actor: &UserRow) -> Result<Vec<super::ImportSummary>, AppError> {
    let only = (actor.role() != Role::Admin).then_some(actor.id);
    Ok(repo::recent(db, only, 20).await?)
}

/// Every line's outcome, for the downloadable report.
pub async fn report(
    db: &Db,
    actor: &UserRow,
    id: i64,
) -> Result<(super::ImportSummary, Vec<super::ImportProblem>), AppError> {
    visible(db, actor, id).await?;
    let summary = repo::summary(db, id).await?.ok_or(AppError::NotFound)?;
    Ok((summary, repo::problems(db, id, None).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_file_names_lose_their_folders_and_control_characters() {
        assert_eq!(
            clean_file_name("C:\\Users\\ana\\clientes.csv"),
            "clientes.csv"
        );
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b.csv"), "ab.csv");
        assert_eq!(clean_file_name(""), "planilha.csv");
    }

    #[test]
    fn a_stored_mapping_reads_back_and_drops_unknown_codes() {
        let mapping = vec![Some(Column::Name), None, Some(Column::Phones)];
        assert_eq!(stored_mapping(Some(&mapping_json(&mapping))), mapping);
        assert_eq!(
            stored_mapping(Some(r#"["name","owner_id",null]"#)),
            vec![Some(Column::Name), None, None]
        );
        assert!(stored_mapping(Some("not json")).is_empty());
    }
}
