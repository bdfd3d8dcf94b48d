//! Assembling the app: database, router, middleware, and serving until a shutdown signal.

use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

use app::{
    auth::throttle::IpLimiter,
    clock::{Clock, ShiftedClock, SystemClock},
    db::Db,
    shell,
    state::AppState,
    App,
};
use axum::{handler::HandlerWithoutStateExt, middleware, routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::{compression::CompressionLayer, timeout::TimeoutLayer, trace::TraceLayer};

use crate::http::client_data_export;
use crate::{
    config::{AppEnv, Settings},
    demo, fake_graph,
    http::{
        api_access, audit_export, board_events, body_limit, client_import, client_ip,
        clients_export, commissions_export, csrf, health, policy_documents, request_id,
        require_login, security_headers, session_lifetime, social_posts, static_files,
        whatsapp_events, whatsapp_media, whatsapp_webhook,
    },
    sessions, workers,
};

/// A request that takes longer than this is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("could not open the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not apply the database migrations: {0}")]
    Migrations(#[from] sqlx::migrate::MigrateError),
    #[error("could not prepare the first-admin link: {0}")]
    Setup(String),
    #[error("could not create the demo data: {0}")]
    Demo(String),
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// A started, bound, not yet serving app.
pub struct Server {
    listener: TcpListener,
    router: Router,
    state: AppState,
    setup_link: Option<String>,
    session_store: sessions::DbSessionStore,
}

impl Server {
    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// On an installation without any account (outside demo mode): the one-time link that
    /// creates the first admin (valid 24 h). Printed at startup.
    pub fn setup_link(&self) -> Option<&str> {
        self.setup_link.as_deref()
    }

    /// The database session store (tests run maintenance against it).
    pub fn session_store(&self) -> &sessions::DbSessionStore {
        &self.session_store
    }

    /// The shared state (tests reach the database through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The assembled router, for in-process tests with `tower::ServiceExt::oneshot`.
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests and closes the pool.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let db = self.state.db.clone();
        let maintenance = workers::spawn_maintenance(
            self.state.clone(),
            self.session_store.clone(),
            workers::MAINTENANCE_EVERY,
        );
        let jobs = workers::spawn_jobs(self.state.clone());
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        maintenance.abort();
        jobs.abort();
        db.close().await;
        result
    }
}

/// Opens and migrates the database, assembles the router and binds `settings.bind_addr`.
pub async fn build(
    settings: Settings,
    leptos_options: LeptosOptions,
) -> Result<Server, StartupError> {
    if settings.whatsapp.fake_graph {
        // With the fake Graph API (demo, browser tests; never production): a clock that
        // `POST /_fake/clock` moves forward.
        let clock = Arc::new(ShiftedClock::default());
        return assemble(settings, leptos_options, clock.clone(), Some(clock)).await;
    }
    build_with_clock(settings, leptos_options, Arc::new(SystemClock)).await
}

/// [`build`] with a time source of the caller's (tests move a manual clock forward).
pub async fn build_with_clock(
    settings: Settings,
    leptos_options: LeptosOptions,
    clock: Arc<dyn Clock>,
) -> Result<Server, StartupError> {
    assemble(settings, leptos_options, clock, None).await
}

async fn assemble(
    settings: Settings,
    leptos_options: LeptosOptions,
    clock: Arc<dyn Clock>,
    shift: Option<Arc<ShiftedClock>>,
) -> Result<Server, StartupError> {
    let db = Db::connect(settings.database_url.expose()).await?;
    db.migrate().await?;
    if settings.app_env == AppEnv::Demo {
        demo::seed(&db).await?;
        demo::seed_clients(&db, clock.now())
            .await
            .map_err(|e| StartupError::Demo(format!("{e:?}")))?;
        app::policies::demo::seed(&db, demo::POLICY_CLIENTS, clock.now())
            .await
            .map_err(|e| StartupError::Demo(format!("{e:?}")))?;
        app::kanban::demo::seed(&db, clock.now())
            .await
            .map_err(|e| StartupError::Demo(format!("{e:?}")))?;
    }
    let (auth, session_store) = sessions::auth_layer(&db, settings.is_https()).await?;
    let listener = TcpListener::bind(settings.bind_addr)
        .await
        .map_err(|source| StartupError::Bind {
            addr: settings.bind_addr,
            source,
        })?;
    let local = listener.local_addr().map_err(|source| StartupError::Bind {
        addr: settings.bind_addr,
        source,
    })?;
    let (channel, fake, graph_base) = whatsapp_channel(&settings, local);
    let social = app::social::Social {
        key: settings
            .social
            .token_key
            .as_ref()
            .and_then(|k| app::social::vault::TokenKey::from_hex(k.expose())),
        graph: app::social::graph::SocialGraph::new(
            &graph_base,
            &settings.whatsapp.graph_version,
            settings.whatsapp.graph_timeout,
        ),
        human_agent: settings.social.human_agent,
    };
    let state = AppState {
        leptos_options,
        db,
        app_origin: settings.app_origin.clone(),
        secure_cookies: settings.is_https(),
        clock,
        login_limiter: Arc::new(IpLimiter::new(settings.login_ip_limit)),
        timeouts: Arc::default(),
        jobs_wake: Arc::default(),
        bus: Arc::new(app::live::Bus::default().with_policy(settings.live)),
        whatsapp: Arc::new(channel),
        social: Arc::new(social),
    };
    if settings.app_env == AppEnv::Demo && fake.is_some() {
        demo::seed_social(&state.db, &state.social, state.clock.now()).await?;
    }
    let setup_link = match settings.app_env {
        AppEnv::Demo => None,
        _ => first_admin_link(&state).await?,
    };
    let trusted = Arc::new(settings.trusted_proxies.clone());
    let router = router(&settings, state.clone(), auth, fake, shift)
        .layer(middleware::from_fn_with_state(trusted, client_ip::attach));
    Ok(Server {
        listener,
        router,
        state,
        setup_link,
        session_store,
    })
}

/// The WhatsApp number from the settings: its Graph API client — pointed at the fake served
/// under `/_fake/graph` of this very server when `WHATSAPP_FAKE_GRAPH` is on — the fake, and the
/// Graph API's address (the fake's, or Meta's).
fn whatsapp_channel(
    settings: &Settings,
    local: SocketAddr,
) -> (
    app::whatsapp::Channel,
    Option<Arc<fake_graph::FakeGraph>>,
    String,
) {
    let wa = &settings.whatsapp;
    let host = match local.ip() {
        ip if ip.is_unspecified() && ip.is_ipv6() => format!("[::1]:{}", local.port()),
        ip if ip.is_unspecified() => format!("127.0.0.1:{}", local.port()),
        _ => local.to_string(),
    };
    let fake = wa.fake_graph.then(|| {
        let fake = fake_graph::FakeGraph::new(fake_graph::FakeConfig {
            webhook_url: Some(format!("http://{host}/webhooks/meta")),
            app_secret: wa
                .app_secret
                .as_ref()
                .map(|s| s.expose().to_owned())
                .unwrap_or_default(),
            phone_number_id: wa.phone_number_id.clone().unwrap_or_default(),
            display_number: crate::config::demo_whatsapp::DISPLAY_NUMBER.to_owned(),
            statuses_every: Some(Duration::from_millis(700)),
        });
        fake.set_base_url(&format!("http://{host}/_fake/graph"));
        fake
    });
    let base_url = match fake {
        Some(_) => format!("http://{host}/_fake/graph"),
        None => wa.graph_base_url.as_str().to_owned(),
    };
    let graph = match (&wa.api_token, &wa.phone_number_id) {
        (Some(token), Some(number)) => Some(app::whatsapp::graph::Graph::new(
            app::whatsapp::graph::GraphConfig {
                base_url: base_url.clone(),
                version: wa.graph_version.clone(),
                token: Some(token.expose().to_owned()),
                phone_number_id: Some(number.clone()),
                waba_id: wa.waba_id.clone(),
                timeout: wa.graph_timeout,
            },
        )),
        _ => None,
    };
    let channel = app::whatsapp::Channel {
        phone_number_id: wa.phone_number_id.clone(),
        graph,
    };
    (channel, fake, base_url)
}

/// A fresh first-admin link when there is no account yet (earlier unused links stop working).
async fn first_admin_link(state: &AppState) -> Result<Option<String>, StartupError> {
    let token = app::users::service::bootstrap_link(&state.db, state.clock.now())
        .await
        .map_err(|err| StartupError::Setup(err.to_string()))?;
    Ok(token.map(|token| {
        format!(
            "{}{}{token}",
            state.app_origin,
            app::auth::tokens::Purpose::Bootstrap.page()
        )
    }))
}

/// Leptos options when the process was not started by cargo-leptos (which sets `LEPTOS_*`).
pub fn leptos_options_from_env() -> LeptosOptions {
    get_configuration(None)
        .map(|conf| conf.leptos_options)
        .unwrap_or_else(|_| {
            LeptosOptions::builder()
                .output_name("monteiro-crm")
                .site_root("target/site")
                .build()
        })
}

/// The app's routes, listed once per process.
///
/// Listing them runs the whole app with resource loading suppressed through a *process-wide*
/// flag (leptos_server's `SuppressResourceLoad`, leptos-rs/leptos#4773): a page whose resource
/// first polled while another router was being built would wait forever. Building the list once,
/// before any router can serve, keeps that window closed — it mattered in the tests, which build
/// many servers in one process, and would for any future reload of the router.
fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(
    settings: &Settings,
    state: AppState,
    auth: sessions::AuthLayer,
    fake: Option<Arc<fake_graph::FakeGraph>>,
    shift: Option<Arc<ShiftedClock>>,
) -> Router {
    let routes = routes();
    let context = leptos_context(state.clone());
    let options = state.leptos_options.clone();
    let site_root = PathBuf::from(options.site_root.as_ref());

    let not_found = leptos_axum::render_app_to_stream_with_context(context.clone(), {
        let options = options.clone();
        move || shell(options.clone())
    });
    let assets = Router::new()
        .fallback_service(static_files::service(&site_root, not_found.into_service()))
        .layer(middleware::from_fn(static_files::cache_control));

    let security = Arc::new(security_headers::SecurityHeaders {
        hsts: settings.is_https(),
        extra_connect_src: std::env::var("LEPTOS_WATCH")
            .ok()
            .map(|_| format!("ws://{}:{}", options.site_addr.ip(), options.reload_port)),
    });
    let csrf = Arc::new(csrf::CsrfPolicy {
        app_origin: settings.app_origin.clone(),
        // The fake Graph API's routes are called by tests and the fake itself, like Meta's.
        exempt_prefixes: if fake.is_some() {
            vec!["/webhooks/", "/_fake/"]
        } else {
            vec!["/webhooks/"]
        },
    });
    let trusted = Arc::new(settings.trusted_proxies.clone());

    let lifetime = Arc::new(session_lifetime::Lifetime {
        state: state.clone(),
    });
    // Only pages and server functions load the session; health probes and assets do not.
    let pages = Router::new()
        .route("/admin/auditoria.csv", get(audit_export::download))
        .route("/clientes/{id}/dados.json", get(client_data_export::json))
        .route("/clientes/{id}/dados.csv", get(client_data_export::csv))
        .route("/clientes/exportar.csv", get(clients_export::download))
        .route("/comissoes/exportar.csv", get(commissions_export::download))
        .route(
            "/clientes/importar",
            axum::routing::post(client_import::upload),
        )
        .route(
            "/clientes/importar/{id}/relatorio.csv",
            get(client_import::report),
        )
        .route(
            "/apolices/{id}/documentos",
            axum::routing::post(policy_documents::upload),
        )
        .route(
            "/apolices/{id}/documentos/{document}",
            get(policy_documents::download),
        )
        .route(
            social_posts::PATH,
            axum::routing::post(social_posts::create),
        )
        .route(
            "/redes-sociais/{post}/imagens/{n}",
            get(social_posts::picture),
        )
        .route("/whatsapp/midia/{message}", get(whatsapp_media::download))
        .route(
            "/whatsapp/{id}/arquivo",
            axum::routing::post(whatsapp_media::upload),
        )
        .leptos_routes_with_context(&state, routes, context, move || shell(options.clone()))
        .with_state(state.clone())
        // `body_limit::enforce` already bounds every body (files included); axum's own 2 MB
        // default would refuse a spreadsheet or a document between 2 and 10 MB.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(middleware::from_fn(require_login::redirect_visitors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            api_access::enforce,
        ))
        .layer(middleware::from_fn_with_state(
            lifetime.clone(),
            session_lifetime::enforce,
        ))
        .layer(auth.clone());
    // Live streams stay open for as long as the page does: outside the request timeout.
    let live = Router::new()
        .route("/kanban/{slug}/eventos", get(board_events::stream))
        .route("/whatsapp/eventos", get(whatsapp_events::stream))
        .with_state(state.clone())
        .layer(middleware::from_fn_with_state(
            lifetime,
            session_lifetime::enforce,
        ))
        .layer(auth);

    let webhook = Arc::new(whatsapp_webhook::Webhook::new(
        &settings.whatsapp,
        state.clone(),
    ));
    // One Meta app, one signed webhook: `/webhooks/meta` for every object (WhatsApp, Page,
    // Instagram); `/webhooks/whatsapp` stays for apps configured before.
    let webhooks = Router::new()
        .route(
            "/webhooks/meta",
            get(whatsapp_webhook::verify).post(whatsapp_webhook::receive),
        )
        .route(
            "/webhooks/whatsapp",
            get(whatsapp_webhook::verify).post(whatsapp_webhook::receive),
        )
        .with_state(webhook);
    let webhooks = match &fake {
        Some(fake) => webhooks.nest("/_fake/graph", fake.router()),
        None => webhooks,
    };
    let webhooks = match shift {
        Some(shift) => webhooks.merge(fake_graph::clock_router(shift)),
        None => webhooks,
    };

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/social/midia/{token}", get(crate::http::social_media::picture))
        .route("/readyz", get(health::readyz))
        .with_state(state)
        .merge(webhooks)
        .merge(pages)
        .merge(assets)
        .layer(TimeoutLayer::with_status_code(http::StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .merge(live)
        .layer(middleware::from_fn(body_limit::enforce))
        .layer(middleware::from_fn_with_state(csrf, csrf::protect))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(security, security_headers::apply))
        .layer(TraceLayer::new_for_http().make_span_with(move |req: &axum::extract::Request| {
            let ip = client_ip::of(req, &trusted).map(|ip| ip.to_string()).unwrap_or_default();
            tracing::info_span!("request", method = %req.method(), path = req.uri().path(), request_id = request_id::of(req), client_ip = ip)
        }))
        .layer(middleware::from_fn(request_id::assign))
}

/// What every render and server function finds in its Leptos context: the app state and the
/// request's CSP nonce.
fn leptos_context(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(state.clone());
        let nonce = use_context::<::http::request::Parts>().and_then(|parts| {
            parts
                .extensions
                .get::<security_headers::CspNonce>()
                .cloned()
        });
        if let Some(nonce) = nonce {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    }
}

/// Resolves when the process receives SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
