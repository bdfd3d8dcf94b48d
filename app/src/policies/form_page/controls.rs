//! The controls of the policy form, shared by the new and edit pages, drawn once from the
//! initial values (an error only adds messages, so nothing typed is lost). Hydrated, one input
//! listener on the form keeps the live total and commission and the insured-item sections in
//! step with what is typed.

use leptos::{prelude::*, wasm_bindgen::JsCast, web_sys};

use crate::{
    br::{Money, Rate},
    error::AppError,
    format::brl,
    i18n::{t, t_string, use_i18n},
    policies::{labels, premium::Premium, FormOptions, PolicyInput, PolicyStatus},
    ui::fields::{hydrated, Field, SelectField, TextAreaField},
};

/// The save button (off while saving) and the way back.
#[component]
pub fn Buttons(pending: Memo<bool>, cancel: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="d-flex gap-2 mt-4">
            <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                <i class="bi bi-check-lg me-1" aria-hidden="true"></i>{t!(i18n, policy.save)}
            </button>
            <a href=cancel class="btn btn-link">{t!(i18n, cancel)}</a>
        </div>
    }
}

/// What the person typed so far, for the live figures.
#[derive(Clone, Copy)]
struct Typed {
    line: RwSignal<String>,
    net: RwSignal<String>,
    fee: RwSignal<String>,
    policy_fee: RwSignal<String>,
    iof: RwSignal<String>,
    rate: RwSignal<String>,
    item: RwSignal<String>,
}

impl Typed {
    fn new(v: &PolicyInput) -> Self {
        let s = |o: &Option<String>| RwSignal::new(o.clone().unwrap_or_default());
        Self {
            line: RwSignal::new(v.line_id.clone()),
            net: RwSignal::new(v.net_premium.clone()),
            fee: s(&v.installment_fee),
            policy_fee: s(&v.policy_fee),
            iof: s(&v.iof),
            rate: RwSignal::new(v.commission_rate.clone()),
            item: s(&v.item_kind),
        }
    }

    /// Follows an edited control (by its form name).
    fn set(&self, name: &str, value: String) {
        let field = name.trim_start_matches("policy[").trim_end_matches(']');
        let signal = match field {
            "line_id" => self.line,
            "net_premium" => self.net,
            "installment_fee" => self.fee,
            "policy_fee" => self.policy_fee,
            "iof" => self.iof,
            "commission_rate" => self.rate,
            "item_kind" => self.item,
            _ => return,
        };
        signal.set(value);
    }
}

/// The live premium: `None` until the prêmio líquido reads as money.
pub fn live_premium(
    net: &str,
    fee: &str,
    policy_fee: &str,
    iof: &str,
    iof_rate: i64,
    rate: &str,
) -> Option<Premium> {
    let optional = |raw: &str| match raw.trim() {
        "" => Some(None),
        raw => Money::parse(raw).ok().map(|m| Some(m.centavos())),
    };
    let net = Money::parse(net).ok()?.centavos();
    let rate = match rate.trim() {
        "" => Rate::default(),
        raw => Rate::parse(raw).ok()?,
    };
    Some(Premium::compute(
        net,
        optional(fee)?.unwrap_or(0),
        optional(policy_fee)?.unwrap_or(0),
        optional(iof)?,
        Rate::from_hundredths(iof_rate),
        rate,
    ))
}

/// Proposes the vigência end one year after its start when the end is still blank.
fn propose_end(start: &str) {
    let Some(start) = crate::audit::parse_date(start) else {
        return;
    };
    let Some(end) = document()
        .get_element_by_id("policy-ends-on")
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    if end.value().is_empty() {
        let next = crate::policies::premium::add_months(start, 12);
        end.set_value(&format!(
            "{:04}-{:02}-{:02}",
            next.year(),
            u8::from(next.month()),
            next.day()
        ));
    }
}

