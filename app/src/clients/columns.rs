//! The columns of a clients spreadsheet, shared by the CSV export and the CSV import so that an
//! export can be imported back as it is: each column has one pt-BR header (what the export
//! writes) and the other names people give it in their own spreadsheets (what the import
//! recognises when it proposes a mapping).

use serde::{Deserialize, Serialize};

/// A client field a spreadsheet column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Kind,
    Name,
    TradeName,
    TaxId,
    BirthDate,
    Profession,
    ContactName,
    /// One or more phones (separated by `|`, `,`, `;` or `/`).
    Phones,
    /// Phones that have WhatsApp (same separators).
    Whatsapp,
    /// One or more e-mails.
    Emails,
    /// Comma-separated tags.
    Tags,
    /// Comma-separated insurance lines (labels or codes).
    Lines,
    Source,
    Cep,
    Street,
    StreetNumber,
    Complement,
    District,
    City,
    State,
    Notes,
    /// Sim/Não.
    MarketingConsent,
    ConsentChannel,
}

impl Column {
    /// Every column, in the order an export writes them.
    pub const ALL: [Column; 23] = [
        Column::Kind,
        Column::Name,
        Column::TradeName,
        Column::TaxId,
        Column::BirthDate,
        Column::Profession,
        Column::ContactName,
        Column::Phones,
        Column::Whatsapp,
        Column::Emails,
        Column::Tags,
        Column::Lines,
        Column::Source,
        Column::Cep,
        Column::Street,
        Column::StreetNumber,
        Column::Complement,
        Column::District,
        Column::City,
        Column::State,
        Column::Notes,
        Column::MarketingConsent,
        Column::ConsentChannel,
    ];

    /// The stable code (form values, stored mappings).
    pub fn code(self) -> &'static str {
        match self {
            Column::Kind => "kind",
            Column::Name => "name",
            Column::TradeName => "trade_name",
            Column::TaxId => "tax_id",
            Column::BirthDate => "birth_date",
            Column::Profession => "profession",
            Column::ContactName => "contact_name",
            Column::Phones => "phones",
            Column::Whatsapp => "whatsapp",
            Column::Emails => "emails",
            Column::Tags => "tags",
            Column::Lines => "lines",
            Column::Source => "source",
            Column::Cep => "cep",
            Column::Street => "street",
            Column::StreetNumber => "street_number",
            Column::Complement => "complement",
            Column::District => "district",
            Column::City => "city",
            Column::State => "state",
            Column::Notes => "notes",
            Column::MarketingConsent => "marketing_consent",
            Column::ConsentChannel => "consent_channel",
        }
    }

    /// The column of a code.
    pub fn from_code(code: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The header an export writes (pt-BR, the brokerage's spreadsheets' language).
    pub fn header(self) -> &'static str {
        match self {
            Column::Kind => "Tipo",
            Column::Name => "Nome",
            Column::TradeName => "Nome fantasia",
            Column::TaxId => "CPF/CNPJ",
            Column::BirthDate => "Data de nascimento",
            Column::Profession => "Profissão",
            Column::ContactName => "Pessoa de contato",
            Column::Phones => "Telefones",
            Column::Whatsapp => "WhatsApp",
            Column::Emails => "E-mails",
            Column::Tags => "Tags",
            Column::Lines => "Ramos de interesse",
            Column::Source => "Origem",
            Column::Cep => "CEP",
            Column::Street => "Logradouro",
            Column::StreetNumber => "Número",
            Column::Complement => "Complemento",
            Column::District => "Bairro",
            Column::City => "Cidade",
            Column::State => "UF",
            Column::Notes => "Observações",
            Column::MarketingConsent => "Aceita marketing",
            Column::ConsentChannel => "Canal do consentimento",
        }
    }

    /// Other header names (folded: lower case, no accents) that mean this column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Kind => &["tipo", "tipo de pessoa", "pessoa", "pf/pj", "tipo pessoa"],
            Column::Name => &[
                "nome",
                "nome completo",
                "razao social",
                "cliente",
                "nome do cliente",
                "segurado",
                "name",
            ],
            Column::TradeName => &["nome fantasia", "fantasia"],
            Column::TaxId => &[
                "cpf/cnpj",
                "cpf",
                "cnpj",
                "cpf cnpj",
                "cpf_cnpj",
                "documento",
                "doc",
            ],
            Column::BirthDate => &[
                "data de nascimento",
                "nascimento",
                "data nascimento",
                "dt nasc",
                "dt. nasc.",
                "data nasc",
                "aniversario",
            ],
            Column::Profession => &["profissao", "ocupacao"],
            Column::ContactName => &["pessoa de contato", "contato", "responsavel na empresa"],
            Column::Phones => &[
                "telefones",
                "telefone",
                "fone",
                "tel",
                "celular",
                "celulares",
                "telefone fixo",
                "phone",
            ],
            Column::Whatsapp => &["whatsapp", "whats", "zap", "wpp"],
            Column::Emails => &["e-mails", "e-mail", "email", "emails", "correio eletronico"],
            Column::Tags => &["tags", "etiquetas", "marcadores"],
            Column::Lines => &[
                "ramos de interesse",
                "ramos",
                "ramo",
                "interesse",
                "produtos",
            ],
            Column::Source => &["origem", "fonte", "canal de origem", "como conheceu"],
            Column::Cep => &["cep"],
            Column::Street => &["logradouro", "endereco", "rua"],
            Column::StreetNumber => &["numero", "n", "no", "nº", "n°"],
            Column::Complement => &["complemento", "compl"],
            Column::District => &["bairro"],
            Column::City => &["cidade", "municipio"],
            Column::State => &["uf", "estado"],
            Column::Notes => &["observacoes", "observacao", "obs", "notas"],
            Column::MarketingConsent => &[
                "aceita marketing",
                "consentimento de marketing",
                "consentimento",
                "opt-in",
                "optin",
            ],
            Column::ConsentChannel => &["canal do consentimento", "canal consentimento"],
        }
    }

    /// The column a spreadsheet header most likely means, if any.
    pub fn guess(header: &str) -> Option<Column> {
        let folded = fold_header(header);
        if folded.is_empty() {
            return None;
        }
        Column::ALL
            .into_iter()
            .find(|c| c.aliases().contains(&folded.as_str()))
    }

    /// Whether several spreadsheet columns may map to this one (their values add up).
    pub fn repeatable(self) -> bool {
        matches!(
            self,
            Column::Phones | Column::Whatsapp | Column::Emails | Column::Tags | Column::Lines
        )
    }
}

