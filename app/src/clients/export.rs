//! The clients list as a spreadsheet (`/clientes/exportar.csv`): what the list's filters keep
//! within the caller's record scope, one client a line, in the columns of [`Column::ALL`] with
//! their pt-BR headers and the value formats the import reads back (so an export imports as
//! it is), then a few read-only columns (owner, team, creation day, code). Excel-friendly
//! pt-BR: UTF-8 with a BOM, `;` between fields, CRLF line ends, dates `dd/mm/aaaa`; a cell a
//! spreadsheet would run as a formula is defused with a leading `'`.

use time::Date;

use super::{
    columns::{label_of, Column, LINE_LABELS, SOURCE_LABELS},
    ClientDetail, ClientFilter, ClientKind,
};
use crate::{audit::csv::cell, format::date_br};

mod repo;

pub use repo::{export, rows, Export};

/// Most clients one export holds; a longer list is cut there (and its file name says so).
pub const EXPORT_LIMIT: usize = 50_000;

/// The field separator Excel expects from a pt-BR spreadsheet.
pub const SEPARATOR: char = ';';

/// What separates several phones or e-mails in one cell.
pub const MANY: &str = " | ";

/// The read-only columns written after [`Column::ALL`] (an import ignores them).
pub const EXTRA_HEADERS: [&str; 4] = ["Responsável", "Equipe", "Criado em", "Código"];

/// The text of `column` for `row`, before CSV quoting.
pub fn value(row: &ClientDetail, column: Column) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let phones = |only_whatsapp: bool| {
        let shown: Vec<String> = row
            .phones
            .iter()
            .filter(|phone| phone.whatsapp || !only_whatsapp)
            .map(|phone| phone.display.clone())
            .collect();
        shown.join(MANY)
    };
    match column {
        Column::Kind => match row.kind {
            ClientKind::Pf => "PF".to_owned(),
            ClientKind::Pj => "PJ".to_owned(),
        },
        Column::Name => row.name.clone(),
        Column::TradeName => text(&row.trade_name),
        // In full, with its punctuation: it is the staff's own data.
        Column::TaxId => text(&row.tax_id),
        Column::BirthDate => row.birth_date.map(date_br).unwrap_or_default(),
        Column::Profession => text(&row.profession),
        Column::ContactName => text(&row.contact_name),
        Column::Phones => phones(false),
        Column::Whatsapp => phones(true),
        Column::Emails => row.emails.join(MANY),
        Column::Tags => row.tags.join(", "),
        Column::Lines => {
            let labels: Vec<String> = row
                .lines
                .iter()
                .map(|code| label_of(LINE_LABELS, code))
                .collect();
            labels.join(", ")
        }
        Column::Source => row
            .source
            .as_deref()
            .map(|code| label_of(SOURCE_LABELS, code))
            .unwrap_or_default(),
        Column::Cep => text(&row.cep),
        Column::Street => text(&row.street),
        Column::StreetNumber => text(&row.street_number),
        Column::Complement => text(&row.complement),
        Column::District => text(&row.district),
        Column::City => text(&row.city),
        Column::State => text(&row.state),
        Column::Notes => text(&row.notes),
        Column::MarketingConsent => if row.marketing_consent { "Sim" } else { "Não" }.to_owned(),
        Column::ConsentChannel => text(&row.consent_channel),
    }
}

/// The read-only values written after the spreadsheet columns (see [`EXTRA_HEADERS`]).
fn extras(row: &ClientDetail) -> [String; 4] {
    let created = date_br(crate::format::today_sao_paulo(row.created_at));
    [
        row.owner.clone().unwrap_or_default(),
        row.team.clone().unwrap_or_default(),
        created,
        row.id.to_string(),
    ]
}

fn push_line<'a>(out: &mut String, values: impl IntoIterator<Item = &'a str>) {
    let cells: Vec<String> = values.into_iter().map(|v| cell(v, SEPARATOR)).collect();
    out.push_str(&cells.join(&SEPARATOR.to_string()));
    out.push_str("\r\n");
}

