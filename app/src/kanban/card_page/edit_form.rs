//! The card's own fields on its page: title, value, due date, responsible person, labels and
//! description (a plain form: works before scripts run).

use leptos::prelude::*;

use crate::{
    br::Money,
    i18n::{t, t_string, use_i18n},
    kanban::{api::UpdateCard, CardDetail},
    ui::{
        action_error,
        fields::{Field, SelectField, TextAreaField},
        FormAlert,
    },
};

#[component]
pub fn EditCardForm(detail: CardDetail, action: ServerAction<UpdateCard>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let card = detail.card;
    let owner = card.owner_id;
    let owners = detail
        .owners
        .into_iter()
        .map(|(id, name)| view! { <option value=id selected=Some(id) == owner>{name}</option> })
        .collect_view();
    let saved = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        {move || saved().then(|| view! { <div class="alert alert-success" role="status">{t!(i18n, kanban.saved)}</div> })}
        // Open again when the save was refused (also after a plain form post came back).
        <details class="card mb-3" open=move || error.get().is_some()>
            <summary class="card-header">{t!(i18n, kanban.edit)}</summary>
            <div class="card-body">
                <FormAlert error />
                <ActionForm action>
                    <input type="hidden" name="id" value=card.id />
                    <Field id="cartao-titulo" name="card[title]" error_key="title" required=true value=card.title.clone()
                        label=Signal::derive(move || t_string!(i18n, kanban.card_title).to_string()) error />
                    <div class="row g-2">
                        <Field id="cartao-premio" name="card[value]" error_key="value" class="col-sm-6 mb-3" inputmode="decimal"
                            value=card.value.map(|v| Money::from_centavos(v).input_value()).unwrap_or_default()
                            label=Signal::derive(move || t_string!(i18n, kanban.value).to_string()) error />
                        <Field id="cartao-prazo" name="card[due_on]" error_key="due_on" kind="date" class="col-sm-6 mb-3"
                            value=card.due_on.map(|d| d.to_string()).unwrap_or_default()
                            label=Signal::derive(move || t_string!(i18n, kanban.due_on).to_string()) error />
                    </div>
                    <SelectField id="cartao-responsavel" name="card[owner]" error_key="owner"
                        label=Signal::derive(move || t_string!(i18n, kanban.owner).to_string()) error>
                        {owners}
                    </SelectField>
                    <Field id="cartao-etiquetas" name="card[labels]" error_key="labels" value=card.labels.join(", ")
                        help=Signal::derive(move || t_string!(i18n, kanban.labels_help).to_string())
                        label=Signal::derive(move || t_string!(i18n, kanban.labels).to_string()) error />
                    <TextAreaField id="cartao-descricao" name="card[description]" error_key="description"
                        value=detail.description.clone().unwrap_or_default()
                        label=Signal::derive(move || t_string!(i18n, kanban.description).to_string()) error />
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>{t!(i18n, kanban.save)}</button>
                </ActionForm>
            </div>
        </details>
    }
}