/// Lower case, accents removed, inner whitespace collapsed.
fn fold_header(header: &str) -> String {
    let folded: String = header
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '_' => ' ',
            other => other,
        })
        .collect();
    folded
        .trim_matches(|c: char| c.is_whitespace() || c == '*' || c == ':')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// pt-BR labels of the insurance lines, as a spreadsheet shows them.
pub const LINE_LABELS: &[(&str, &str)] = &[
    ("auto", "Auto"),
    ("vida", "Vida"),
    ("residencial", "Residencial"),
    ("empresarial", "Empresarial"),
    ("saude", "Saúde"),
    ("viagem", "Viagem"),
    ("rc", "Responsabilidade civil"),
    ("outros", "Outros"),
];

/// pt-BR labels of the sources, as a spreadsheet shows them.
pub const SOURCE_LABELS: &[(&str, &str)] = &[
    ("indicacao", "Indicação"),
    ("site", "Site"),
    ("whatsapp", "WhatsApp"),
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("google", "Google"),
    ("evento", "Evento"),
    ("outro", "Outro"),
];

/// The label of a stored code in `table` (the code itself when unknown).
pub fn label_of(table: &[(&'static str, &'static str)], code: &str) -> String {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, label)| (*label).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The stored code of a label or code written in a spreadsheet (any case, with or without
/// accents), if it is one of `table`.
pub fn code_of(table: &[(&'static str, &'static str)], written: &str) -> Option<&'static str> {
    let folded = fold_header(written);
    table
        .iter()
        .find(|(code, label)| *code == folded || fold_header(label) == folded)
        .map(|(code, _)| *code)
}

/// Splits a cell holding several values (phones, e-mails).
pub fn split_many(cell: &str) -> Vec<String> {
    cell.split(['|', ',', ';', '/', '\n'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_export_header_is_recognised_as_its_own_column() {
        for column in Column::ALL {
            assert_eq!(Column::guess(column.header()), Some(column), "{column:?}");
        }
    }

    #[test]
    fn headers_are_recognised_in_any_case_and_without_accents() {
        assert_eq!(Column::guess("  NOME COMPLETO "), Some(Column::Name));
        assert_eq!(Column::guess("Razão Social"), Some(Column::Name));
        assert_eq!(Column::guess("Endereço"), Some(Column::Street));
        assert_eq!(Column::guess("cpf_cnpj"), Some(Column::TaxId));
        assert_eq!(Column::guess("Celular:"), Some(Column::Phones));
        assert_eq!(Column::guess("Município"), Some(Column::City));
        assert_eq!(Column::guess("Placa do carro"), None);
        assert_eq!(Column::guess(""), None);
    }

    #[test]
    fn codes_round_trip() {
        for column in Column::ALL {
            assert_eq!(Column::from_code(column.code()), Some(column));
        }
        assert_eq!(Column::from_code("owner_id"), None);
    }

    #[test]
    fn line_and_source_labels_map_back_to_their_codes() {
        for (code, label) in LINE_LABELS {
            assert_eq!(code_of(LINE_LABELS, label), Some(*code));
            assert_eq!(label_of(LINE_LABELS, code), *label);
        }
        assert_eq!(code_of(LINE_LABELS, "saúde"), Some("saude"));
        assert_eq!(code_of(SOURCE_LABELS, "INDICACAO"), Some("indicacao"));
        assert_eq!(code_of(SOURCE_LABELS, "jornal"), None);
        let codes: Vec<&str> = LINE_LABELS.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, crate::clients::LINES);
        let codes: Vec<&str> = SOURCE_LABELS.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, crate::clients::SOURCES);
    }

    #[test]
    fn cells_with_several_values_split_on_the_usual_separators() {
        assert_eq!(
            split_many("(11) 98765-4321 | 11 3333-4444, ;"),
            vec!["(11) 98765-4321", "11 3333-4444"]
        );
        assert_eq!(split_many("a@x.com/b@y.com"), vec!["a@x.com", "b@y.com"]);
        assert!(split_many("  ").is_empty());
    }
}
