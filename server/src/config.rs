//! Typed configuration: defaults in code, overridden by environment variables (and an optional
//! `.env`). A bad value stops startup with a message naming the variable and what it expects.

use std::{collections::HashMap, fmt, net::SocketAddr, path::PathBuf};

use ipnet::IpNet;

/// A secret value. Its `Debug` and `Display` never show the content.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call only where it is really used.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// How the process runs: development (local), demo (local with demo data) or production.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppEnv {
    Development,
    Demo,
    Production,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Meta Graph API settings for the WhatsApp Cloud API.
#[derive(Clone, Debug)]
pub struct WhatsAppSettings {
    pub api_token: Option<Secret>,
    pub phone_number_id: Option<String>,
    pub app_secret: Option<Secret>,
    /// The app secret before the last rotation, still accepted on webhook signatures.
    pub app_secret_previous: Option<Secret>,
    pub verify_token: Option<Secret>,
    pub graph_base_url: url::Url,
    pub graph_version: String,
    /// The WhatsApp Business Account id (its message templates).
    pub waba_id: Option<String>,
    /// Every Graph API call gives up after this long.
    pub graph_timeout: std::time::Duration,
    /// Serve the local fake Graph API under `/_fake/graph` and talk to it instead of Meta
    /// (the demo's default; never in production).
    pub fake_graph: bool,
}

/// The Facebook Page and Instagram account (they use the WhatsApp settings' Graph API address,
/// version, timeout and app secret: one Meta app).
#[derive(Clone, Debug)]
pub struct SocialSettings {
    /// Seals the accounts' access tokens (`SOCIAL_TOKEN_KEY`, 64 hex digits). Outside production,
    /// when not set, derived from the session secret so the demo can connect accounts.
    pub token_key: Option<Secret>,
    /// Meta granted the app the Human Agent feature: replies up to 7 days (`META_HUMAN_AGENT`).
    pub human_agent: bool,
}

/// What the demo's WhatsApp number uses when nothing is configured (fake Graph API only).
pub mod demo_whatsapp {
    pub const TOKEN: &str = "demo-token-for-the-fake-graph-api";
    pub const PHONE_NUMBER_ID: &str = "100000000000001";
    pub const DISPLAY_NUMBER: &str = "553140028922";
    pub const WABA_ID: &str = "100000000000002";
    pub const APP_SECRET: &str = "demo-app-secret-for-the-fake-graph-api";
    pub const VERIFY_TOKEN: &str = "demo-verify-token";
}

/// Every setting of the process.
#[derive(Clone, Debug)]
pub struct Settings {
    pub app_env: AppEnv,
    /// Database URL; may hold a password, so it is a secret.
    pub database_url: Secret,
    pub session_secret: Secret,
    /// Public origin (`scheme://host[:port]`), the only one trusted for state-changing requests.
    pub app_origin: String,
    pub bind_addr: SocketAddr,
    /// Only these peers may set `X-Forwarded-For` / `X-Forwarded-Proto`.
    pub trusted_proxies: Vec<IpNet>,
    pub whatsapp: WhatsAppSettings,
    pub social: SocialSettings,
    pub log_format: LogFormat,
    /// Folder for local state (SQLite file, generated dev secret).
    pub data_dir: PathBuf,
    /// Failed logins allowed per client address per minute before it gets 429.
    pub login_ip_limit: usize,
    /// Live streams per staff member, and how often each re-checks its session.
    pub live: app::live::StreamPolicy,
}

/// A setting that could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid configuration: {variable} {problem}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

fn invalid(variable: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        problem: problem.into(),
    }
}

/// The Graph API version used when `WHATSAPP_GRAPH_VERSION` is not set.
pub const DEFAULT_GRAPH_VERSION: &str = "v23.0";
const MIN_SECRET_LEN: usize = 32;

