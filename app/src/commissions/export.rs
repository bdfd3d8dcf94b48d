//! The month's commission rows as a spreadsheet (`/comissoes/exportar.csv?mes=aaaa-mm`), within
//! the caller's scope, in the clients export's pt-BR dialect and with its cell quoting (UTF-8
//! with a BOM, `;` between fields, CRLF, dates `dd/mm/aaaa`, text a spreadsheet would run as a
//! formula defused): one row per commission due in the month, amounts as `1234,56` (estornos
//! negative). Each export is audited.

use time::OffsetDateTime;

use super::{repo, repo::ExportRow, Month};
use crate::{
    audit::{self, csv::cell, AuditEntry, RequestMeta},
    clients::{
        export::{Export, EXPORT_LIMIT, SEPARATOR},
        scope::Scope,
    },
    db::Db,
    error::AppError,
    format::{date_br, today_sao_paulo},
    policies::labels,
    users::repo::UserRow,
};

/// The column headers.
pub const HEADERS: [&str; 12] = [
    "Vencimento",
    "Lançamento",
    "Parcela",
    "Apólice",
    "Cliente",
    "Seguradora",
    "Ramo",
    "Responsável",
    "Valor",
    "Recebida em",
    "Extrato",
    "Código da apólice",
];

/// Centavos as a pt-BR decimal a spreadsheet reads as a number: `123456` → `1234,56`,
/// `-50` → `-0,50`.
pub fn decimal(centavos: i64) -> String {
    let sign = if centavos < 0 { "-" } else { "" };
    let abs = centavos.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

/// One line: text cells quoted and defused by the shared [`cell`]; the amount (at `amount_at`)
/// written as it is, since it is our own number and a leading `-` there is a sign, not a
/// formula.
fn push_line(out: &mut String, values: &[String], amount_at: Option<usize>) {
    let cells: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if Some(i) == amount_at {
                v.clone()
            } else {
                cell(v, SEPARATOR)
            }
        })
        .collect();
    out.push_str(&cells.join(&SEPARATOR.to_string()));
    out.push_str("\r\n");
}

/// The values of one row, in [`HEADERS`] order.
fn values(row: &ExportRow) -> Vec<String> {
    let estorno = row.kind == "estorno";
    vec![
        date_br(row.due_on),
        if estorno { "Estorno" } else { "Parcela" }.to_owned(),
        if estorno {
            String::new()
        } else {
            row.installment.to_string()
        },
        labels::number(row.policy_number.as_deref(), row.proposal_number.as_deref()),
        row.client_name.clone(),
        row.insurer.clone(),
        format!("{} {}", row.line_code, row.line),
        row.owner.clone().unwrap_or_default(),
        decimal(row.amount),
        row.received_on.map(date_br).unwrap_or_default(),
        row.statement_ref.clone().unwrap_or_default(),
        row.policy_id.to_string(),
    ]
}

/// The whole file: BOM, header line, one line per row.
pub fn to_csv(rows: &[ExportRow]) -> String {
    let mut out = String::with_capacity(64 + rows.len() * 160);
    out.push('\u{feff}');
    let headers: Vec<String> = HEADERS.iter().map(|h| (*h).to_owned()).collect();
    push_line(&mut out, &headers, None);
    for row in rows {
        push_line(&mut out, &values(row), Some(8));
    }
    out
}

/// The download's file name: `comissoes-AAAA-MM.csv`, with `-primeiras-50000` when cut.
pub fn file_name(month: Month, truncated: bool) -> String {
    let cut = if truncated {
        format!("-primeiras-{EXPORT_LIMIT}")
    } else {
        String::new()
    };
    format!("comissoes-{}{cut}.csv", month.as_param())
}

/// Exports the rows due in month `raw` (today's when it does not parse) within `scope` for
/// `actor`, and audits it (`commission.export`, with the month and the number of rows).
pub async fn export(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    raw: Option<&str>,
    now: OffsetDateTime,
    meta: RequestMeta,
) -> Result<(Month, Export), AppError> {
    let month = Month::resolve(raw, today_sao_paulo(now));
    let (from, until) = month.range();
    let (rows, truncated) = repo::export_rows(db, scope, from, until, EXPORT_LIMIT).await?;
    let mut tx = db.begin().await?;
    audit::record(
        &mut tx,
        &AuditEntry {
            actor_id: Some(actor.id),
            action: "commission.export",
            entity_type: Some("commission"),
            entity_id: None,
            changes: Some(serde_json::json!({
                "month": month.as_param(),
                "rows": rows.len(),
                "truncated": truncated,
            })),
            meta,
        },
    )
    .await?;
    tx.commit().await?;
    let export = Export {
        csv: to_csv(&rows),
        rows: rows.len(),
        truncated,
    };
    Ok((month, export))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn row(kind: &str, amount: i64) -> ExportRow {
        ExportRow {
            due_on: date!(2026 - 03 - 05),
            kind: kind.into(),
            installment: 3,
            policy_id: 42,
            policy_number: Some("05.0531.123456".into()),
            proposal_number: None,
            client_name: "=cmd|' /C calc'!A0".into(),
            insurer: "Porto Seguro".into(),
            line_code: "0531".into(),
            line: "Automóvel – casco".into(),
            owner: Some("Ana Souza".into()),
            amount,
            received_on: Some(date!(2026 - 03 - 16)),
            statement_ref: Some("Extrato; março".into()),
        }
    }

    #[test]
    fn amounts_are_pt_br_decimals_without_thousands_marks() {
        assert_eq!(decimal(123_456), "1234,56");
        assert_eq!(decimal(0), "0,00");
        assert_eq!(decimal(-29_200), "-292,00");
        assert_eq!(decimal(-50), "-0,50");
        assert_eq!(decimal(5), "0,05");
    }

    #[test]
    fn the_file_has_a_bom_a_header_and_one_line_per_row_with_text_defused_and_numbers_kept() {
        let csv = to_csv(&[row("installment", 10_000), row("estorno", -29_200)]);
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines.len(), 4, "header, two rows, the empty end: {lines:?}");
        assert_eq!(lines[0], HEADERS.join(";"));
        assert_eq!(
            lines[1],
            "05/03/2026;Parcela;3;05.0531.123456;'=cmd|' /C calc'!A0;Porto Seguro;\
             0531 Automóvel – casco;Ana Souza;100,00;16/03/2026;\"Extrato; março\";42"
        );
        assert!(lines[2].starts_with("05/03/2026;Estorno;;"), "{}", lines[2]);
        assert!(lines[2].contains(";-292,00;"), "{}", lines[2]);
    }

    #[test]
    fn the_file_name_has_the_month_and_says_when_it_was_cut() {
        let march = Month::parse("2026-03").unwrap();
        assert_eq!(file_name(march, false), "comissoes-2026-03.csv");
        assert_eq!(
            file_name(march, true),
            "comissoes-2026-03-primeiras-50000.csv"
        );
    }
}
