//! The "Apólices" section of a client's page: the client's policies, newest vigência first,
//! with a button to add one.

use leptos::prelude::*;

use super::{api::list_policies, labels, PolicyFilter, PolicySort};
use crate::{
    format::{brl, date_br},
    i18n::{t, use_i18n},
};

/// The first page of client `client_id`'s policies, for [`ClientPolicies`]. The client's page
/// creates it outside its Suspense: the browser must create resources in the order the server
/// did, or hydration reads another resource's data.
pub fn client_policies(
    client_id: impl Fn() -> Option<i64> + Send + Sync + 'static,
) -> Resource<Result<crate::policies::PolicyPage, crate::error::AppError>> {
    Resource::new(client_id, |client_id| {
        list_policies(PolicyFilter {
            client_id: Some(client_id.unwrap_or(-1)),
            sort: PolicySort::EndsOn,
            page: 1,
            ..PolicyFilter::default()
        })
    })
}

/// The policies of client `client_id`.
#[component]
pub fn ClientPolicies(
    client_id: i64,
    policies: Resource<Result<crate::policies::PolicyPage, crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card mb-3" aria-labelledby="client-policies">
            <div class="card-body">
                <div class="d-flex justify-content-between align-items-center mb-2">
                    <h2 id="client-policies" class="h5 mb-0">{t!(i18n, policy.title)}</h2>
                    <a class="btn btn-sm btn-primary" href=format!("/apolices/nova?cliente={client_id}")>
                        <i class="bi bi-file-earmark-plus me-1" aria-hidden="true"></i>{t!(i18n, policy.new)}
                    </a>
                </div>
                <Transition>
                    {move || Suspend::new(async move {
                        match policies.await {
                            Ok(page) if page.rows.is_empty() => view! {
                                <p class="text-body-secondary mb-0">{t!(i18n, policy.client_none)}</p>
                            }.into_any(),
                            Ok(page) => {
                                let more = page.total > page.rows.len() as i64;
                                view! {
                                    <ul class="list-group list-group-flush">
                                        {page.rows.into_iter().map(|p| {
                                            let status = p.status;
                                            view! {
                                                <li class="list-group-item px-0 d-flex flex-wrap justify-content-between gap-2">
                                                    <span>
                                                        <a href=format!("/apolices/{}", p.id) class="fw-semibold">
                                                            {p.line.clone()} " · " {p.insurer.clone()}
                                                        </a>
                                                        <span class="text-body-secondary small ms-2">
                                                            {labels::number(p.policy_number.as_deref(), p.proposal_number.as_deref())}
                                                        </span>
                                                    </span>
                                                    <span class="text-nowrap">
                                                        {date_br(p.starts_on)} " – " {date_br(p.ends_on)} " · " {brl(p.total_premium)} " "
                                                        <span class=labels::status_badge(status)>{move || labels::status(i18n, status)}</span>
                                                    </span>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    {more.then(|| view! {
                                        <a href=format!("/apolices?cliente={client_id}")>{t!(i18n, policy.client_all)}</a>
                                    })}
                                }.into_any()
                            }
                            Err(_) => view! { <p class="text-danger mb-0">{t!(i18n, policy.load_failed)}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}
