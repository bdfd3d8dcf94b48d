//! Who may see a conversation, and its changes on the event bus (`Topic::WhatsApp`, event
//! `conversation` with `{"id": …}`): the inbox and the open chat read it again.
//!
//! A conversation belongs to whoever it is assigned to, else to the owner of its client; one
//! that belongs to nobody (a new lead, or a client without owner) is for everyone to pick up.
//! Admins see all; managers also their teams' clients and what is assigned to their teams.

use crate::{
    clients::scope::Scope,
    db::Db,
    live::{Audience, Bus, Topic},
};

/// Who a conversation belongs to: the staff member it is assigned to (and their team), and the
/// owner and team of its client.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holders {
    pub assigned: Option<i64>,
    pub assigned_team: Option<i64>,
    pub owner: Option<i64>,
    pub team: Option<i64>,
}

impl Holders {
    /// Whether a reader with `scope` may see the conversation: anyone when it belongs to nobody;
    /// else its assignee, its client's owner, the managers of either one's team, and admins.
    pub fn visible_to(&self, scope: &Scope) -> bool {
        if self.assigned.is_none() && self.owner.is_none() {
            return true;
        }
        match scope {
            Scope::All => true,
            Scope::Own { user_id } => {
                self.assigned == Some(*user_id) || self.owner == Some(*user_id)
            }
            Scope::Teams { user_id, team_ids } => {
                let ours = |team: Option<i64>| team.is_some_and(|t| team_ids.contains(&t));
                self.assigned == Some(*user_id)
                    || self.owner == Some(*user_id)
                    || ours(self.team)
                    || ours(self.assigned_team)
            }
        }
    }

    /// Who receives the conversation's live changes, as the bus can say it (the same people
    /// as [`Self::visible_to`]): everyone for a conversation of nobody; else its assignee with
    /// their team, and its client's owner with the client's team (one audience when they are the
    /// same).
    pub fn audiences(&self) -> Vec<Audience> {
        if self.assigned.is_none() && self.owner.is_none() {
            return vec![Audience::Everyone];
        }
        let mut all = Vec::with_capacity(2);
        if self.assigned.is_some() {
            all.push(Audience::Record {
                owner: self.assigned,
                team: self.assigned_team,
            });
        }
        let client = Audience::Record {
            owner: self.owner,
            team: self.team,
        };
        if (self.owner.is_some() || self.team.is_some()) && !all.contains(&client) {
            all.push(client);
        }
        all
    }
}

/// Tells the inbox that conversation `id` changed.
pub async fn announce(db: &Db, bus: &Bus, id: i64) -> Result<(), sqlx::Error> {
    if let Some((_, holders)) = super::repo::conversation_row(db, id).await? {
        let data = serde_json::json!({ "id": id }).to_string();
        for audience in holders.audiences() {
            bus.publish(Topic::WhatsApp, audience, "conversation", data.clone());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(assigned: Option<i64>, owner: Option<i64>, team: Option<i64>) -> Holders {
        Holders {
            assigned,
            assigned_team: None,
            owner,
            team,
        }
    }

    #[test]
    fn a_conversation_of_nobody_is_for_everyone_and_an_assigned_one_for_its_people() {
        let own = Scope::Own { user_id: 7 };
        let team = Scope::Teams {
            user_id: 8,
            team_ids: vec![3],
        };
        assert!(of(None, None, None).visible_to(&own));
        assert!(of(Some(7), Some(9), None).visible_to(&own));
        assert!(of(None, Some(7), None).visible_to(&own));
        assert!(!of(Some(9), None, None).visible_to(&own));
        assert!(of(Some(9), Some(9), Some(3)).visible_to(&team));
        assert!(!of(Some(9), None, Some(4)).visible_to(&team));
        assert!(of(Some(9), Some(9), None).visible_to(&Scope::All));
        assert_eq!(
            of(None, None, Some(3)).audiences(),
            vec![Audience::Everyone]
        );
        assert_eq!(
            of(None, Some(9), Some(3)).audiences(),
            vec![Audience::Record {
                owner: Some(9),
                team: Some(3)
            }]
        );
    }

    #[test]
    fn a_manager_sees_what_is_assigned_to_their_team_and_it_reaches_them_live() {
        let manager = Scope::Teams {
            user_id: 8,
            team_ids: vec![3],
        };
        let assigned = Holders {
            assigned: Some(9),
            assigned_team: Some(3),
            owner: None,
            team: None,
        };
        assert!(assigned.visible_to(&manager));
        assert!(!Holders {
            assigned_team: Some(4),
            ..assigned
        }
        .visible_to(&manager));
        assert_eq!(
            assigned.audiences(),
            vec![Audience::Record {
                owner: Some(9),
                team: Some(3)
            }]
        );
    }

    #[test]
    fn a_clients_owner_hears_of_their_clients_conversation_handed_to_a_colleague() {
        let handed = Holders {
            assigned: Some(9),
            assigned_team: Some(3),
            owner: Some(7),
            team: Some(4),
        };
        let audiences = handed.audiences();
        assert_eq!(audiences.len(), 2);
        for reader in [
            Scope::Own { user_id: 9 },
            Scope::Own { user_id: 7 },
            Scope::Teams {
                user_id: 1,
                team_ids: vec![4],
            },
            Scope::Teams {
                user_id: 1,
                team_ids: vec![3],
            },
        ] {
            assert!(handed.visible_to(&reader), "{reader:?}");
            assert!(audiences.iter().any(|a| a.admits(&reader)), "{reader:?}");
        }
        let stranger = Scope::Own { user_id: 5 };
        assert!(!handed.visible_to(&stranger));
        assert!(!audiences.iter().any(|a| a.admits(&stranger)));
        // The same person twice is told once.
        let own = Holders {
            assigned: Some(7),
            assigned_team: Some(4),
            owner: Some(7),
            team: Some(4),
        };
        assert_eq!(own.audiences().len(), 1);
    }
}
