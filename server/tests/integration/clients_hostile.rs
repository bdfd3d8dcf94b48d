//! Hostile input against clients (SECURITY.md §22, §23): search, filter and sort values from an
//! injection corpus never make a 500 or reach another team's client; markup typed into contact
//! fields comes back only escaped in the server-rendered pages; no `inner_html` takes anything
//! but a literal.

use app::roles::Role;

use crate::{
    clients::{create, staff},
    support::{backends, spawn_app},
};

const CORPUS: &[&str] = &[
    "' OR 1=1--",
    "\"; DROP TABLE clients;--",
    "%",
    "_",
    "*",
    "\"",
    "\"\"",
    "NEAR(a b)",
    "a OR b",
    "NOT",
    "-",
    "(",
    ")",
    "^",
    ":",
    "col:value",
    "a & b | !c",
    "a <-> b",
    "\\",
    "🙂 João",
    "ção",
    "\u{202e}gnp.exe",
    "0",
    "-1",
    "99999999999999999999999",
];

#[tokio::test]
async fn hostile_search_filter_and_sort_values_never_fail_or_reach_another_teams_client() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, north) = staff(&app, "norte@corretora.com.br", Role::User, Some("Norte")).await;
        let (_, south) = staff(&app, "sul@corretora.com.br", Role::User, Some("Sul")).await;
        create(
            &app,
            &north,
            &[("client[kind]", "pf"), ("client[name]", "Cliente do Norte")],
        )
        .await;
        create(
            &app,
            &south,
            &[("client[kind]", "pf"), ("client[name]", "Cliente do Sul")],
        )
        .await;
        let long = "a".repeat(5_000);
        let mut values: Vec<&str> = CORPUS.to_vec();
        values.push(&long);
        for field in [
            "query", "tag", "city", "kind", "line", "owner_id", "sort", "page",
        ] {
            for value in &values {
                let key = format!("filter[{field}]");
                let res = app
                    .call(&south, "/api/list_clients", &[(&key, value)])
                    .await;
                assert!(
                    res.status == 200 || res.status == 400,
                    "{backend:?} {field}={value:?} → {} {}",
                    res.status,
                    res.body
                );
                assert!(
                    !res.body.contains("Norte"),
                    "{field}={value:?} leaked: {}",
                    res.body
                );
                let page = app
                    .get_as(&south, &format!("/clientes?q={}", urlencode(value)))
                    .await;
                assert!(
                    page.status < 500,
                    "{field} page {value:?} → {}",
                    page.status
                );
            }
        }
    }
}

fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[tokio::test]
async fn markup_typed_into_a_client_comes_back_escaped_in_every_page() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "admin@corretora.com.br", Role::Admin, None).await;
        let name = "\"></title><svg onload=alert(1)>";
        let notes = "</textarea><script>alert(2)</script><img src=x onerror=alert(3)>";
        let id = create(
            &app,
            &cookie,
            &[
                ("client[kind]", "pf"),
                ("client[name]", name),
                ("client[notes]", notes),
                ("client[city]", "<b>Santos</b>"),
                ("client[tags]", "<i>vip</i>"),
            ],
        )
        .await;
        let body = format!("{notes} — ligação");
        let res = app
            .call(
                &cookie,
                "/api/add_client_note",
                &[("id", &id.to_string()), ("kind", "note"), ("body", &body)],
            )
            .await;
        assert!(res.status < 400, "{}", res.body);
        for path in [
            format!("/clientes/{id}"),
            format!("/clientes/{id}/editar"),
            "/clientes".to_owned(),
            "/clientes?q=svg".to_owned(),
        ] {
            let page = app.get_as(&cookie, &path).await;
            assert_eq!(page.status, 200, "{backend:?} {path}");
            for raw in [
                "<svg onload",
                "<script>alert",
                "<img src=x",
                "<b>Santos",
                "<i>vip",
            ] {
                let at = page.body.find(raw);
                let context =
                    at.map(|i| &page.body[i.saturating_sub(200)..(i + 60).min(page.body.len())]);
                assert!(
                    at.is_none(),
                    "{backend:?} {path} has raw {raw:?} in {context:?}"
                );
            }
            if path == format!("/clientes/{id}") {
                assert!(
                    page.body.contains(
                        "<title>\"&gt;&lt;/title&gt;&lt;svg onload=alert(1)&gt; · Monteiro CRM</title>"
                    ),
                    "the title holds the name as text, escaped once"
                );
            }
            assert!(
                page.body.contains("&lt;svg onload")
                    || path.ends_with("editar")
                    || path.contains("q="),
                "{path} shows the name escaped"
            );
        }
    }
}

#[test]
fn no_inner_html_takes_anything_but_a_literal() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut offenders = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    if let Some(at) = line.find("inner_html=") {
                        let value = line[at + "inner_html=".len()..].trim_start();
                        if !(value.starts_with("r#\"") || value.starts_with('"')) {
                            offenders.push(format!("{}:{}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "inner_html with a non-literal value: {offenders:?}"
    );
}