impl Settings {
    /// Reads `.env` (if present) and the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_vars(&std::env::vars().collect())
    }

    /// Builds settings from a map of variables (the environment, or a test's own map).
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            vars.get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let app_env = match get("APP_ENV").as_deref() {
            None | Some("development") | Some("dev") => AppEnv::Development,
            Some("demo") => AppEnv::Demo,
            Some("production") | Some("prod") => AppEnv::Production,
            Some(other) => {
                return Err(invalid(
                    "APP_ENV",
                    format!("must be development, demo or production, not {other:?}"),
                ))
            }
        };
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url =
            get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/crm.db?mode=rwc".into());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(invalid(
                "DATABASE_URL",
                "must start with sqlite:, postgres:// or postgresql://",
            ));
        }
        let session_secret = match get("SESSION_SECRET") {
            Some(s) if s.len() >= MIN_SECRET_LEN => Secret::new(s),
            Some(_) => {
                return Err(invalid(
                    "SESSION_SECRET",
                    format!("must be at least {MIN_SECRET_LEN} characters long"),
                ))
            }
            None if app_env == AppEnv::Production => {
                return Err(invalid(
                    "SESSION_SECRET",
                    "is required in production (at least 32 random characters)",
                ))
            }
            None => dev_secret(&data_dir)?,
        };
        let app_origin =
            parse_origin(&get("APP_ORIGIN").unwrap_or_else(|| "http://127.0.0.1:3000".into()))?;
        let bind_addr = get("BIND_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|_| {
                invalid(
                    "BIND_ADDR",
                    "must be an address with a port, such as 127.0.0.1:3000",
                )
            })?;
        let trusted_proxies = parse_proxies(get("TRUSTED_PROXIES").as_deref().unwrap_or(""))?;
        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("pretty") | Some("text") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(invalid("LOG_FORMAT", "must be pretty or json")),
        };
        let fake_graph = match get("WHATSAPP_FAKE_GRAPH").as_deref() {
            None => app_env == AppEnv::Demo && get("WHATSAPP_GRAPH_BASE_URL").is_none(),
            Some("1" | "true" | "yes") => true,
            Some("0" | "false" | "no") => false,
            Some(_) => return Err(invalid("WHATSAPP_FAKE_GRAPH", "must be true or false")),
        };
        if fake_graph && app_env == AppEnv::Production {
            return Err(invalid(
                "WHATSAPP_FAKE_GRAPH",
                "cannot be used in production",
            ));
        }
        // With the fake, whatever is not configured takes the demo's values.
        let or_demo =
            |name: &str, demo: &str| get(name).or_else(|| fake_graph.then(|| demo.to_owned()));
        let graph_timeout = bounded(
            get("WHATSAPP_GRAPH_TIMEOUT_SECS"),
            "WHATSAPP_GRAPH_TIMEOUT_SECS",
            15,
            1..=120,
            "must be a whole number of seconds from 1 to 120",
        )?;
        let whatsapp = WhatsAppSettings {
            api_token: or_demo("WHATSAPP_API_TOKEN", demo_whatsapp::TOKEN).map(Secret::new),
            phone_number_id: or_demo("WHATSAPP_PHONE_NUMBER_ID", demo_whatsapp::PHONE_NUMBER_ID),
            app_secret: or_demo("WHATSAPP_APP_SECRET", demo_whatsapp::APP_SECRET).map(Secret::new),
            app_secret_previous: get("WHATSAPP_APP_SECRET_PREVIOUS").map(Secret::new),
            verify_token: or_demo("WHATSAPP_VERIFY_TOKEN", demo_whatsapp::VERIFY_TOKEN)
                .map(Secret::new),
            waba_id: or_demo("WHATSAPP_WABA_ID", demo_whatsapp::WABA_ID),
            graph_timeout: std::time::Duration::from_secs(graph_timeout),
            fake_graph,
            graph_base_url: parse_http_url(
                "WHATSAPP_GRAPH_BASE_URL",
                &get("WHATSAPP_GRAPH_BASE_URL")
                    .unwrap_or_else(|| "https://graph.facebook.com".into()),
            )?,
            graph_version: parse_graph_version(get("WHATSAPP_GRAPH_VERSION").as_deref())?,
        };
        let login_ip_limit = bounded(
            get("LOGIN_IP_LIMIT"),
            "LOGIN_IP_LIMIT",
            app::auth::throttle::DEFAULT_IP_LIMIT as u64,
            1..=10_000,
            "must be a whole number from 1 to 10000",
        )? as usize;
        let defaults = app::live::StreamPolicy::default();
        let live = app::live::StreamPolicy {
            per_user: bounded(
                get("LIVE_STREAMS_PER_USER"),
                "LIVE_STREAMS_PER_USER",
                defaults.per_user as u64,
                1..=10_000,
                "must be a whole number from 1 to 10000",
            )? as usize,
            recheck: std::time::Duration::from_secs(bounded(
                get("LIVE_RECHECK_SECS"),
                "LIVE_RECHECK_SECS",
                defaults.recheck.as_secs(),
                1..=30,
                "must be a whole number of seconds from 1 to 30",
            )?),
        };
        let token_key = match get("SOCIAL_TOKEN_KEY") {
            Some(raw) if app::social::vault::TokenKey::from_hex(&raw).is_some() => {
                Some(Secret::new(raw.trim()))
            }
            Some(_) => {
                return Err(invalid(
                    "SOCIAL_TOKEN_KEY",
                    "must be 64 hexadecimal digits (32 random bytes: openssl rand -hex 32)",
                ))
            }
            None if app_env == AppEnv::Production => None,
            None => {
                use sha2::Digest;
                let derived = sha2::Sha256::digest(
                    format!("social-token-key:{}", session_secret.expose()).as_bytes(),
                );
                Some(Secret::new(hex::encode(derived)))
            }
        };
        let human_agent = match get("META_HUMAN_AGENT").as_deref() {
            None | Some("0" | "false" | "no") => false,
            Some("1" | "true" | "yes") => true,
            Some(_) => return Err(invalid("META_HUMAN_AGENT", "must be true or false")),
        };
        let social = SocialSettings {
            token_key,
            human_agent,
        };
        Ok(Self {
            login_ip_limit,
            live,
            social,
            app_env,
            database_url: Secret::new(database_url),
            session_secret,
            app_origin,
            bind_addr,
            trusted_proxies,
            whatsapp,
            log_format,
            data_dir,
        })
    }

    /// Whether cookies and HSTS must assume HTTPS.
    pub fn is_https(&self) -> bool {
        self.app_origin.starts_with("https://")
    }
}