/// Every control of the policy form. `locked_status` is a status the form may not change
/// (renewed, cancelled, expired): shown, and posted back as it is.
#[component]
pub fn PolicyControls(
    values: PolicyInput,
    options: FormOptions,
    error: Signal<Option<AppError>>,
    locked_status: Option<PolicyStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let typed = Typed::new(&values);
    let hydrated = hydrated();
    let lines = options.lines.clone();
    let figures = move || {
        let rate = lines
            .iter()
            .find(|l| l.id.to_string() == typed.line.get())
            .map_or(0, |l| l.iof_rate);
        live_premium(
            &typed.net.get(),
            &typed.fee.get(),
            &typed.policy_fee.get(),
            &typed.iof.get(),
            rate,
            &typed.rate.get(),
        )
    };
    let on_input = move |ev: web_sys::Event| {
        let Some(target) = ev.target() else { return };
        let (name, value) = if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
            (input.name(), input.value())
        } else if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
            (select.name(), select.value())
        } else {
            return;
        };
        if name == "policy[starts_on]" {
            propose_end(&value);
        }
        typed.set(&name, value);
    };
    let label = move |text: &'static str| {
        Signal::derive(move || crate::policies::labels::field(i18n, text))
    };
    let v = values.clone();
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    let hide = move |kind: &'static str| move || hydrated.get() && typed.item.get() != kind;
    // Each part is type-erased: the whole form as one type is too deep for the compiler.
    let policy_part = view! {
            <fieldset class="mb-3">
                <legend class="h5">{t!(i18n, policy.section_policy)}</legend>
                <div class="row">
                    <SelectField id="policy-insurer" name="policy[insurer_id]" error_key="insurer_id" label=label("insurer") error class="col-md-6 mb-3">
                        <option value="">{t!(i18n, policy.choose)}</option>
                        {options.insurers.iter().map(|i| view! {
                            <option value=i.id selected=i.id.to_string() == v.insurer_id>{i.name.clone()}</option>
                        }).collect_view()}
                    </SelectField>
                    <SelectField id="policy-line" name="policy[line_id]" error_key="line_id" label=label("line") error class="col-md-6 mb-3">
                        <option value="">{t!(i18n, policy.choose)}</option>
                        {options.lines.iter().map(|l| view! {
                            <option value=l.id selected=l.id.to_string() == v.line_id>{format!("{} · {} ({})", l.name, l.susep_code, Rate::from_hundredths(l.iof_rate).display())}</option>
                        }).collect_view()}
                    </SelectField>
                    <Field id="policy-product" name="policy[product]" error_key="product" label=label("product") error value=text(&v.product) class="col-md-4 mb-3" />
                    <Field id="policy-proposal" name="policy[proposal_number]" error_key="proposal_number" label=label("proposal_number") error value=text(&v.proposal_number) class="col-md-4 mb-3" />
                    <Field id="policy-number" name="policy[policy_number]" error_key="policy_number" label=label("policy_number") error value=text(&v.policy_number) class="col-md-4 mb-3" />
                    {match locked_status {
                        Some(status) => view! {
                            <div class="col-md-4 mb-3">
                                <span class="form-label d-block">{t!(i18n, policy.status)}</span>
                                <span class=labels::status_badge(status)>{move || labels::status(i18n, status)}</span>
                                <input type="hidden" name="policy[status]" value=status.as_str() />
                            </div>
                        }.into_any(),
                        None => view! {
                            <SelectField id="policy-status" name="policy[status]" error_key="status" label=label("status") error class="col-md-4 mb-3">
                                {PolicyStatus::EDITABLE.into_iter().map(|s| view! {
                                    <option value=s.as_str() selected=s.as_str() == v.status>{move || labels::status(i18n, s)}</option>
                                }).collect_view()}
                            </SelectField>
                        }.into_any(),
                    }}
                    <Field id="policy-starts-on" name="policy[starts_on]" error_key="starts_on" label=label("starts_on") error kind="date" value=v.starts_on.clone() class="col-md-4 mb-3" required=true />
                    <Field id="policy-ends-on" name="policy[ends_on]" error_key="ends_on" label=label("ends_on") error kind="date" value=v.ends_on.clone() class="col-md-4 mb-3" required=true />
                    <SelectField id="policy-owner" name="policy[owner_id]" error_key="owner_id" label=label("owner") error class="col-md-6 mb-3">
                        <option value="">{t!(i18n, policy.owner_me)}</option>
                        {options.owners.iter().map(|(id, name)| view! {
                            <option value=*id selected=v.owner_id.as_deref() == Some(id.to_string().as_str())>{name.clone()}</option>
                        }).collect_view()}
                    </SelectField>
                </div>
            </fieldset>
    }
    .into_any();
    let money_part = view! {
            <fieldset class="mb-3">
                <legend class="h5">{t!(i18n, policy.section_money)}</legend>
                <div class="row">
                    <Field id="policy-net" name="policy[net_premium]" error_key="net_premium" label=label("net_premium") error value=v.net_premium.clone() inputmode="decimal" class="col-md-4 mb-3" required=true
                        help=Signal::derive(move || t_string!(i18n, policy.money_help).to_string()) />
                    <Field id="policy-fee" name="policy[installment_fee]" error_key="installment_fee" label=label("installment_fee") error value=text(&v.installment_fee) inputmode="decimal" class="col-md-4 mb-3" />
                    <Field id="policy-policy-fee" name="policy[policy_fee]" error_key="policy_fee" label=label("policy_fee") error value=text(&v.policy_fee) inputmode="decimal" class="col-md-4 mb-3" />
                    <Field id="policy-iof" name="policy[iof]" error_key="iof" label=label("iof") error value=text(&v.iof) inputmode="decimal" class="col-md-4 mb-3"
                        help=Signal::derive(move || t_string!(i18n, policy.iof_help).to_string()) />
                    <SelectField id="policy-installments" name="policy[installments]" error_key="installments" label=label("installments") error class="col-md-4 mb-3">
                        {(1..=12).map(|n| view! { <option value=n selected=n.to_string() == v.installments>{n}</option> }).collect_view()}
                    </SelectField>
                    <Field id="policy-rate" name="policy[commission_rate]" error_key="commission_rate" label=label("commission_rate") error value=v.commission_rate.clone() inputmode="decimal" class="col-md-4 mb-3" />
                </div>
                <div class="alert alert-light border" aria-live="polite">
                    {move || match (hydrated.get(), figures()) {
                        (true, Some(p)) => view! {
                            <span>{t!(i18n, policy.total_premium)} ": " <strong>{brl(p.total)}</strong>
                            " · IOF " {brl(p.iof)} " · " {t!(i18n, policy.commission)} ": " <strong>{brl(p.commission)}</strong></span>
                        }.into_any(),
                        _ => view! { <span>{t!(i18n, policy.live_help)}</span> }.into_any(),
                    }}
                </div>
            </fieldset>
    }
    .into_any();
    let item_part = view! {
            <fieldset class="mb-3">
                <legend class="h5">{t!(i18n, policy.item)}</legend>
                <SelectField id="policy-item-kind" name="policy[item_kind]" error_key="item_kind" label=Signal::derive(move || t_string!(i18n, policy.item_kind).to_string()) error class="mb-3">
                    <option value="">{t!(i18n, policy.item_none)}</option>
                    <option value="vehicle" selected=v.item_kind.as_deref() == Some("vehicle")>{t!(i18n, policy.item_vehicle)}</option>
                    <option value="property" selected=v.item_kind.as_deref() == Some("property")>{t!(i18n, policy.item_property)}</option>
                </SelectField>
                <div class="row" hidden=hide("vehicle")>
                    <Field id="policy-plate" name="policy[vehicle_plate]" error_key="vehicle_plate" label=label("vehicle_plate") error value=text(&v.vehicle_plate) class="col-md-3 mb-3" />
                    <Field id="policy-chassis" name="policy[vehicle_chassis]" error_key="vehicle_chassis" label=label("vehicle_chassis") error value=text(&v.vehicle_chassis) class="col-md-5 mb-3" />
                    <Field id="policy-year" name="policy[vehicle_year]" error_key="vehicle_year" label=label("vehicle_year") error value=text(&v.vehicle_year) inputmode="numeric" class="col-md-2 mb-3" />
                    <Field id="policy-bonus" name="policy[bonus_class]" error_key="bonus_class" label=label("bonus_class") error value=text(&v.bonus_class) inputmode="numeric" class="col-md-2 mb-3" />
                    <Field id="policy-model" name="policy[vehicle_model]" error_key="vehicle_model" label=label("vehicle_model") error value=text(&v.vehicle_model) class="col-12 mb-3" />
                </div>
                <div class="row" hidden=hide("property")>
                    <Field id="policy-cep" name="policy[property_cep]" error_key="property_cep" label=label("property_cep") error value=text(&v.property_cep) inputmode="numeric" class="col-md-3 mb-3" />
                    <Field id="policy-address" name="policy[property_address]" error_key="property_address" label=label("property_address") error value=text(&v.property_address) class="col-md-9 mb-3" />
                </div>
            </fieldset>
    }
    .into_any();
    view! {
        <div on:input=on_input on:change=on_input>
            {policy_part}
            {money_part}
            {item_part}
            <TextAreaField id="policy-notes" name="policy[notes]" error_key="notes" label=label("notes") error value=text(&v.notes) />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_premium_follows_what_is_typed_and_waits_for_a_valid_net_premium() {
        let p = live_premium("2.000,00", "80", "60,00", "", 738, "20").unwrap();
        assert_eq!((p.iof, p.total, p.commission), (15_793, 229_793, 40_000));
        assert_eq!(live_premium("", "", "", "", 738, "20"), None);
        assert_eq!(live_premium("abc", "", "", "", 738, "20"), None);
        assert_eq!(live_premium("100", "x", "", "", 738, "20"), None);
        assert_eq!(
            live_premium("100", "", "", "1,00", 738, "").unwrap().total,
            10_100
        );
    }
}
