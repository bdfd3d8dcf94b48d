use super::*;

fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    let dir = std::env::temp_dir().join(format!("crm-config-test-{}", uuid::Uuid::new_v4()));
    let mut map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    map.entry("DATA_DIR".into())
        .or_insert_with(|| dir.display().to_string());
    map
}

#[test]
fn defaults_use_embedded_sqlite_on_localhost() {
    let s = Settings::from_vars(&vars(&[])).unwrap();
    assert_eq!(s.database_url.expose(), "sqlite://data/crm.db?mode=rwc");
    assert_eq!(s.app_origin, "http://127.0.0.1:3000");
    assert_eq!(s.bind_addr.to_string(), "127.0.0.1:3000");
    assert_eq!(s.whatsapp.graph_version, "v23.0");
    assert_eq!(s.app_env, AppEnv::Development);
    assert!(!s.is_https());
}

#[test]
fn production_without_session_secret_names_the_variable() {
    let err = Settings::from_vars(&vars(&[("APP_ENV", "production")])).unwrap_err();
    assert_eq!(err.variable, "SESSION_SECRET");
}

#[test]
fn short_session_secret_is_rejected() {
    let err = Settings::from_vars(&vars(&[("SESSION_SECRET", "short")])).unwrap_err();
    assert_eq!(err.variable, "SESSION_SECRET");
}

#[test]
fn dev_session_secret_is_generated_once_and_reused() {
    let v = vars(&[]);
    let first = Settings::from_vars(&v).unwrap().session_secret;
    let second = Settings::from_vars(&v).unwrap().session_secret;
    assert!(first.expose().len() >= 32);
    assert_eq!(first, second);
}

#[test]
fn app_origin_with_a_path_is_rejected() {
    for bad in [
        "https://crm.example.com/app",
        "ftp://crm.example.com",
        "crm.example.com",
        "https://u:p@crm.example.com",
    ] {
        let err = Settings::from_vars(&vars(&[("APP_ORIGIN", bad)])).unwrap_err();
        assert_eq!(err.variable, "APP_ORIGIN", "{bad}");
    }
}

#[test]
fn app_origin_is_normalised_without_trailing_slash() {
    let s = Settings::from_vars(&vars(&[("APP_ORIGIN", "HTTPS://CRM.Example.com/")])).unwrap();
    assert_eq!(s.app_origin, "https://crm.example.com");
    assert!(s.is_https());
}

#[test]
fn unknown_database_scheme_is_rejected() {
    let err = Settings::from_vars(&vars(&[("DATABASE_URL", "mysql://x")])).unwrap_err();
    assert_eq!(err.variable, "DATABASE_URL");
}

#[test]
fn trusted_proxies_accept_ips_and_ranges_and_reject_garbage() {
    let s = Settings::from_vars(&vars(&[(
        "TRUSTED_PROXIES",
        "10.0.0.1, 192.168.0.0/16,::1",
    )]))
    .unwrap();
    assert_eq!(s.trusted_proxies.len(), 3);
    let err = Settings::from_vars(&vars(&[("TRUSTED_PROXIES", "10.0.0.1,nope")])).unwrap_err();
    assert_eq!(err.variable, "TRUSTED_PROXIES");
    assert!(err.problem.contains("nope"));
}

#[test]
fn graph_version_must_look_like_a_version() {
    let s = Settings::from_vars(&vars(&[("WHATSAPP_GRAPH_VERSION", "v24.0")])).unwrap();
    assert_eq!(s.whatsapp.graph_version, "v24.0");
    for bad in ["24.0", "v24", "vX.0", "v24.0/"] {
        let err = Settings::from_vars(&vars(&[("WHATSAPP_GRAPH_VERSION", bad)])).unwrap_err();
        assert_eq!(err.variable, "WHATSAPP_GRAPH_VERSION", "{bad}");
    }
}

#[test]
fn bad_bind_addr_and_log_format_name_their_variables() {
    assert_eq!(
        Settings::from_vars(&vars(&[("BIND_ADDR", "localhost")]))
            .unwrap_err()
            .variable,
        "BIND_ADDR"
    );
    assert_eq!(
        Settings::from_vars(&vars(&[("LOG_FORMAT", "xml")]))
            .unwrap_err()
            .variable,
        "LOG_FORMAT"
    );
    assert_eq!(
        Settings::from_vars(&vars(&[("APP_ENV", "staging")]))
            .unwrap_err()
            .variable,
        "APP_ENV"
    );
}

