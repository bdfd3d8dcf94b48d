//! Who may see a conversation, and its changes on the event bus (`Topic::WhatsApp`, event
//! `conversation` with `{"id": …}`): the inbox and the open chat read it again.
//!
//! A conversation belongs to whoever it is assigned to, else to the owner of its client; one
//! that belongs to nobody (a new lead, or a client without owner) is for everyone to pick up.
//! Admins see all; managers also their teams' clients.

use crate::{
    clients::scope::Scope,
    db::Db,
    live::{Audience, Bus, Topic},
};

/// Whether a reader with `scope` may see a conversation assigned to `assigned`, about a client
/// of `owner` and `team`.
pub fn visible(
    scope: &Scope,
    assigned: Option<i64>,
    owner: Option<i64>,
    team: Option<i64>,
) -> bool {
    if assigned.is_none() && owner.is_none() {
        return true;
    }
    match scope {
        Scope::All => true,
        Scope::Own { user_id } => assigned == Some(*user_id) || owner == Some(*user_id),
        Scope::Teams { user_id, team_ids } => {
            assigned == Some(*user_id)
                || owner == Some(*user_id)
                || team.is_some_and(|t| team_ids.contains(&t))
        }
    }
}

/// Who receives a conversation's live changes (the same rule, as the bus can say it).
pub fn audience(assigned: Option<i64>, owner: Option<i64>, team: Option<i64>) -> Audience {
    match assigned.or(owner) {
        None => Audience::Everyone,
        Some(owner) => Audience::Record {
            owner: Some(owner),
            team,
        },
    }
}

/// Tells the inbox that conversation `id` changed.
pub async fn announce(db: &Db, bus: &Bus, id: i64) -> Result<(), sqlx::Error> {
    if let Some((_, assigned, owner, team)) = super::repo::conversation_row(db, id).await? {
        let data = serde_json::json!({ "id": id }).to_string();
        bus.publish(
            Topic::WhatsApp,
            audience(assigned, owner, team),
            "conversation",
            data,
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conversation_of_nobody_is_for_everyone_and_an_assigned_one_for_its_people() {
        let own = Scope::Own { user_id: 7 };
        let team = Scope::Teams {
            user_id: 8,
            team_ids: vec![3],
        };
        assert!(visible(&own, None, None, None));
        assert!(visible(&own, Some(7), Some(9), None));
        assert!(visible(&own, None, Some(7), None));
        assert!(!visible(&own, Some(9), None, None));
        assert!(visible(&team, Some(9), Some(9), Some(3)));
        assert!(!visible(&team, Some(9), None, Some(4)));
        assert!(visible(&Scope::All, Some(9), Some(9), None));
        assert_eq!(audience(None, None, Some(3)), Audience::Everyone);
        assert_eq!(
            audience(None, Some(9), Some(3)),
            Audience::Record {
                owner: Some(9),
                team: Some(3)
            }
        );
    }
}
