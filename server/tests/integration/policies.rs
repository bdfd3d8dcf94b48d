//! Policies over HTTP on both engines: creating one with its premium and commissions computed,
//! bad input refused field by field with nothing saved, numbers unique per insurer, the
//! clients' record scope, cancelling with the estorno, renewing, writing commissions off, the
//! list's filters on São Paulo calendar days, and what policies do to deleting a client.

use std::sync::Arc;

use app::{clock::ManualClock, on_pool, roles::Role};
use serde_json::Value;
use time::macros::datetime;

use crate::{
    clients::{create as create_client, joao, staff},
    support::{backends, spawn_app, spawn_app_with_clock, TestApp},
};

/// The id of the seeded insurer or ramo with SUSEP code `code`.
pub(crate) async fn id_by_code(app: &TestApp, table: &str, code: &str) -> String {
    // The table name is one of the two constants the callers pass.
    let sql = format!("SELECT id FROM {table} WHERE susep_code = $1");
    let id: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(&sql).bind(code)
        .fetch_one(pool).await)
    .unwrap_or_else(|e| panic!("no {table} with code {code}: {e}"));
    id.to_string()
}

/// Two insurers (ids) and the auto ramo (0531, IOF 7,38%).
pub(crate) async fn refs(app: &TestApp) -> (String, String, String) {
    let insurers: Vec<i64> = on_pool!(&app.db, pool => sqlx::query_scalar(
        "SELECT id FROM insurers WHERE active = TRUE ORDER BY id LIMIT 2").fetch_all(pool).await)
    .unwrap();
    (
        insurers[0].to_string(),
        insurers[1].to_string(),
        id_by_code(app, "insurance_lines", "0531").await,
    )
}

/// A complete auto policy form for `client` at `insurer`.
pub(crate) fn auto(client: &str, insurer: &str, line: &str) -> Vec<(String, String)> {
    [
        ("policy[client_id]", client),
        ("policy[insurer_id]", insurer),
        ("policy[line_id]", line),
        ("policy[policy_number]", "05.0531.123456"),
        ("policy[status]", "active"),
        ("policy[starts_on]", "2026-01-05"),
        ("policy[ends_on]", "2027-01-05"),
        ("policy[net_premium]", "2.000,00"),
        ("policy[installment_fee]", "80"),
        ("policy[policy_fee]", "60,00"),
        ("policy[installments]", "4"),
        ("policy[commission_rate]", "20"),
        ("policy[item_kind]", "vehicle"),
        ("policy[vehicle_plate]", "bra-2e19"),
        ("policy[bonus_class]", "5"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

pub(crate) fn with(form: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = form.to_vec();
    for (key, value) in changes {
        match form.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = (*value).to_owned(),
            None => form.push(((*key).to_owned(), (*value).to_owned())),
        }
    }
    form
}

pub(crate) fn pairs(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Creates a policy; answers its id.
pub(crate) async fn create(app: &TestApp, cookie: &str, form: &[(String, String)]) -> i64 {
    let res = app.call(cookie, "/api/create_policy", &pairs(form)).await;
    assert!(res.status < 400, "{} {}", res.status, res.body);
    res.header("location")
        .strip_prefix("/apolices/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no policy page in {:?}", res.header("location")))
}

pub(crate) async fn view(app: &TestApp, cookie: &str, id: i64) -> (u16, Value) {
    let res = app
        .call(cookie, "/api/policy_view", &[("id", &id.to_string())])
        .await;
    let body = if res.status == 200 {
        res.json()
    } else {
        Value::Null
    };
    (res.status, body)
}

async fn policy_count(app: &TestApp) -> i64 {
    on_pool!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM policies")
        .fetch_one(pool).await)
    .unwrap()
}

#[tokio::test]
async fn a_policy_is_saved_with_its_premium_and_instalment_commissions_and_shows_on_the_client_timeline(
) {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let client = create_client(&app, &cookie, &joao()).await.to_string();
        let (insurer, _, line) = refs(&app).await;
        let id = create(&app, &cookie, &auto(&client, &insurer, &line)).await;

        let (status, data) = view(&app, &cookie, id).await;
        assert_eq!(status, 200, "{backend:?}");
        let p = &data["policy"];
        assert_eq!(p["net_premium"], 200_000, "{backend:?}");
        // IOF 7,38% over líquido + fracionamento + custo = 7,38% of R$ 2.140,00 = R$ 157,93.
        assert_eq!(p["iof"], 15_793, "{backend:?}");
        assert_eq!(
            p["total_premium"],
            200_000 + 8_000 + 6_000 + 15_793,
            "{backend:?}"
        );
        assert_eq!(p["commission"], 40_000, "{backend:?}: 20% of the líquido");
        assert_eq!(
            p["starts_on"],
            serde_json::json!([2026, 5]),
            "{backend:?}: a DATE, unshifted"
        );
        assert_eq!(p["vehicle_plate"], "BRA2E19", "{backend:?}");
        let entries = data["commissions"].as_array().unwrap();
        let amounts: Vec<i64> = entries
            .iter()
            .map(|e| e["amount"].as_i64().unwrap())
            .collect();
        assert_eq!(
            amounts, [10_000; 4],
            "{backend:?}: one expected commission per instalment"
        );

        let res = app
            .call(&cookie, "/api/client_profile", &[("id", &client)])
            .await;
        let kinds: Vec<String> = res.json()["timeline"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            kinds.iter().any(|k| k == "policy.create"),
            "{backend:?}: {kinds:?}"
        );
        assert_eq!(app.audit_count("policy.create").await, 1, "{backend:?}");
    }
}