#[test]
fn the_login_limit_per_address_defaults_to_10_and_rejects_nonsense() {
    let defaults = Settings::from_vars(&vars(&[])).unwrap();
    assert_eq!(defaults.login_ip_limit, 10);
    let custom = Settings::from_vars(&vars(&[("LOGIN_IP_LIMIT", "50")])).unwrap();
    assert_eq!(custom.login_ip_limit, 50);
    for bad in ["0", "-1", "muitos"] {
        assert_eq!(
            Settings::from_vars(&vars(&[("LOGIN_IP_LIMIT", bad)]))
                .unwrap_err()
                .variable,
            "LOGIN_IP_LIMIT",
            "{bad}"
        );
    }
}

#[test]
fn live_streams_default_to_5_per_user_rechecked_every_15_seconds_and_reject_nonsense() {
    let defaults = Settings::from_vars(&vars(&[])).unwrap();
    assert_eq!(defaults.live.per_user, 5);
    assert_eq!(defaults.live.recheck, std::time::Duration::from_secs(15));
    let custom = Settings::from_vars(&vars(&[
        ("LIVE_STREAMS_PER_USER", "2000"),
        ("LIVE_RECHECK_SECS", "1"),
    ]))
    .unwrap();
    assert_eq!(custom.live.per_user, 2000);
    assert_eq!(custom.live.recheck, std::time::Duration::from_secs(1));
    for (variable, bad) in [
        ("LIVE_STREAMS_PER_USER", "0"),
        ("LIVE_RECHECK_SECS", "31"),
        ("LIVE_RECHECK_SECS", "já"),
    ] {
        assert_eq!(
            Settings::from_vars(&vars(&[(variable, bad)]))
                .unwrap_err()
                .variable,
            variable,
            "{bad}"
        );
    }
}

#[test]
fn secrets_are_redacted_in_debug_output() {
    let s = Settings::from_vars(&vars(&[
        ("SESSION_SECRET", "a-very-long-session-secret-0123456789"),
        ("WHATSAPP_API_TOKEN", "EAAGtokenvalue"),
        ("WHATSAPP_APP_SECRET", "appsecretvalue"),
        ("DATABASE_URL", "postgres://crm:dbpassword@localhost/crm"),
    ]))
    .unwrap();
    let shown = format!("{s:?}");
    for secret in [
        "a-very-long-session-secret",
        "EAAGtokenvalue",
        "appsecretvalue",
        "dbpassword",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
}

#[test]
fn the_social_token_key_is_64_hex_digits_derived_outside_production_and_absent_in_it() {
    let key = "ab".repeat(32);
    let s = Settings::from_vars(&vars(&[("SOCIAL_TOKEN_KEY", &key)])).unwrap();
    assert_eq!(
        s.social.token_key.as_ref().map(Secret::expose),
        Some(key.as_str())
    );
    let err = Settings::from_vars(&vars(&[("SOCIAL_TOKEN_KEY", "curta")])).unwrap_err();
    assert_eq!(err.variable, "SOCIAL_TOKEN_KEY");
    let dev = Settings::from_vars(&vars(&[])).unwrap();
    let derived = dev
        .social
        .token_key
        .clone()
        .expect("derived outside production");
    assert!(app::social::vault::TokenKey::from_hex(derived.expose()).is_some());
    assert!(!format!("{:?}", dev.social).contains(derived.expose()));
    let secret = "s".repeat(40);
    let prod = Settings::from_vars(&vars(&[
        ("APP_ENV", "production"),
        ("SESSION_SECRET", &secret),
        ("APP_ORIGIN", "https://crm.example.com.br"),
        ("DATABASE_URL", "postgres://u:p@db/crm"),
    ]))
    .unwrap();
    assert!(prod.social.token_key.is_none());
    assert!(!prod.social.human_agent);
    let err = Settings::from_vars(&vars(&[("META_HUMAN_AGENT", "talvez")])).unwrap_err();
    assert_eq!(err.variable, "META_HUMAN_AGENT");
}
