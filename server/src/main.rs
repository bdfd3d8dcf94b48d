//! `server`: runs Monteiro CRM.

use server::{build, config::Settings, startup, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("{err}");
            return std::process::ExitCode::from(2);
        }
    };
    telemetry::init(settings.log_format);
    let origin = settings.app_origin.clone();
    let demo = settings.app_env == server::config::AppEnv::Demo;
    let server = match build(settings, startup::leptos_options_from_env()).await {
        Ok(server) => server,
        Err(err) => {
            tracing::error!(error = %err, "startup failed");
            eprintln!("startup failed: {err}");
            return std::process::ExitCode::from(1);
        }
    };
    tracing::info!(addr = %server.local_addr(), "listening");
    println!(
        "Monteiro CRM is running at {origin} (listening on {})",
        server.local_addr()
    );
    if demo {
        println!("{}", server::demo::login_help(&origin));
    }
    match server.serve(startup::shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "server error");
            std::process::ExitCode::from(1)
        }
    }
}
