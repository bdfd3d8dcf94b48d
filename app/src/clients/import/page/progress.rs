//! The progress of a running import (or revert): a labelled progress bar and the counts so far.
//! Hydrated, the page asks again every second; without JavaScript the browser reloads it every
//! two seconds (a refresh inside `<noscript>`, which browsers with JavaScript ignore).

use leptos::prelude::*;

use crate::{
    clients::import::{ImportStatus, ImportSummary},
    i18n::{t, t_string, use_i18n, Locale},
};

/// A count written the way the reader's language groups thousands.
pub fn number(i18n: leptos_i18n::I18nContext<Locale>, value: i64) -> String {
    let separator = match i18n.get_locale() {
        Locale::en => ',',
        _ => '.',
    };
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if value < 0 {
        out.insert(0, '-');
    }
    out
}

/// Asks for the page's data again in a second (in the browser; nothing on the server).
pub fn poll_again(ticks: RwSignal<u32>) {
    #[cfg(feature = "hydrate")]
    set_timeout(
        move || ticks.update(|t| *t = t.wrapping_add(1)),
        std::time::Duration::from_secs(1),
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = ticks;
}

/// Percentage of `done` in `total` (0 when there is nothing to do).
pub fn percent(done: i64, total: i64) -> i64 {
    if total <= 0 {
        return 0;
    }
    (done.clamp(0, total) * 100) / total
}

/// The progress bar and counts.
#[component]
pub fn Progress(summary: ImportSummary) -> impl IntoView {
    let i18n = use_i18n();
    let reverting = summary.status == ImportStatus::Reverting;
    let (done, total) = if reverting {
        (
            summary.reverted_rows + summary.kept_count,
            summary.created_count + summary.updated_count,
        )
    } else {
        (summary.done_rows, summary.total_rows)
    };
    let pct = percent(done, total);
    let label = move || {
        if reverting {
            t_string!(i18n, import.progress_revert_label).to_string()
        } else {
            t_string!(i18n, import.progress_label).to_string()
        }
    };
    view! {
        <div inner_html=r#"<noscript><meta http-equiv="refresh" content="2"></noscript>"#></div>
        <section class="card mb-4" aria-labelledby="progress-heading">
            <div class="card-body">
                <h2 id="progress-heading" class="h5">{label}</h2>
                <div class="progress mb-2" role="progressbar" style="height: 1.5rem"
                    aria-label=label aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct>
                    <div class="progress-bar progress-bar-striped progress-bar-animated"
                        style=format!("width: {pct}%")>{format!("{pct}%")}</div>
                </div>
                <p class="mb-0" role="status">
                    {move || format!("{} {} {} {}", number(i18n, done), t_string!(i18n, import.of), number(i18n, total), t_string!(i18n, import.lines))}
                </p>
                {(!reverting).then(|| view! {
                    <p class="small text-body-secondary mb-0">
                        {t!(i18n, import.created)} ": " {move || number(i18n, summary.created_count)} " · "
                        {t!(i18n, import.updated)} ": " {move || number(i18n, summary.updated_count)} " · "
                        {t!(i18n, import.not_imported)} ": "
                        {move || number(i18n, summary.skipped_count + summary.invalid_count)}
                    </p>
                })}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percent_is_whole_and_bounded() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(340, 1000), 34);
        assert_eq!(percent(1000, 1000), 100);
        assert_eq!(percent(1200, 1000), 100);
        assert_eq!(percent(-3, 1000), 0);
    }
}