/// Accepts `scheme://host[:port]` with scheme http or https and nothing after it.
fn parse_origin(raw: &str) -> Result<String, ConfigError> {
    const EXPECTED: &str =
        "must be an origin such as https://crm.example.com.br (scheme, host, optional port; no path)";
    let url = url::Url::parse(raw).map_err(|_| invalid("APP_ORIGIN", EXPECTED))?;
    let bare = url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty();
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() || !bare {
        return Err(invalid("APP_ORIGIN", EXPECTED));
    }
    Ok(url.origin().ascii_serialization())
}

/// A whole number from `range` (`default` when the variable is not set).
fn bounded(
    raw: Option<String>,
    variable: &'static str,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
    problem: &'static str,
) -> Result<u64, ConfigError> {
    match raw {
        None => Ok(default),
        Some(raw) => raw
            .parse::<u64>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| invalid(variable, problem)),
    }
}

fn parse_http_url(variable: &'static str, raw: &str) -> Result<url::Url, ConfigError> {
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => Ok(url),
        _ => Err(invalid(
            variable,
            "must be an http(s) URL such as https://graph.facebook.com",
        )),
    }
}

fn parse_graph_version(raw: Option<&str>) -> Result<String, ConfigError> {
    let Some(raw) = raw else {
        return Ok(DEFAULT_GRAPH_VERSION.into());
    };
    let well_formed = raw
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major
                    .bytes()
                    .chain(minor.bytes())
                    .all(|b| b.is_ascii_digit())
        });
    if well_formed {
        Ok(raw.to_owned())
    } else {
        Err(invalid("WHATSAPP_GRAPH_VERSION", "must look like v23.0"))
    }
}

fn parse_proxies(raw: &str) -> Result<Vec<IpNet>, ConfigError> {
    raw.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    invalid(
                        "TRUSTED_PROXIES",
                        format!(
                            "has {item:?}: expected a comma-separated list of IPs or CIDR ranges"
                        ),
                    )
                })
        })
        .collect()
}

/// Development and demo runs keep a generated secret in the data folder, so sessions survive
/// restarts without anyone having to set one.
fn dev_secret(data_dir: &std::path::Path) -> Result<Secret, ConfigError> {
    use base64::Engine as _;
    let path = data_dir.join("session_secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        if existing.trim().len() >= MIN_SECRET_LEN {
            return Ok(Secret::new(existing.trim()));
        }
    }
    let bytes: [u8; 48] = rand::random();
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    std::fs::create_dir_all(data_dir)
        .and_then(|()| std::fs::write(&path, &secret))
        .map_err(|e| {
            invalid(
                "DATA_DIR",
                format!("must be a writable folder to keep the generated SESSION_SECRET ({e})"),
            )
        })?;
    Ok(Secret::new(secret))
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
