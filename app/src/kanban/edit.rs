//! A card's own fields — title, value, due date, description, labels, responsible person — as the
//! new-card form and the card's page type them: checked the same way for both, and changed on
//! the card's page in one transaction with its audit row (the card's history shows the diff).

use time::{Date, OffsetDateTime};

use super::{repo, CardEdit, MAX_TITLE};
use crate::{
    audit::Changes,
    br::Money,
    clients::scope::Scope,
    db::Db,
    error::{AppError, FieldErrors},
    format::{brl, date_br},
    users::repo::UserRow,
};

/// Longest description, in characters.
pub const MAX_DESCRIPTION: usize = 5000;

/// The checked fields.
pub struct Fields<'a> {
    pub title: &'a str,
    pub value: Option<i64>,
    pub due_on: Option<Date>,
    pub description: Option<&'a str>,
    pub labels: Vec<String>,
}

/// Checks the typed fields; each problem goes to `errors` under the field's name.
pub fn parse<'a>(
    (title, value, due_on): (&'a str, &str, &str),
    description: &'a str,
    labels: &str,
    errors: &mut FieldErrors,
) -> Fields<'a> {
    let title = title.trim();
    if title.is_empty() {
        errors.add("title", "value_required");
    } else if title.chars().count() > MAX_TITLE {
        errors.add("title", "text_too_long");
    }
    let value = match value.trim() {
        "" => None,
        typed => Money::parse(typed)
            .map(|m| m.centavos())
            .map_err(|key| errors.add("value", key))
            .ok(),
    };
    let due_on = match due_on.trim() {
        "" => None,
        typed => {
            let date = crate::audit::parse_date(typed);
            if date.is_none() {
                errors.add("due_on", "date_invalid");
            }
            date
        }
    };
    let description = description.trim();
    if description.chars().count() > MAX_DESCRIPTION {
        errors.add("description", "text_too_long");
    }
    Fields {
        title,
        value,
        due_on,
        description: (!description.is_empty()).then_some(description),
        labels: crate::clients::service::parse::tags(Some(labels), "labels", errors),
    }
}

/// Changes card `id` (within `scope`) as typed on its page. The responsible person may be
/// anyone the caller may hand clients to (users: themselves). Audited as `card.update`.
pub async fn update(
    db: &Db,
    actor: &UserRow,
    scope: &Scope,
    id: i64,
    edit: &CardEdit,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let (_, card) = repo::card(db, scope, id).await?.ok_or(AppError::NotFound)?;
    let (description_before, ..) = repo::extras(db, id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let fields = parse(
        (&edit.title, &edit.value, &edit.due_on),
        &edit.description,
        &edit.labels,
        &mut errors,
    );
    let owners = crate::clients::repo::owners(db, scope).await?;
    let owner = match edit.owner {
        0 => card.owner_id,
        id if owners.iter().any(|(o, _)| *o == id) => Some(id),
        _ => {
            errors.add("owner", "owner_invalid");
            card.owner_id
        }
    };
    errors.into_result()?;
    let labels = serde_json::to_string(&fields.labels).map_err(|_| AppError::BadRequest)?;
    let change = repo::CardChange {
        title: fields.title,
        value: fields.value,
        due_on: fields.due_on,
        description: fields.description,
        labels: &labels,
        owner_id: owner,
    };
    let mut diff = Changes::default();
    diff.compare("title", card.title.as_str(), fields.title);
    diff.compare("value", card.value.map(brl), fields.value.map(brl));
    diff.compare(
        "due_on",
        card.due_on.map(date_br),
        fields.due_on.map(date_br),
    );
    diff.compare(
        "description",
        description_before.as_deref(),
        fields.description,
    );
    diff.compare("labels", card.labels.join(", "), fields.labels.join(", "));
    let owner_name = |id: Option<i64>| {
        owners
            .iter()
            .find(|(o, _)| Some(*o) == id)
            .map(|(_, n)| n.clone())
    };
    if owner != card.owner_id {
        diff.compare("owner", card.owner.clone(), owner_name(owner));
    }
    let mut tx = db.begin().await?;
    if !repo::update(&mut tx, id, &change, now).await? {
        return Err(AppError::NotFound);
    }
    super::service::write_audit(
        &mut tx,
        actor.id,
        "card.update",
        ("kanban_card", id),
        diff.into_value(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
