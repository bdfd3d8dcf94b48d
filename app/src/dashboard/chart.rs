//! Bar charts drawn on the server as inline SVG (no script, no CDN): the geometry is computed by
//! plain functions from the data, and the markup is built with `view!`, so every label is text
//! that Leptos escapes. The SVG is decoration for sighted readers (each bar's value shows on
//! hover); the same figures sit beside it in a visually hidden table for screen readers.

use leptos::prelude::*;

use crate::format::{brl, NBSP};

/// One bar: its label (already translated) and its value in centavos.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Datum {
    pub label: String,
    pub value: i64,
}

/// A bar's rectangle in the chart's coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The column chart's coordinate space: width, height, top and bottom of the plot, and where
/// the labels' baseline is.
const COLUMNS_WIDTH: f64 = 720.0;
const COLUMNS_HEIGHT: f64 = 250.0;
const PLOT_TOP: f64 = 12.0;
const PLOT_BOTTOM: f64 = 218.0;
const LABEL_BASELINE: f64 = 240.0;

/// The row chart's coordinate space: width, height of a row, where bars start and the room
/// kept at the right for the value.
const ROWS_WIDTH: f64 = 560.0;
const ROW_HEIGHT: f64 = 34.0;
const ROW_BAR: f64 = 22.0;
const ROWS_LEFT: f64 = 130.0;
const ROWS_VALUE_ROOM: f64 = 110.0;

/// Bootstrap's primary blue, a lighter tint of it, and body-secondary grey for text (each with
/// enough contrast on white for what it is).
const STRONG: &str = "#0d6efd";
const SOFT: &str = "#9ec5fe";
const TEXT: &str = "#495057";

/// The largest value when any is above zero (`None` is the empty state: nothing to draw).
fn scale(values: &[i64]) -> Option<f64> {
    values
        .iter()
        .copied()
        .max()
        .filter(|max| *max > 0)
        .map(|max| max as f64)
}

/// The columns of a vertical bar chart, heights proportional to the values (negative ones
/// drawn as zero); `None` when no value is above zero.
pub fn columns(values: &[i64]) -> Option<Vec<Bar>> {
    let max = scale(values)?;
    let slot = COLUMNS_WIDTH / values.len() as f64;
    let plot = PLOT_BOTTOM - PLOT_TOP;
    Some(
        values
            .iter()
            .enumerate()
            .map(|(i, value)| {
                let height = (*value).max(0) as f64 / max * plot;
                Bar {
                    x: i as f64 * slot + slot * 0.2,
                    y: PLOT_BOTTOM - height,
                    width: slot * 0.6,
                    height,
                }
            })
            .collect(),
    )
}

/// The bars of a horizontal bar chart, one row each, lengths proportional to the values;
/// `None` when no value is above zero.
pub fn rows(values: &[i64]) -> Option<Vec<Bar>> {
    let max = scale(values)?;
    let room = ROWS_WIDTH - ROWS_LEFT - ROWS_VALUE_ROOM;
    Some(
        values
            .iter()
            .enumerate()
            .map(|(i, value)| Bar {
                x: ROWS_LEFT,
                y: i as f64 * ROW_HEIGHT + (ROW_HEIGHT - ROW_BAR) / 2.0,
                width: (*value).max(0) as f64 / max * room,
                height: ROW_BAR,
            })
            .collect(),
    )
}

/// Centavos as a short amount for a chart: `R$ 950`, `R$ 12,3 mil`, `R$ 1,2 mi` (no-break
/// spaces, rounded to the nearest shown digit).
pub fn brl_short(centavos: i64) -> String {
    let sign = if centavos < 0 { "-" } else { "" };
    let abs = centavos.unsigned_abs();
    let reais = abs.saturating_add(50) / 100;
    if reais < 1_000 {
        return format!("{sign}R${NBSP}{reais}");
    }
    let hundreds = abs.saturating_add(5_000) / 10_000;
    if hundreds < 10_000 {
        return format!("{sign}R${NBSP}{}{NBSP}mil", tenths(hundreds));
    }
    let millions = abs.saturating_add(5_000_000) / 10_000_000;
    format!("{sign}R${NBSP}{}{NBSP}mi", tenths(millions))
}