/// The header line (without the BOM).
pub fn header_line() -> String {
    let mut out = String::new();
    let headers = Column::ALL.iter().map(|c| c.header());
    push_line(&mut out, headers.chain(EXTRA_HEADERS));
    out
}

/// The whole file: BOM, header line, one line per row.
pub fn to_csv(rows: &[ClientDetail]) -> String {
    let mut out = String::with_capacity(64 + rows.len() * 256);
    out.push('\u{feff}');
    out.push_str(&header_line());
    for row in rows {
        let values: Vec<String> = Column::ALL.iter().map(|c| value(row, *c)).collect();
        let extras = extras(row);
        let all = values.iter().chain(extras.iter()).map(String::as_str);
        push_line(&mut out, all);
    }
    out
}

/// The download's file name: `clientes-AAAA-MM-DD.csv` for `today`, with
/// `-primeiros-50000` before the extension when the list was cut at [`EXPORT_LIMIT`].
pub fn file_name(today: Date, truncated: bool) -> String {
    let cut = if truncated {
        format!("-primeiros-{EXPORT_LIMIT}")
    } else {
        String::new()
    };
    format!(
        "clientes-{:04}-{:02}-{:02}{cut}.csv",
        today.year(),
        u8::from(today.month()),
        today.day()
    )
}