#[tokio::test]
async fn impossible_dates_negative_money_and_an_unknown_insurer_are_refused_at_their_fields_and_nothing_is_saved(
) {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let client = create_client(&app, &cookie, &joao()).await.to_string();
        let (insurer, _, line) = refs(&app).await;
        let bad = with(
            &auto(&client, &insurer, &line),
            &[
                ("policy[insurer_id]", "999999"),
                ("policy[starts_on]", "2026-02-30"),
                ("policy[net_premium]", "-5,00"),
                ("policy[commission_rate]", "150"),
            ],
        );
        let res = app.call(&cookie, "/api/create_policy", &pairs(&bad)).await;
        assert_eq!(res.status, 400, "{backend:?}: {}", res.body);
        let fields = &res.json()["fields"];
        assert_eq!(fields["insurer_id"], "insurer_invalid", "{backend:?}");
        assert_eq!(fields["starts_on"], "date_invalid", "{backend:?}");
        assert_eq!(fields["net_premium"], "money_negative", "{backend:?}");
        assert_eq!(fields["commission_rate"], "rate_too_large", "{backend:?}");
        assert!(
            !res.body.contains("SQL") && !res.body.contains("constraint"),
            "{backend:?}"
        );
        assert_eq!(policy_count(&app).await, 0, "{backend:?}");

        let reversed = with(
            &auto(&client, &insurer, &line),
            &[("policy[ends_on]", "2025-12-31")],
        );
        let res = app
            .call(&cookie, "/api/create_policy", &pairs(&reversed))
            .await;
        assert_eq!(
            res.json()["fields"]["ends_on"],
            "ends_before_start",
            "{backend:?}"
        );
        assert_eq!(policy_count(&app).await, 0, "{backend:?}");
        assert_eq!(app.audit_count("policy.create").await, 0, "{backend:?}");
    }
}

#[tokio::test]
async fn a_policy_number_is_unique_per_insurer_but_another_insurer_may_use_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let client = create_client(&app, &cookie, &joao()).await.to_string();
        let (insurer, other, line) = refs(&app).await;
        create(&app, &cookie, &auto(&client, &insurer, &line)).await;
        let res = app
            .call(
                &cookie,
                "/api/create_policy",
                &pairs(&auto(&client, &insurer, &line)),
            )
            .await;
        assert_eq!(res.status, 400, "{backend:?}");
        assert_eq!(
            res.json()["fields"]["policy_number"],
            "policy_number_taken",
            "{backend:?}"
        );
        assert_eq!(policy_count(&app).await, 1, "{backend:?}");
        create(&app, &cookie, &auto(&client, &other, &line)).await;
        assert_eq!(policy_count(&app).await, 2, "{backend:?}");
    }
}

#[tokio::test]
async fn a_policy_is_seen_and_changed_only_by_who_may_see_its_client() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, ana) = staff(&app, "ana@monteiro.com.br", Role::User, Some("Auto")).await;
        let (_, bia) = staff(&app, "bia@monteiro.com.br", Role::User, Some("Vida")).await;
        let (_, boss) = staff(&app, "chefe@monteiro.com.br", Role::Manager, Some("Auto")).await;
        let client = create_client(&app, &ana, &joao()).await.to_string();
        let (insurer, _, line) = refs(&app).await;
        let id = create(&app, &ana, &auto(&client, &insurer, &line)).await;

        assert_eq!(
            view(&app, &bia, id).await.0,
            404,
            "{backend:?}: another user's policy"
        );
        assert_eq!(
            view(&app, &boss, id).await.0,
            200,
            "{backend:?}: the team's manager"
        );
        let listed = app.call(&bia, "/api/list_policies", &[]).await.json();
        assert_eq!(listed["total"], 0, "{backend:?}");
        let id_text = id.to_string();
        let res = app
            .call(
                &bia,
                "/api/cancel_policy",
                &[
                    ("id", &id_text),
                    ("cancelled_on", "2026-03-01"),
                    ("reason", "x"),
                ],
            )
            .await;
        assert_eq!(res.status, 404, "{backend:?}");
        // Nor can a policy be added to a client outside the scope.
        let res = app
            .call(
                &bia,
                "/api/create_policy",
                &pairs(&auto(&client, &insurer, &line)),
            )
            .await;
        assert_eq!(
            res.json()["fields"]["client_id"],
            "client_invalid",
            "{backend:?}"
        );
        assert_eq!(policy_count(&app).await, 1, "{backend:?}");
    }
}