/// `123` tenths as `12,3`, `120` as `12`, with dots between thousands.
fn tenths(n: u64) -> String {
    let (whole, fraction) = (n / 10, n % 10);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    if fraction == 0 {
        grouped
    } else {
        format!("{grouped},{fraction}")
    }
}

/// A coordinate as SVG takes it.
fn n(value: f64) -> String {
    format!("{value:.1}")
}

/// What a chart is about: the hidden table's caption and column headers, and the sentence
/// shown instead of the chart when there is nothing to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartText {
    pub caption: String,
    pub label_header: String,
    pub value_header: String,
    pub empty: String,
}

/// The figures of a chart as a table only screen readers see.
#[component]
fn HiddenTable(text: ChartText, data: Vec<Datum>) -> impl IntoView {
    let rows = data
        .into_iter()
        .map(|d| view! { <tr><th scope="row">{d.label}</th><td>{brl(d.value)}</td></tr> })
        .collect_view();
    view! {
        <table class="visually-hidden">
            <caption>{text.caption}</caption>
            <thead><tr><th scope="col">{text.label_header}</th><th scope="col">{text.value_header}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A vertical bar chart of `data` (the bar at `highlight` in the strong colour), or the empty
/// state when no value is above zero.
#[component]
pub fn ColumnChart(data: Vec<Datum>, highlight: Option<usize>, text: ChartText) -> impl IntoView {
    let values: Vec<i64> = data.iter().map(|d| d.value).collect();
    let Some(bars) = columns(&values) else {
        return view! { <p class="text-body-secondary mb-0">{text.empty}</p> }.into_any();
    };
    let drawn = data
        .iter()
        .zip(bars)
        .enumerate()
        .map(|(i, (d, bar))| {
            let fill = if Some(i) == highlight { STRONG } else { SOFT };
            let tip = format!("{}: {}", d.label, brl_short(d.value));
            let middle = n(bar.x + bar.width / 2.0);
            view! {
                <g>
                    <title>{tip}</title>
                    <rect x=n(bar.x) y=n(bar.y) width=n(bar.width) height=n(bar.height) fill=fill></rect>
                    <text x=middle y=n(LABEL_BASELINE) text-anchor="middle" font-size="13" fill=TEXT>{d.label.clone()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="d-block w-100 h-auto" viewBox=format!("0 0 {COLUMNS_WIDTH} {COLUMNS_HEIGHT}")
            aria-hidden="true" focusable="false">
            <line x1="0" y1=n(PLOT_BOTTOM) x2=n(COLUMNS_WIDTH) y2=n(PLOT_BOTTOM) stroke=TEXT stroke-width="1"></line>
            {drawn}
        </svg>
        <HiddenTable text data />
    }
    .into_any()
}

/// A horizontal bar chart of `data`, one row per datum with its label and short value, or the
/// empty state when no value is above zero.
#[component]
pub fn RowChart(data: Vec<Datum>, text: ChartText) -> impl IntoView {
    let values: Vec<i64> = data.iter().map(|d| d.value).collect();
    let Some(bars) = rows(&values) else {
        return view! { <p class="text-body-secondary mb-0">{text.empty}</p> }.into_any();
    };
    let height = data.len() as f64 * ROW_HEIGHT;
    let drawn = data
        .iter()
        .zip(bars)
        .map(|(d, bar)| {
            let short = brl_short(d.value);
            let tip = format!("{}: {short}", d.label);
            let baseline = n(bar.y + bar.height / 2.0 + 5.0);
            view! {
                <g>
                    <title>{tip}</title>
                    <text x=n(ROWS_LEFT - 8.0) y=baseline.clone() text-anchor="end" font-size="14" fill=TEXT>{d.label.clone()}</text>
                    <rect x=n(bar.x) y=n(bar.y) width=n(bar.width) height=n(bar.height) fill=STRONG></rect>
                    <text x=n(bar.x + bar.width + 6.0) y=baseline font-size="14" fill=TEXT>{short}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="d-block w-100 h-auto" viewBox=format!("0 0 {ROWS_WIDTH} {height}")
            aria-hidden="true" focusable="false">
            {drawn}
        </svg>
        <HiddenTable text data />
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> ChartText {
        ChartText {
            caption: "Prêmio".into(),
            label_header: "Mês".into(),
            value_header: "Valor".into(),
            empty: "Nada a mostrar".into(),
        }
    }

    #[test]
    fn column_heights_are_proportional_to_the_values_and_share_one_baseline() {
        let bars = columns(&[100, 50, 0, 25]).unwrap();
        assert_eq!(bars.len(), 4);
        let full = PLOT_BOTTOM - PLOT_TOP;
        assert!((bars[0].height - full).abs() < 1e-9);
        assert!((bars[1].height - full / 2.0).abs() < 1e-9);
        assert!(bars[2].height.abs() < 1e-9);
        assert!((bars[3].height - full / 4.0).abs() < 1e-9);
        for bar in &bars {
            assert!((bar.y + bar.height - PLOT_BOTTOM).abs() < 1e-9);
        }
        assert!(bars[0].x < bars[1].x && bars[3].x + bars[3].width <= COLUMNS_WIDTH);
    }

    #[test]
    fn row_lengths_are_proportional_and_rows_do_not_overlap() {
        let bars = rows(&[300, 100]).unwrap();
        assert!((bars[0].width - 3.0 * bars[1].width).abs() < 1e-9);
        assert!(bars[0].y + bars[0].height <= bars[1].y);
        assert!(bars[0].x + bars[0].width + ROWS_VALUE_ROOM <= ROWS_WIDTH + 1e-9);
    }

    #[test]
    fn no_positive_value_is_the_empty_state() {
        assert_eq!(columns(&[]), None);
        assert_eq!(columns(&[0, 0, 0]), None);
        assert_eq!(rows(&[0, -5]), None);
        let html = view! { <ColumnChart data=vec![Datum { label: "jan/26".into(), value: 0 }] highlight=None text=text() /> }
            .to_html();
        assert!(html.contains("Nada a mostrar"), "{html}");
        assert!(!html.contains("<svg"), "{html}");
    }

    #[test]
    fn labels_are_escaped_text_in_the_svg_and_the_hidden_table() {
        let hostile = "<script>alert(1)</script>&\"";
        let data = vec![
            Datum {
                label: hostile.into(),
                value: 1_234_500,
            },
            Datum {
                label: "fev/26".into(),
                value: 0,
            },
        ];
        let html =
            view! { <ColumnChart data=data.clone() highlight=Some(0) text=text() /> }.to_html();
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;"),
            "{html}"
        );
        assert!(html.contains("<svg"), "{html}");
        assert!(
            html.contains("R$\u{a0}12,3\u{a0}mil"),
            "hover value: {html}"
        );
        assert!(html.contains("R$\u{a0}12.345,00"), "table value: {html}");
        assert!(html.contains(r#"class="visually-hidden""#), "{html}");
        let html = view! { <RowChart data text=text() /> }.to_html();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn short_amounts_read_in_reais_thousands_or_millions() {
        assert_eq!(brl_short(0), "R$\u{a0}0");
        assert_eq!(brl_short(95_049), "R$\u{a0}950");
        assert_eq!(brl_short(99_950), "R$\u{a0}1\u{a0}mil");
        assert_eq!(brl_short(1_234_500), "R$\u{a0}12,3\u{a0}mil");
        assert_eq!(brl_short(1_200_000), "R$\u{a0}12\u{a0}mil");
        assert_eq!(brl_short(99_995_000), "R$\u{a0}1\u{a0}mi");
        assert_eq!(brl_short(12_345_678_900), "R$\u{a0}123,5\u{a0}mi");
        assert_eq!(brl_short(123_400_000_000), "R$\u{a0}1.234\u{a0}mi");
        assert_eq!(brl_short(-1_234_500), "-R$\u{a0}12,3\u{a0}mil");
        assert!(brl_short(i64::MIN).ends_with("mi"));
    }
}
