//! Everything on file about a client, as a description list.

use leptos::prelude::*;

use crate::{
    clients::{form_page::labels, ClientDetail, ClientKind, Phone},
    format::{date_br, datetime_br, percent_encode},
    i18n::{t, use_i18n},
};

/// The address on one line: "Rua X, 12, apto 3 – Bairro – Cidade/UF – CEP 01310-100"
/// (`cep` is the CEP's label). `None` when nothing of it is known.
pub fn address_line(client: &ClientDetail, cep: &str) -> Option<String> {
    let street: Vec<&str> = [&client.street, &client.street_number, &client.complement]
        .into_iter()
        .filter_map(|part| part.as_deref())
        .collect();
    let place =
        crate::clients::list_page::city_state(client.city.as_deref(), client.state.as_deref());
    let parts: Vec<String> = [
        (!street.is_empty()).then(|| street.join(", ")),
        client.district.clone(),
        (!place.is_empty()).then_some(place),
        client.cep.as_ref().map(|c| format!("{cep} {c}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" – "))
}

/// One term of the list (the term above its value: the card is narrow); an empty value reads
/// "Não informado".
fn entry(label: impl IntoView + 'static, value: Option<AnyView>) -> impl IntoView {
    let i18n = use_i18n();
    let value = value.unwrap_or_else(|| {
        view! { <span class="text-body-secondary">{t!(i18n, client.not_informed)}</span> }
            .into_any()
    });
    view! {
        <dt class="small text-body-secondary fw-normal">{label}</dt>
        <dd class="mb-3">{value}</dd>
    }
}

/// A plain text value, if there is one.
fn plain(text: Option<String>) -> Option<AnyView> {
    text.filter(|t| !t.is_empty()).map(|t| t.into_any())
}

fn phone_list(phones: Vec<Phone>) -> Option<AnyView> {
    let i18n = use_i18n();
    (!phones.is_empty()).then(|| {
        view! {
            <ul class="list-unstyled mb-0">
                {phones.into_iter().map(|phone| {
                    let kind = phone.kind;
                    view! {
                        <li>
                            <a href=format!("tel:{}", phone.e164)>{phone.display}</a>
                            " "
                            <span class="small text-body-secondary">{move || labels::phone_kind(i18n, &kind)}</span>
                            {phone.whatsapp.then(|| view! {
                                <span class="badge text-bg-success ms-1">
                                    <i class="bi bi-whatsapp me-1" aria-hidden="true"></i>{t!(i18n, client.whatsapp)}
                                </span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    })
}

fn email_list(emails: Vec<String>) -> Option<AnyView> {
    (!emails.is_empty()).then(|| {
        view! {
            <ul class="list-unstyled mb-0">
                {emails.into_iter().map(|email| view! {
                    <li class="text-break"><a href=format!("mailto:{email}")>{email.clone()}</a></li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    })
}

fn tag_list(tags: Vec<String>) -> Option<AnyView> {
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="list-inline mb-0">
                {tags.into_iter().map(|tag| view! {
                    <li class="list-inline-item">
                        <a href=format!("/clientes?etiqueta={}", percent_encode(&tag, false))
                            class="badge text-bg-light border text-decoration-none">{tag.clone()}</a>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    })
}

/// "Sim, desde 05/03/2026 via WhatsApp" or "Não".
fn consent(client: &ClientDetail) -> AnyView {
    let i18n = use_i18n();
    if !client.marketing_consent {
        return t!(i18n, no).into_any();
    }
    let since = client
        .consent_at
        .map(|at| date_br(at.to_offset(crate::format::SAO_PAULO).date()));
    let channel = client.consent_channel.clone().map(|code| {
        let channel = move || labels::channel(i18n, &code);
        view! { " " {t!(i18n, client.consent_via, channel = channel)} }
    });
    view! {
        {match since {
            Some(date) => t!(i18n, client.consent_since, date = date).into_any(),
            None => t!(i18n, yes).into_any(),
        }}
        {channel}
    }
    .into_any()
}

/// The details card.
#[component]
pub fn Details(client: ClientDetail) -> impl IntoView {
    let i18n = use_i18n();
    let address = address_line(&client, "CEP");
    let lines = client.lines.clone();
    let lines = (!lines.is_empty()).then(|| {
        (move || {
            lines
                .iter()
                .map(|line| labels::line(i18n, line))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .into_any()
    });
    let source = client
        .source
        .clone()
        .map(|s| (move || labels::source(i18n, &s)).into_any());
    let owner = match (client.owner.clone(), client.team.clone()) {
        (Some(owner), Some(team)) => Some(format!("{owner} · {team}")),
        (owner, _) => owner,
    };
    let is_pf = client.kind == ClientKind::Pf;
    let personal = if is_pf {
        view! {
            {entry(t!(i18n, client.birth_date), plain(client.birth_date.map(date_br)))}
            {entry(t!(i18n, client.profession), plain(client.profession.clone()))}
        }
        .into_any()
    } else {
        view! {
            {entry(t!(i18n, client.trade_name), plain(client.trade_name.clone()))}
            {entry(t!(i18n, client.contact_name), plain(client.contact_name.clone()))}
        }
        .into_any()
    };
    let consent = consent(&client);
    let notes = client
        .notes
        .clone()
        .map(|n| view! { <span class="text-pre-line">{n}</span> }.into_any());
    view! {
        <section class="card" aria-labelledby="client-details-heading">
            <div class="card-body">
                <h2 id="client-details-heading" class="h5">{t!(i18n, client.details)}</h2>
                <dl class="mb-0">
                    {entry(t!(i18n, client.phones), phone_list(client.phones))}
                    {entry(t!(i18n, client.emails), email_list(client.emails))}
                    {personal}
                    {entry(t!(i18n, client.address), plain(address))}
                    {entry(t!(i18n, client.tags), tag_list(client.tags))}
                    {entry(t!(i18n, client.lines), lines)}
                    {entry(t!(i18n, client.source), source)}
                    {entry(t!(i18n, client.owner), plain(owner))}
                    {entry(t!(i18n, client.marketing), Some(consent))}
                    {entry(t!(i18n, client.notes), notes)}
                    {entry(t!(i18n, client.created_at), plain(Some(datetime_br(client.created_at))))}
                    {entry(t!(i18n, client.updated_at), plain(Some(datetime_br(client.updated_at))))}
                </dl>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::address_line;
    use crate::clients::form_page::tests::sample_client;

    #[test]
    fn the_address_is_one_line_of_what_is_known() {
        let mut client = sample_client();
        assert_eq!(
            address_line(&client, "CEP").as_deref(),
            Some("SP – CEP 01310-100")
        );
        client.street = Some("Av. Paulista".into());
        client.street_number = Some("1000".into());
        client.complement = Some("conj. 12".into());
        client.district = Some("Bela Vista".into());
        client.city = Some("São Paulo".into());
        assert_eq!(
            address_line(&client, "CEP").as_deref(),
            Some("Av. Paulista, 1000, conj. 12 – Bela Vista – São Paulo/SP – CEP 01310-100")
        );
        client.street = None;
        client.street_number = None;
        client.complement = None;
        client.district = None;
        client.city = None;
        client.state = None;
        client.cep = None;
        assert_eq!(address_line(&client, "CEP"), None);
    }
}
