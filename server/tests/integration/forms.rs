//! Every form the pages render posts only fields its server function takes: the server refuses
//! unknown fields (see `http::api_access`), so a stray `name` on a page would break that form
//! for everyone without JavaScript — as a hidden `username` field once did.

use std::collections::BTreeSet;

use app::{auth::permissions::rule_of, roles::Role};

use crate::support::{spawn_app, TestApp};

const PASSWORD: &str = "uma senha bem longa";

/// `(action, field names)` of each form in `html` that posts to a server function.
fn forms(html: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<form") {
        let form = &rest[start..];
        let end = form.find("</form>").expect("every form is closed");
        let (body, after) = form.split_at(end);
        let open_tag = &body[..body.find('>').unwrap()];
        if let Some(action) = attribute(open_tag, "action").filter(|a| a.starts_with("/api/")) {
            let names = ["<input", "<select", "<textarea", "<button"]
                .iter()
                .flat_map(|tag| body.match_indices(tag).map(|(i, _)| &body[i..]))
                .filter_map(|tag| attribute(&tag[..tag.find('>').unwrap()], "name"))
                .collect();
            found.push((action, names));
        }
        rest = after;
    }
    found
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    Some(tag[start..start + tag[start..].find('"')?].to_owned())
}

/// Checks the forms of `path` (as the holder of `cookie`); answers the actions it saw.
async fn check_page(app: &TestApp, cookie: &str, path: &str) -> BTreeSet<String> {
    let page = app.get_as(cookie, path).await;
    assert_eq!(page.status, 200, "{path}");
    let mut actions = BTreeSet::new();
    for (action, names) in forms(&page.body) {
        let rule = rule_of(&action).unwrap_or_else(|| panic!("{path}: {action} is not listed"));
        let known = (rule.arguments)();
        for name in names {
            let field = name.split('[').next().unwrap();
            assert!(
                known.contains(&field),
                "{path}: the form for {action} sends `{name}`, which it does not take ({known:?})"
            );
        }
        actions.insert(action);
    }
    actions
}

#[tokio::test]
async fn every_form_on_every_page_posts_only_fields_its_function_takes() {
    let app = spawn_app(app::db::Backend::Sqlite).await;
    // The first-admin page exists only while the installation is empty.
    let setup = app
        .server
        .as_ref()
        .unwrap()
        .setup_link()
        .unwrap()
        .to_owned();
    let setup_path = &setup[setup.find("/primeiro-acesso/").unwrap()..];
    let mut seen = check_page(&app, "", setup_path).await;
    seen.extend(check_page(&app, "", "/login").await);

    app.create_user("admin@monteiro.com.br", PASSWORD, Role::Admin)
        .await;
    let admin = app.login("admin@monteiro.com.br", PASSWORD).await;
    let res = app
        .call(
            &admin,
            "/api/create_user",
            &[
                ("name", "Bruna Lima"),
                ("email", "bruna@monteiro.com.br"),
                ("role", "user"),
                ("team_id", ""),
                ("locale", "pt-BR"),
            ],
        )
        .await;
    let bruna = res.header("location").to_owned();
    let detail = app
        .call(
            &admin,
            "/api/user_detail",
            &[("id", bruna.rsplit('/').next().unwrap())],
        )
        .await;
    let link = detail.json()["new_link"].as_str().unwrap().to_owned();
    let link_path = &link[link.find("/definir-senha/").unwrap()..];
    for path in [
        "/admin",
        "/admin/usuarios/nova",
        bruna.as_str(),
        "/admin/equipes",
        "/admin/configuracoes",
        "/admin/auditoria",
        "/admin/seguradoras",
        "/admin/ramos",
        "/conta",
    ] {
        seen.extend(check_page(&app, &admin, path).await);
    }
    seen.extend(check_page(&app, "", link_path).await);
    for expected in [
        "/api/create_first_admin",
        "/api/login",
        "/api/logout",
        "/api/create_user",
        "/api/update_user",
        "/api/create_team",
        "/api/update_session_settings",
        "/api/change_password",
        "/api/set_password",
    ] {
        assert!(
            seen.contains(expected),
            "no form for {expected} in {seen:?}"
        );
    }
}