/// The list's filter from the export address's parameters (the same ones the list page
/// reads; the page number is ignored: an export holds every page).
pub fn filter_from_params<K, V>(params: impl IntoIterator<Item = (K, V)>) -> ClientFilter
where
    K: Into<std::borrow::Cow<'static, str>>,
    V: Into<String>,
{
    let query: leptos_router::params::ParamsMap = params
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    ClientFilter {
        page: 1,
        ..super::list_page::filter_from_query(&query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    /// A client with nothing but a name.
    fn blank(name: &str) -> ClientDetail {
        let at = datetime!(2026-01-05 12:00 UTC);
        ClientDetail {
            id: 1,
            kind: ClientKind::Pf,
            name: name.into(),
            trade_name: None,
            tax_id: None,
            birth_date: None,
            profession: None,
            contact_name: None,
            phones: Vec::new(),
            emails: Vec::new(),
            tags: Vec::new(),
            lines: Vec::new(),
            source: None,
            owner_id: None,
            owner: None,
            team: None,
            cep: None,
            street: None,
            street_number: None,
            complement: None,
            district: None,
            city: None,
            state: None,
            notes: None,
            marketing_consent: false,
            consent_at: None,
            consent_channel: None,
            archived_at: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn joao() -> ClientDetail {
        let phone = |e164: &str, whatsapp| {
            crate::clients::repo::phone(e164.into(), "mobile".into(), whatsapp)
        };
        ClientDetail {
            id: 42,
            tax_id: Some("529.982.247-25".into()),
            birth_date: Some(date!(1980 - 01 - 05)),
            phones: vec![phone("+5511987654321", true), phone("+551133334444", false)],
            emails: vec!["joao@exemplo.com.br".into(), "j@x.com".into()],
            tags: vec!["VIP".into(), "Indicado".into()],
            lines: vec!["auto".into(), "saude".into()],
            source: Some("indicacao".into()),
            cep: Some("01310-100".into()),
            city: Some("São Paulo".into()),
            state: Some("SP".into()),
            notes: Some("Prefere; contato à tarde".into()),
            marketing_consent: true,
            consent_channel: Some("whatsapp".into()),
            owner: Some("Ana Souza".into()),
            team: Some("Automóvel".into()),
            // 02:30 UTC on the 5th is still the 4th in São Paulo.
            created_at: datetime!(2026-01-05 02:30 UTC),
            ..blank("João Conceição da Silva")
        }
    }

    fn fields(line: &str) -> Vec<&str> {
        line.split(';').collect()
    }

    #[test]
    fn the_file_starts_with_a_bom_and_the_column_headers_then_the_read_only_ones() {
        let csv = to_csv(&[]);
        assert!(csv.starts_with('\u{feff}'));
        let header = csv.trim_start_matches('\u{feff}');
        assert!(header.ends_with("\r\n"));
        let names = fields(header.trim_end());
        let expected: Vec<&str> = Column::ALL
            .iter()
            .map(|c| c.header())
            .chain(EXTRA_HEADERS)
            .collect();
        assert_eq!(names, expected);
        for (name, column) in names.iter().zip(Column::ALL) {
            assert_eq!(
                Column::guess(name),
                Some(column),
                "the import reads it back"
            );
        }
    }

    #[test]
    fn each_value_is_written_the_way_people_and_the_import_read_it() {
        let row = joao();
        let v = |c| value(&row, c);
        assert_eq!(v(Column::Kind), "PF");
        assert_eq!(v(Column::TaxId), "529.982.247-25");
        assert_eq!(v(Column::BirthDate), "05/01/1980");
        assert_eq!(v(Column::Phones), "(11) 98765-4321 | (11) 3333-4444");
        assert_eq!(v(Column::Whatsapp), "(11) 98765-4321");
        assert_eq!(v(Column::Emails), "joao@exemplo.com.br | j@x.com");
        assert_eq!(v(Column::Tags), "VIP, Indicado");
        assert_eq!(v(Column::Lines), "Auto, Saúde");
        assert_eq!(v(Column::Source), "Indicação");
        assert_eq!(v(Column::MarketingConsent), "Sim");
        assert_eq!(v(Column::TradeName), "");
        let pj = ClientDetail {
            kind: ClientKind::Pj,
            ..blank("Empresa")
        };
        assert_eq!(value(&pj, Column::Kind), "PJ");
        assert_eq!(value(&pj, Column::MarketingConsent), "Não");
        let split = crate::clients::columns::split_many(&v(Column::Phones));
        assert_eq!(split, ["(11) 98765-4321", "(11) 3333-4444"]);
    }

    #[test]
    fn a_row_has_one_cell_per_header_and_separators_inside_values_are_quoted() {
        let csv = to_csv(&[joao()]);
        let line = csv.split("\r\n").nth(1).unwrap();
        assert!(line.contains(";\"Prefere; contato à tarde\";"), "{line}");
        assert!(
            line.ends_with(";Ana Souza;Automóvel;04/01/2026;42"),
            "{line}"
        );
        let unquoted = line.replace("\"Prefere; contato à tarde\"", "notes");
        assert_eq!(
            fields(&unquoted).len(),
            Column::ALL.len() + EXTRA_HEADERS.len()
        );
        assert_eq!(csv.matches("\r\n").count(), 2);
        assert!(!csv.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_are_defused() {
        for evil in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let row = blank(evil);
            let line = to_csv(&[row]);
            let line = line.split("\r\n").nth(1).unwrap();
            let first_name_cell = line.split(';').nth(1).unwrap();
            assert!(
                first_name_cell.starts_with('\'') || first_name_cell.starts_with("\"'"),
                "{evil:?} gave {first_name_cell:?}"
            );
        }
    }

    #[test]
    fn the_file_name_has_the_day_and_says_when_the_list_was_cut() {
        assert_eq!(
            file_name(date!(2026 - 03 - 07), false),
            "clientes-2026-03-07.csv"
        );
        assert_eq!(
            file_name(date!(2026 - 03 - 07), true),
            "clientes-2026-03-07-primeiros-50000.csv"
        );
    }

    #[test]
    fn the_export_reads_the_list_pages_parameters_and_ignores_the_page() {
        let filter = filter_from_params([
            ("q", "ana"),
            ("etiqueta", "VIP"),
            ("criado_de", "2026-11-01"),
            ("pagina", "7"),
            ("responsavel", "x"),
        ]);
        assert_eq!(
            filter,
            ClientFilter {
                query: Some("ana".into()),
                tag: Some("VIP".into()),
                created_from: Some("2026-11-01".into()),
                page: 1,
                ..ClientFilter::default()
            }
        );
    }
}
