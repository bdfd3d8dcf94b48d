//! Equipes (`/admin/equipes`): create and rename teams, choose who manages each. People join a
//! team from their account page (one team each).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::admin_page::{AdminTabs, Forbidden};
use crate::{
    error::AppError,
    i18n::{t, t_string, use_i18n},
    pages::ErrorPage,
    ui::{action_error, FormAlert, PageTitle, TextField},
};

#[cfg(feature = "ssr")]
use crate::{auth::permissions::Action, auth::server::require, error::respond, state::AppState};

/// A person shown on the teams page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
}

/// One team with its members and managers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamView {
    pub id: i64,
    pub name: String,
    pub members: Vec<Person>,
    pub managers: Vec<i64>,
}

/// Everything the teams page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamsData {
    pub teams: Vec<TeamView>,
    /// Managers and admins, who may manage a team.
    pub candidates: Vec<Person>,
}

/// The teams with their people (admins).
#[server(prefix = "/api", endpoint = "teams_overview")]
pub async fn teams_overview() -> Result<TeamsData, AppError> {
    respond(
        async {
            require(Action::ManageUsers).await?;
            server::overview().await
        }
        .await,
    )
}

/// Creates a team.
#[server(prefix = "/api", endpoint = "create_team")]
pub async fn create_team(name: String) -> Result<(), AppError> {
    respond(
        async {
            let admin = require(Action::ManageUsers).await?;
            let db = expect_context::<AppState>().db;
            crate::users::service::create_team(&db, admin.0.id, &name).await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

/// Renames a team and sets its managers.
#[server(prefix = "/api", endpoint = "update_team")]
pub async fn update_team(
    id: i64,
    name: String,
    managers: Option<Vec<i64>>,
) -> Result<(), AppError> {
    respond(
        async {
            let admin = require(Action::ManageUsers).await?;
            let state = expect_context::<AppState>();
            let managers = managers.unwrap_or_default();
            crate::users::service::update_team(
                &state.db,
                admin.0.id,
                id,
                &name,
                &managers,
                state.clock.now(),
            )
            .await
        }
        .await,
    )?;
    crate::forms::return_to_referer();
    Ok(())
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::{roles::Role, users::repo};

    pub async fn overview() -> Result<TeamsData, AppError> {
        let db = expect_context::<AppState>().db;
        let teams = repo::list_teams(&db).await?;
        let managers = repo::all_team_managers(&db).await?;
        let people = repo::list(&db, None).await?;
        let teams = teams
            .into_iter()
            .map(|team| TeamView {
                members: people
                    .iter()
                    .filter(|p| p.team.as_deref() == Some(team.name.as_str()))
                    .map(|p| Person {
                        id: p.id,
                        name: p.name.clone(),
                    })
                    .collect(),
                managers: managers
                    .iter()
                    .filter(|(t, _)| *t == team.id)
                    .map(|(_, u)| *u)
                    .collect(),
                id: team.id,
                name: team.name,
            })
            .collect();
        let candidates = people
            .into_iter()
            .filter(|p| p.active && matches!(p.role, Role::Manager | Role::Admin))
            .map(|p| Person {
                id: p.id,
                name: p.name,
            })
            .collect();
        Ok(TeamsData { teams, candidates })
    }
}

/// The teams page.
#[component]
pub fn TeamsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateTeam>::new();
    let update = ServerAction::<UpdateTeam>::new();
    let overview = Resource::new(
        move || (create.version().get(), update.version().get()),
        |_| teams_overview(),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, admin_teams) />
        <AdminTabs />
        <h1 class="h3 mb-3">{t!(i18n, admin_teams)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Teams overview create update /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                    Err(err) => view! { <ErrorPage support_id=err.support_id().map(str::to_owned) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Teams(
    overview: TeamsData,
    create: ServerAction<CreateTeam>,
    update: ServerAction<UpdateTeam>,
) -> impl IntoView {
    let i18n = use_i18n();
    let create_error = action_error(create);
    let update_error = action_error(update);
    let candidates = overview.candidates;
    view! {
        <section class="card mb-4" style="max-width: 32rem" aria-labelledby="new-team-heading">
            <div class="card-body">
                <h2 id="new-team-heading" class="h5">{t!(i18n, team_new)}</h2>
                <FormAlert error=create_error />
                <ActionForm action=create>
                    <TextField id="team-new-name" name="name" required=true error=create_error
                        label=Signal::derive(move || t_string!(i18n, team_name).to_string()) />
                    <button type="submit" class="btn btn-primary">{t!(i18n, team_create)}</button>
                </ActionForm>
            </div>
        </section>
        <FormAlert error=update_error />
        {overview.teams.into_iter().map(|team| {
            let candidates = candidates.clone();
            let name_id = format!("team-{}-name", team.id);
            let heading_id = format!("team-{}-heading", team.id);
            view! {
                <section class="card mb-3" aria-labelledby=heading_id.clone()>
                    <div class="card-body">
                        <h2 id=heading_id.clone() class="h5">{team.name.clone()}</h2>
                        <p class="small text-body-secondary mb-2">
                            {t!(i18n, team_members)} ": "
                            {if team.members.is_empty() { t_string!(i18n, team_no_members).to_string() } else {
                                team.members.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ")
                            }}
                        </p>
                        <ActionForm action=update>
                            <input type="hidden" name="id" value=team.id />
                            <div class="mb-3">
                                <label for=name_id.clone() class="form-label">{t!(i18n, team_name)}</label>
                                <input id=name_id name="name" class="form-control" value=team.name.clone() required />
                            </div>
                            <fieldset class="mb-3">
                                <legend class="form-label fs-6">{t!(i18n, team_managers)}</legend>
                                {candidates.into_iter().map(|person| {
                                    let box_id = format!("team-{}-manager-{}", team.id, person.id);
                                    view! {
                                        <div class="form-check form-check-inline">
                                            <input id=box_id.clone() class="form-check-input" type="checkbox" name="managers[]"
                                                value=person.id checked=team.managers.contains(&person.id) />
                                            <label for=box_id class="form-check-label">{person.name}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <button type="submit" class="btn btn-outline-primary">
                                {t!(i18n, save)}
                                <span class="visually-hidden">" " {team.name.clone()}</span>
                            </button>
                        </ActionForm>
                    </div>
                </section>
            }
        }).collect_view()}
    }
}
