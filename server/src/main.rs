//! `server`: runs Monteiro CRM.

use server::{build, cli, config::Settings, startup, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(problem) => {
            eprintln!("{problem}\n{}", cli::USAGE);
            return std::process::ExitCode::from(2);
        }
    };
    if command == cli::Command::Help {
        println!("{}", cli::USAGE);
        return std::process::ExitCode::SUCCESS;
    }
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("{err}");
            return std::process::ExitCode::from(2);
        }
    };
    match command {
        cli::Command::Serve | cli::Command::Help => {}
        cli::Command::CreateAdmin { name, email } => {
            return match cli::create_admin(&settings, &app::clock::SystemClock, &name, &email).await
            {
                Ok(link) => {
                    println!("Administrator {email} created. Open this one-time link within 24 hours to set the password:\n  {link}");
                    std::process::ExitCode::SUCCESS
                }
                Err(problem) => {
                    eprintln!("{problem}");
                    std::process::ExitCode::from(1)
                }
            };
        }
    }
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
    if let Some(link) = server.setup_link() {
        println!(
            "\nNo account exists yet. Open this one-time link within 24 hours to create the first administrator:\n  {link}\n(Or run `server create-admin --name \"…\" --email …`.)\n"
        );
    }
    match server.serve(startup::shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "server error");
            std::process::ExitCode::from(1)
        }
    }
}