#[tokio::test]
async fn cancelling_an_issued_policy_charges_back_the_unearned_commission_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let client = create_client(&app, &cookie, &joao()).await.to_string();
        let (insurer, _, line) = refs(&app).await;
        let form = with(
            &auto(&client, &insurer, &line),
            &[
                ("policy[starts_on]", "2026-01-01"),
                ("policy[ends_on]", "2027-01-01"),
            ],
        );
        let id = create(&app, &cookie, &form).await;
        let id_text = id.to_string();
        let cancel = |on: &'static str| {
            [
                ("id", id_text.clone()),
                ("cancelled_on", on.to_owned()),
                ("reason", "Venda do veículo".to_owned()),
            ]
        };
        let res = app
            .call(
                &cookie,
                "/api/cancel_policy",
                &pairs_of(&cancel("2027-02-01")),
            )
            .await;
        assert_eq!(
            res.json()["fields"]["cancelled_on"],
            "cancel_after_end",
            "{backend:?}"
        );

        // 73 of 365 days ran: R$ 80,00 earned; the instalments of January, February and March
        // (R$ 300,00) stay, April's is dropped, and R$ 220,00 goes back.
        let res = app
            .call(
                &cookie,
                "/api/cancel_policy",
                &pairs_of(&cancel("2026-03-15")),
            )
            .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let (_, data) = view(&app, &cookie, id).await;
        assert_eq!(data["policy"]["status"], "cancelled", "{backend:?}");
        let estornos: Vec<i64> = data["commissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "estorno")
            .map(|e| e["amount"].as_i64().unwrap())
            .collect();
        assert_eq!(estornos, [-22_000], "{backend:?}");
        let entries = data["commissions"].as_array().unwrap();
        let kept = entries
            .iter()
            .filter(|e| e["kind"] == "installment")
            .count();
        assert_eq!(kept, 3, "{backend:?}: April's instalment was dropped");
        let net: i64 = entries.iter().map(|e| e["amount"].as_i64().unwrap()).sum();
        assert_eq!(net, 8_000, "{backend:?}: what remains is what was earned");

        let res = app
            .call(
                &cookie,
                "/api/cancel_policy",
                &pairs_of(&cancel("2026-03-16")),
            )
            .await;
        assert_eq!(
            res.json()["fields"]["cancelled_on"],
            "policy_not_cancellable",
            "{backend:?}"
        );
        assert_eq!(app.audit_count("policy.cancel").await, 1, "{backend:?}");
    }
}

fn pairs_of<'a>(form: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn renewing_links_the_new_policy_and_marks_the_old_one_renewed_only_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let client = create_client(&app, &cookie, &joao()).await.to_string();
        let (insurer, other, line) = refs(&app).await;
        let old = create(&app, &cookie, &auto(&client, &insurer, &line)).await;
        let mut renewal = with(
            &auto("0", &other, &line),
            &[
                ("policy[starts_on]", "2027-01-05"),
                ("policy[ends_on]", "2028-01-05"),
                ("policy[policy_number]", "77.0531.000001"),
            ],
        );
        renewal.push(("id".to_owned(), old.to_string()));
        let res = app
            .call(&cookie, "/api/renew_policy", &pairs(&renewal))
            .await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let new: i64 = res.header("location")["/apolices/".len()..]
            .parse()
            .unwrap();

        let (_, old_view) = view(&app, &cookie, old).await;
        assert_eq!(old_view["policy"]["status"], "renewed", "{backend:?}");
        assert_eq!(old_view["policy"]["renewed_by_id"], new, "{backend:?}");
        let (_, new_view) = view(&app, &cookie, new).await;
        assert_eq!(new_view["policy"]["renews_id"], old, "{backend:?}");
        assert_eq!(
            new_view["policy"]["client_id"].to_string(),
            client,
            "{backend:?}: same client"
        );
        let outcome: String = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT changes FROM audit_log WHERE action = 'policy.renew'").fetch_one(pool).await)
        .unwrap();
        assert!(
            outcome.contains("migrada"),
            "{backend:?}: another insurer: {outcome}"
        );

        let again = with(&renewal, &[("policy[policy_number]", "77.0531.000002")]);
        let res = app.call(&cookie, "/api/renew_policy", &pairs(&again)).await;
        assert_eq!(
            res.json()["fields"]["status"],
            "policy_not_renewable",
            "{backend:?}"
        );
        assert_eq!(policy_count(&app).await, 2, "{backend:?}");
    }
}

