//! Reading an uploaded spreadsheet: its encoding (UTF-8, with or without BOM; UTF-16 as Excel's
//! "Unicode text" writes it; otherwise Windows-1252, what Excel in Brazil saves as "CSV"), its
//! separator (`;`, `,` or tab) and its lines, each with the line number it starts on so a report
//! can point at it. Blank lines are skipped.

use serde::{Deserialize, Serialize};

/// Largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Most data lines a file may have.
pub const MAX_ROWS: usize = 100_000;
/// Most columns a file may have.
pub const MAX_COLUMNS: usize = 100;

/// A text encoding a spreadsheet may be saved in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "windows-1252")]
    Windows1252,
    #[serde(rename = "utf-16")]
    Utf16,
}

impl Encoding {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Utf16 => "utf-16",
        }
    }

    /// The encoding of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [Encoding::Utf8, Encoding::Windows1252, Encoding::Utf16]
            .into_iter()
            .find(|e| e.code() == code)
    }

    /// The encoding `bytes` are most likely in.
    pub fn detect(bytes: &[u8]) -> Self {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            Encoding::Utf16
        } else if std::str::from_utf8(bytes).is_ok() {
            Encoding::Utf8
        } else {
            Encoding::Windows1252
        }
    }

    /// `bytes` as text (a BOM is dropped; undecodable bytes become U+FFFD).
    pub fn decode(self, bytes: &[u8]) -> String {
        let text = match self {
            Encoding::Utf8 => encoding_rs::UTF_8.decode(bytes).0,
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252.decode(bytes).0,
            Encoding::Utf16 => encoding_rs::UTF_16LE.decode(bytes).0,
        };
        text.trim_start_matches('\u{feff}').to_owned()
    }
}

/// The column separators a file may use.
pub const SEPARATORS: [char; 3] = [';', ',', '\t'];

/// The separator of `text`: the one that splits its first lines into the same number (more than
/// one) of columns most often; `;` (Excel in Brazil) when in doubt.
pub fn detect_separator(text: &str) -> char {
    let sample: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let score = |sep: char| -> usize {
        let counts: Vec<usize> = sample
            .iter()
            .map(|line| count_outside_quotes(line, sep))
            .collect();
        let Some(&first) = counts.first() else {
            return 0;
        };
        if first == 0 {
            return 0;
        }
        // Lines that agree with the header, weighted by how many columns they make.
        counts.iter().filter(|&&c| c == first).count() * 1000 + first
    };
    let mut best = ';';
    let mut best_score = score(';');
    for sep in [',', '\t'] {
        let s = score(sep);
        if s > best_score {
            best = sep;
            best_score = s;
        }
    }
    best
}

fn count_outside_quotes(line: &str, sep: char) -> usize {
    let mut quoted = false;
    line.chars()
        .filter(|&c| {
            if c == '"' {
                quoted = !quoted;
            }
            c == sep && !quoted
        })
        .count()
}

/// Why a file cannot be read (message keys).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing but a header (or nothing at all).
    NoRows,
    /// More than [`MAX_ROWS`] lines.
    TooManyRows,
    /// More than [`MAX_COLUMNS`] columns.
    TooManyColumns,
    /// Not a CSV file (e.g. an unterminated quote).
    Unreadable,
}

impl ReadError {
    /// The message key.
    pub fn key(self) -> &'static str {
        match self {
            ReadError::NoRows => "import_no_rows",
            ReadError::TooManyRows => "import_too_many_rows",
            ReadError::TooManyColumns => "import_too_many_columns",
            ReadError::Unreadable => "import_unreadable",
        }
    }
}

/// A spreadsheet: its header and its non-blank data lines, each with its line number (the header
/// is line 1 when it is the first line).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(i64, Vec<String>)>,
}

