//! Narrowing a board down: by responsible person, label and due date, from the page's address
//! (`?responsavel=7&etiqueta=urgente&prazo=vencido`), so a filtered board can be shared,
//! reloaded and works without scripts. Cards hidden by a filter still count toward the WIP limit.
//! The same address may ask for swimlanes (`raias=responsavel`): one row of the columns per
//! responsible person.

use time::Date;

use super::Card;

/// The due-date filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Due before today.
    Overdue,
    /// Due from today to seven days ahead.
    Week,
    /// No due date.
    Undated,
}

impl Due {
    /// The address's code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Overdue => "vencido",
            Self::Week => "semana",
            Self::Undated => "sem-prazo",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Overdue, Self::Week, Self::Undated]
            .into_iter()
            .find(|d| d.code() == code)
    }
}

/// What the board shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardFilter {
    pub owner: Option<i64>,
    pub label: Option<String>,
    pub due: Option<Due>,
    /// Swimlanes by responsible person.
    pub swimlanes: bool,
}

/// The address's value asking for swimlanes by responsible person (`raias=responsavel`).
pub const SWIMLANES_BY_OWNER: &str = "responsavel";

impl BoardFilter {
    /// From the address's `responsavel`, `etiqueta` and `prazo` (unknown values are ignored).
    pub fn from_query(owner: Option<&str>, label: Option<&str>, due: Option<&str>) -> Self {
        Self {
            owner: owner.and_then(|o| o.parse().ok()),
            label: label
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
            due: due.and_then(Due::parse),
            swimlanes: false,
        }
    }

    /// With swimlanes when the address's `raias` asks for them.
    pub fn with_swimlanes(mut self, raias: Option<&str>) -> Self {
        self.swimlanes = raias == Some(SWIMLANES_BY_OWNER);
        self
    }

    /// Whether anything is filtered (swimlanes hide nothing).
    pub fn is_active(&self) -> bool {
        self.owner.is_some() || self.label.is_some() || self.due.is_some()
    }

    /// Whether `card` shows on `today` (São Paulo).
    pub fn admits(&self, card: &Card, today: Date) -> bool {
        let owner = self.owner.is_none_or(|o| card.owner_id == Some(o));
        let label = self
            .label
            .as_ref()
            .is_none_or(|l| card.labels.iter().any(|c| c.eq_ignore_ascii_case(l)));
        let due = match self.due {
            None => true,
            Some(Due::Overdue) => card.due_on.is_some_and(|d| d < today),
            Some(Due::Week) => card
                .due_on
                .is_some_and(|d| d >= today && d <= today + time::Duration::days(7)),
            Some(Due::Undated) => card.due_on.is_none(),
        };
        owner && label && due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn card(owner: i64, labels: &[&str], due: Option<Date>) -> Card {
        Card {
            id: 1,
            column_id: 1,
            rank: "a0".into(),
            title: "x".into(),
            client_id: None,
            client_name: None,
            policy_id: None,
            owner_id: Some(owner),
            owner: None,
            value: None,
            commission: None,
            due_on: due,
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            entered_column_at: datetime!(2026-11-10 12:00 UTC),
            days: 0,
            checklist_done: 0,
            checklist_total: 0,
            comments: 0,
        }
    }

    #[test]
    fn each_filter_narrows_by_its_own_field_and_together_they_all_apply() {
        let today = date!(2026 - 11 - 30);
        let overdue = card(7, &["Urgente"], Some(date!(2026 - 11 - 29)));
        let soon = card(8, &["indicação"], Some(date!(2026 - 12 - 07)));
        let later = card(7, &[], Some(date!(2026 - 12 - 08)));
        let undated = card(8, &[], None);
        let all = [&overdue, &soon, &later, &undated];
        let shown = |f: &BoardFilter| all.iter().filter(|c| f.admits(c, today)).count();
        assert_eq!(shown(&BoardFilter::default()), 4);
        assert_eq!(shown(&BoardFilter::from_query(Some("7"), None, None)), 2);
        assert_eq!(
            shown(&BoardFilter::from_query(None, Some("urgente"), None)),
            1
        );
        assert_eq!(
            shown(&BoardFilter::from_query(None, None, Some("vencido"))),
            1
        );
        assert_eq!(
            shown(&BoardFilter::from_query(None, None, Some("semana"))),
            1
        );
        assert_eq!(
            shown(&BoardFilter::from_query(None, None, Some("sem-prazo"))),
            1
        );
        assert_eq!(
            shown(&BoardFilter::from_query(Some("7"), None, Some("semana"))),
            0
        );
        let junk = BoardFilter::from_query(Some("x"), Some("  "), Some("ontem"));
        assert!(!junk.is_active());
        let lanes = BoardFilter::default().with_swimlanes(Some("responsavel"));
        assert!(
            lanes.swimlanes && !lanes.is_active(),
            "swimlanes show every card"
        );
        assert!(
            !BoardFilter::default()
                .with_swimlanes(Some("etiqueta"))
                .swimlanes
        );
    }
}