#[tokio::test]
async fn a_commission_is_written_off_with_its_date_and_statement_only_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let client = create_client(&app, &cookie, &joao()).await.to_string();
        let (insurer, _, line) = refs(&app).await;
        let id = create(&app, &cookie, &auto(&client, &insurer, &line)).await;
        let (_, data) = view(&app, &cookie, id).await;
        let entry = data["commissions"][0]["id"].to_string();
        let id_text = id.to_string();
        let form = [
            ("id", id_text.as_str()),
            ("entry", entry.as_str()),
            ("received_on", "2026-02-10"),
            ("statement_ref", "Extrato 02/2026"),
        ];
        let res = app.call(&cookie, "/api/receive_commission", &form).await;
        assert!(res.status < 400, "{backend:?}: {}", res.body);
        let (_, data) = view(&app, &cookie, id).await;
        assert_eq!(
            data["commissions"][0]["received_on"],
            serde_json::json!([2026, 41]),
            "{backend:?}"
        );
        assert_eq!(
            data["commissions"][0]["statement_ref"], "Extrato 02/2026",
            "{backend:?}"
        );
        let res = app.call(&cookie, "/api/receive_commission", &form).await;
        assert_eq!(
            res.json()["fields"]["received_on"],
            "commission_already_received",
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn expiring_in_n_days_counts_sao_paulo_calendar_days_even_late_at_night() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::new());
        // 23:30 on 30/11/2026 in São Paulo is already 1 December in UTC.
        clock.set(datetime!(2026-12-01 02:30 UTC));
        let app = spawn_app_with_clock(backend, clock.clone()).await;
        let (_, cookie) = staff(&app, "ana@monteiro.com.br", Role::User, None).await;
        let client = create_client(&app, &cookie, &joao()).await.to_string();
        let (insurer, _, line) = refs(&app).await;
        for (number, ends) in [
            ("1", "2026-11-29"),
            ("2", "2026-11-30"),
            ("3", "2026-12-30"),
            ("4", "2026-12-31"),
        ] {
            let form = with(
                &auto(&client, &insurer, &line),
                &[
                    ("policy[policy_number]", number),
                    ("policy[starts_on]", "2025-11-30"),
                    ("policy[ends_on]", ends),
                ],
            );
            create(&app, &cookie, &form).await;
        }
        let numbers = |res: crate::support::TestResponse| -> Vec<String> {
            res.json()["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["policy_number"].as_str().unwrap().to_owned())
                .collect()
        };
        let today = app
            .call(
                &cookie,
                "/api/list_policies",
                &[("filter[expiring_days]", "0")],
            )
            .await;
        assert_eq!(
            numbers(today),
            ["2"],
            "{backend:?}: today is still 30/11 in São Paulo"
        );
        let month = app
            .call(
                &cookie,
                "/api/list_policies",
                &[("filter[expiring_days]", "30")],
            )
            .await;
        assert_eq!(numbers(month), ["2", "3"], "{backend:?}");
        let between = app
            .call(
                &cookie,
                "/api/list_policies",
                &[
                    ("filter[ends_from]", "2026-12-01"),
                    ("filter[ends_until]", "2026-12-31"),
                ],
            )
            .await;
        assert_eq!(numbers(between), ["3", "4"], "{backend:?}");
    }
}

#[tokio::test]
async fn a_client_with_policies_is_never_hard_deleted() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, admin) = staff(&app, "admin@monteiro.com.br", Role::Admin, None).await;
        let client = create_client(&app, &admin, &joao()).await.to_string();
        let (insurer, _, line) = refs(&app).await;
        create(&app, &admin, &auto(&client, &insurer, &line)).await;
        let res = app
            .call(
                &admin,
                "/api/delete_client",
                &[("id", &client), ("confirm", "on")],
            )
            .await;
        assert!(
            res.status >= 400,
            "{backend:?}: {} {}",
            res.status,
            res.body
        );
        let left: i64 = on_pool!(&app.db, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM clients").fetch_one(pool).await)
        .unwrap();
        assert_eq!(left, 1, "{backend:?}");
        assert_eq!(policy_count(&app).await, 1, "{backend:?}");
    }
}
