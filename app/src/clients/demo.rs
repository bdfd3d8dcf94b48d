//! Realistic made-up clients for the demo and the benchmark: Brazilian names, valid CPFs and
//! CNPJs (check digits computed, numbers random), real DDDs and São Paulo-area CEPs. The same
//! seed always gives the same clients.

use super::{ClientInput, PhoneInput, LINES, SOURCES};
use crate::br::{Cnpj, Cpf};

const FIRST: &[&str] = &[
    "Ana",
    "João",
    "Maria",
    "José",
    "Antônio",
    "Francisca",
    "Carlos",
    "Paulo",
    "Adriana",
    "Lucas",
    "Juliana",
    "Márcia",
    "Fernanda",
    "Rafael",
    "Patrícia",
    "Luís",
    "Aline",
    "Gabriel",
    "Sandra",
    "Bruno",
    "Camila",
    "Rodrigo",
    "Letícia",
    "Marcos",
    "Beatriz",
    "Thiago",
    "Vitória",
    "Sérgio",
    "Cláudia",
    "André",
    "Débora",
    "Fábio",
    "Helena",
    "Ígor",
    "Joana",
    "Leandro",
    "Mônica",
    "Otávio",
    "Priscila",
    "Renata",
    "Simone",
    "Tânia",
    "Vinícius",
    "Conceição",
    "Raimundo",
];
const LAST: &[&str] = &[
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Araújo",
    "Melo",
    "Barbosa",
    "Rocha",
    "Dias",
    "Nascimento",
    "Andrade",
    "Moreira",
    "Nunes",
    "Marques",
    "Machado",
    "Mendes",
    "Freitas",
    "Cardoso",
    "Ramos",
    "Gonçalves",
    "Santana",
    "Teixeira",
    "Conceição",
    "Brandão",
    "Simões",
];
const COMPANY_WORDS: &[&str] = &[
    "Padaria",
    "Transportadora",
    "Clínica",
    "Construtora",
    "Auto Peças",
    "Mercado",
    "Escritório",
    "Oficina",
    "Restaurante",
    "Farmácia",
    "Distribuidora",
    "Academia",
    "Papelaria",
    "Ótica",
];
const PROFESSIONS: &[&str] = &[
    "Professora",
    "Engenheiro civil",
    "Médica",
    "Motorista de aplicativo",
    "Advogado",
    "Enfermeira",
    "Comerciante",
    "Analista de sistemas",
    "Contadora",
    "Arquiteto",
    "Dentista",
    "Servidor público",
    "Vendedora",
    "Aposentado",
];
/// City, UF, DDD, first and last CEP of its range, and some districts.
type City = (
    &'static str,
    &'static str,
    &'static str,
    u32,
    u32,
    &'static [&'static str],
);

const CITIES: &[City] = &[
    (
        "São Paulo",
        "SP",
        "11",
        1_000_000,
        5_999_999,
        &[
            "Moema",
            "Pinheiros",
            "Tatuapé",
            "Santana",
            "Vila Mariana",
            "Butantã",
        ],
    ),
    (
        "Guarulhos",
        "SP",
        "11",
        7_000_000,
        7_399_999,
        &["Centro", "Vila Galvão", "Bonsucesso"],
    ),
    (
        "Osasco",
        "SP",
        "11",
        6_000_000,
        6_299_999,
        &["Centro", "Presidente Altino", "Km 18"],
    ),
    (
        "Santo André",
        "SP",
        "11",
        9_000_000,
        9_299_999,
        &["Jardim", "Vila Assunção", "Centro"],
    ),
    (
        "São Bernardo do Campo",
        "SP",
        "11",
        9_600_000,
        9_899_999,
        &["Rudge Ramos", "Baeta Neves", "Centro"],
    ),
    (
        "Campinas",
        "SP",
        "19",
        13_000_000,
        13_139_999,
        &["Cambuí", "Barão Geraldo", "Taquaral"],
    ),
    (
        "Santos",
        "SP",
        "13",
        11_000_000,
        11_099_999,
        &["Gonzaga", "Ponta da Praia", "Boqueirão"],
    ),
    (
        "Sorocaba",
        "SP",
        "15",
        18_000_000,
        18_109_999,
        &["Campolim", "Centro", "Éden"],
    ),
];
const STREETS: &[&str] = &[
    "Rua das Flores",
    "Avenida Brasil",
    "Rua XV de Novembro",
    "Rua São Bento",
    "Avenida Paulista",
    "Rua dos Andradas",
    "Rua Sete de Setembro",
    "Avenida Independência",
    "Rua Tiradentes",
];
const TAGS: &[&str] = &[
    "VIP",
    "indicação premiada",
    "frota",
    "renovação difícil",
    "cliente antigo",
];