/// Splits `text` into a [`Table`].
pub fn table(text: &str, separator: char) -> Result<Table, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(u8::try_from(separator).map_err(|_| ReadError::Unreadable)?)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    // Line numbers are counted here: the reader does not count blank lines.
    let (mut counted_to, mut line) = (0_usize, 1_i64);
    for record in reader.records() {
        let record = record.map_err(|_| ReadError::Unreadable)?;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if cells.len() > MAX_COLUMNS {
            return Err(ReadError::TooManyColumns);
        }
        let start = record.position().map_or(counted_to, |p| p.byte() as usize);
        let mut start = start.clamp(counted_to, text.len());
        // The position may point at blank lines the reader skipped before the record.
        while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        line += text.as_bytes()[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as i64;
        counted_to = start;
        if header.is_none() {
            header = Some(cells);
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(ReadError::TooManyRows);
        }
        rows.push((line, cells));
    }
    let header = header.ok_or(ReadError::NoRows)?;
    if rows.is_empty() {
        return Err(ReadError::NoRows);
    }
    Ok(Table { header, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_bom_is_read_as_utf8() {
        let text = "Nome;Cidade\nJoão;São Paulo\n";
        assert_eq!(Encoding::detect(text.as_bytes()), Encoding::Utf8);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(Encoding::detect(&with_bom), Encoding::Utf8);
        assert_eq!(Encoding::Utf8.decode(&with_bom), text);
    }

    #[test]
    fn windows_1252_accents_are_decoded() {
        // "João;Conceição" as Excel in Brazil saves it.
        let bytes = b"Jo\xe3o;Concei\xe7\xe3o\n";
        assert_eq!(Encoding::detect(bytes), Encoding::Windows1252);
        assert_eq!(Encoding::Windows1252.decode(bytes), "João;Conceição\n");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Nome\tJoão".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(Encoding::detect(&bytes), Encoding::Utf16);
        assert_eq!(Encoding::Utf16.decode(&bytes), "Nome\tJoão");
    }

    #[test]
    fn the_separator_is_the_one_that_splits_lines_consistently() {
        assert_eq!(detect_separator("Nome;CPF\nAna;123\n"), ';');
        assert_eq!(detect_separator("Nome,CPF\nAna,123\n"), ',');
        assert_eq!(detect_separator("Nome\tCPF\nAna\t123\n"), '\t');
        // Commas inside a `;` file's values (and inside quotes) do not fool it.
        assert_eq!(
            detect_separator("Nome;Tags\n\"Silva, Ana\";vip, auto\nBeto;x\n"),
            ';'
        );
        assert_eq!(detect_separator("Nome\nAna\n"), ';');
    }

    #[test]
    fn a_table_keeps_line_numbers_and_skips_blank_lines() {
        let text = "Nome;Obs\nAna;\"linha 1\nlinha 2\"\n;;\n\nBeto;x\n";
        let t = table(text, ';').unwrap();
        assert_eq!(t.header, vec!["Nome", "Obs"]);
        assert_eq!(
            t.rows,
            vec![
                (2, vec!["Ana".to_owned(), "linha 1\nlinha 2".to_owned()]),
                (6, vec!["Beto".to_owned(), "x".to_owned()]),
            ]
        );
    }

    #[test]
    fn files_without_data_or_with_too_many_columns_are_refused() {
        assert_eq!(table("", ';'), Err(ReadError::NoRows));
        assert_eq!(table("Nome;CPF\n", ';'), Err(ReadError::NoRows));
        let wide = vec!["x"; MAX_COLUMNS + 1].join(";");
        assert_eq!(table(&wide, ';'), Err(ReadError::TooManyColumns));
    }

    #[test]
    fn rows_beyond_the_limit_are_refused() {
        let mut text = String::from("Nome\n");
        for i in 0..=MAX_ROWS {
            text.push_str(&format!("n{i}\n"));
        }
        assert_eq!(table(&text, ';'), Err(ReadError::TooManyRows));
    }
}
