//! Command-line tasks of the `server` binary besides serving: `create-admin`.

use app::{clock::Clock, db::Db};

use crate::config::Settings;

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Run the web server (no arguments).
    Serve,
    /// Create an admin account and print the one-time link that sets its password.
    CreateAdmin { name: String, email: String },
    /// Show how to use the binary.
    Help,
}

/// How to use the binary.
pub const USAGE: &str = "usage:\n  server                                          run Monteiro CRM\n  server create-admin --name \"Nome\" --email e-mail  create an administrator and print the link that sets its password";

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let Some(first) = args.first() else {
        return Ok(Command::Serve);
    };
    match first.as_str() {
        "create-admin" => {
            let (mut name, mut email) = (None, None);
            let mut rest = args[1..].iter();
            while let Some(flag) = rest.next() {
                let value = rest.next().ok_or(format!("{flag} needs a value"))?;
                match flag.as_str() {
                    "--name" => name = Some(value.clone()),
                    "--email" => email = Some(value.clone()),
                    other => return Err(format!("unknown option {other}")),
                }
            }
            Ok(Command::CreateAdmin {
                name: name.ok_or("--name is required")?,
                email: email.ok_or("--email is required")?,
            })
        }
        "-h" | "--help" | "help" => Ok(Command::Help),
        other => Err(format!("unknown command {other}")),
    }
}

/// Creates an admin on the configured database; answers the link that sets the password.
pub async fn create_admin(
    settings: &Settings,
    clock: &dyn Clock,
    name: &str,
    email: &str,
) -> Result<String, String> {
    let db = Db::connect(settings.database_url.expose())
        .await
        .map_err(|e| format!("could not open the database: {e}"))?;
    db.migrate()
        .await
        .map_err(|e| format!("could not apply the database migrations: {e}"))?;
    let created = app::users::service::create_admin_from_cli(&db, name, email, clock.now()).await;
    db.close().await;
    match created {
        Ok(created) => Ok(format!(
            "{}{}{}",
            settings.app_origin,
            app::auth::tokens::Purpose::Password.page(),
            created.token
        )),
        Err(app::AppError::Invalid { fields }) => Err(fields
            .iter()
            .map(|(field, key)| match key.as_str() {
                "email_taken" => "an account with this e-mail already exists".to_owned(),
                "email_invalid" => "the e-mail is not valid".to_owned(),
                _ => format!("{field} is not valid ({key})"),
            })
            .collect::<Vec<_>>()
            .join("; ")),
        Err(other) => Err(format!("could not create the account: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn no_arguments_serve_and_create_admin_needs_name_and_email() {
        assert_eq!(parse(&[]), Ok(Command::Serve));
        assert_eq!(
            parse(&args(&[
                "create-admin",
                "--name",
                "Helena Monteiro",
                "--email",
                "h@m.com.br"
            ])),
            Ok(Command::CreateAdmin {
                name: "Helena Monteiro".into(),
                email: "h@m.com.br".into()
            })
        );
        assert!(parse(&args(&["create-admin", "--name", "Helena"])).is_err());
        assert!(parse(&args(&["create-admin", "--email"])).is_err());
        assert!(parse(&args(&["drop-everything"])).is_err());
    }
}