/// A small deterministic generator (xorshift64*): no dependency, same sequence for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn ascii_lower(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            'á' | 'â' | 'ã' | 'à' | 'Á' => Some('a'),
            'é' | 'ê' | 'É' => Some('e'),
            'í' | 'Í' => Some('i'),
            'ó' | 'ô' | 'õ' | 'Ó' => Some('o'),
            'ú' | 'Ú' => Some('u'),
            'ç' => Some('c'),
            ' ' => Some('.'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// `count` clients from `seed`; client `i` of a seed is always the same. CPFs and CNPJs are
/// unique within one call (the index is part of the number).
pub fn clients(count: usize, seed: u64) -> Vec<ClientInput> {
    let mut rng = Rng(seed.max(1));
    (0..count).map(|i| one(&mut rng, i)).collect()
}

fn one(rng: &mut Rng, index: usize) -> ClientInput {
    let company = rng.chance(20);
    let (city, uf, ddd, cep_from, cep_to, districts) = CITIES[rng.below(CITIES.len())];
    let first = rng.pick(FIRST);
    let last = format!("{} {}", rng.pick(LAST), rng.pick(LAST));
    // Multiplying by a number coprime with 10 permutes 0..10^8: unique, but not 000.000.0xx.
    let unique = format!(
        "{:08}",
        (index as u64 % 100_000_000 * 73_939_133 + 12_345_679) % 100_000_000
    );
    let (kind, name, tax_id, trade_name, contact) = if company {
        let trade = format!("{} {}", rng.pick(COMPANY_WORDS), rng.pick(LAST));
        let base = format!("{}{}", &unique[..8], "0001");
        let cnpj = Cnpj::from_base(&base).map(|c| c.masked());
        (
            "pj",
            format!("{trade} Ltda"),
            cnpj,
            Some(trade),
            Some(format!("{first} {last}")),
        )
    } else {
        let base = format!("{}{}", rng.digits(1), &unique[..8]);
        (
            "pf",
            format!("{first} {last}"),
            Cpf::from_base(&base).map(|c| c.masked()),
            None,
            None,
        )
    };
    let mobile = format!("({ddd}) 9{}-{}", rng.digits(4), rng.digits(4));
    let mut phones = vec![PhoneInput {
        number: mobile,
        kind: "mobile".into(),
        whatsapp: rng.chance(85).then(|| "on".to_owned()),
    }];
    if rng.chance(30) {
        phones.push(PhoneInput {
            number: format!("({ddd}) 3{}-{}", rng.digits(3), rng.digits(4)),
            kind: if company { "work" } else { "home" }.into(),
            whatsapp: None,
        });
    }
    let email_user = ascii_lower(if company {
        name.split(' ').next().unwrap_or("contato")
    } else {
        first
    });
    let domain = [
        "gmail.com",
        "hotmail.com",
        "outlook.com",
        "uol.com.br",
        "terra.com.br",
    ][rng.below(5)];
    let cep = cep_from + (rng.next() % u64::from(cep_to - cep_from)) as u32;
    let mut lines = vec![rng.pick(LINES).to_owned()];
    if rng.chance(40) {
        lines.push(rng.pick(LINES).to_owned());
    }
    ClientInput {
        kind: kind.into(),
        name,
        trade_name,
        tax_id,
        birth_date: (!company).then(|| {
            format!(
                "{}-{:02}-{:02}",
                1950 + rng.below(55),
                1 + rng.below(12),
                1 + rng.below(28)
            )
        }),
        profession: (!company).then(|| rng.pick(PROFESSIONS).to_owned()),
        contact_name: contact,
        phones,
        emails: vec![format!("{email_user}.{}@{domain}", index + 1)],
        tags: rng.chance(25).then(|| rng.pick(TAGS).to_owned()),
        lines,
        source: Some(rng.pick(SOURCES).to_owned()),
        cep: Some(format!("{:05}-{:03}", cep / 1000, cep % 1000)),
        street: Some(rng.pick(STREETS).to_owned()),
        street_number: Some((1 + rng.below(3000)).to_string()),
        complement: rng
            .chance(30)
            .then(|| format!("Apto {}", 1 + rng.below(200))),
        district: Some(districts[rng.below(districts.len())].to_owned()),
        city: Some(city.to_owned()),
        state: Some(uf.to_owned()),
        notes: None,
        marketing_consent: rng.chance(60).then(|| "on".to_owned()),
        consent_channel: Some("whatsapp".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_clients_are_valid_unique_and_repeatable() {
        let batch = clients(500, 42);
        assert_eq!(batch, clients(500, 42));
        let mut tax_ids = std::collections::HashSet::new();
        for input in batch {
            let name = input.name.clone();
            let record = crate::clients::service::parse_input(input)
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert!(tax_ids.insert(record.tax_id.clone().expect("a document")));
        }
        let pj = clients(200, 7).iter().filter(|c| c.kind == "pj").count();
        assert!((20..=80).contains(&pj), "about a fifth are companies: {pj}");
    }
}
