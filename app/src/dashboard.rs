//! Painel (`/`): the brokerage's month at a glance for whoever signs in, limited to the policies
//! of the clients they may see. For a chosen month: prêmio produzido, comissão, nº de vendas,
//! ticket médio, comissão média and taxa de renovação; the policies expiring within 30, 60 and 90
//! days with the soonest ones; prêmio produzido over the last 12 months and by ramo family, as
//! charts drawn on the server.
//!
//! Definitions (also shown on the page):
//! * **Prêmio produzido** of a month: the sum of the prêmio total of the policies *issued* whose
//!   vigência starts in that month. Issued means status vigente, renovada, vencida or cancelada
//!   (a sale cancelled later still counts as produced in its month); quotes and proposals do not.
//!   **Comissão** and **nº de vendas** are the commission sum and the count of the same policies.
//! * **Taxa de renovação** of a month: among the issued policies whose vigência *ended* in that
//!   month (cancelled ones left out), renovadas ÷ (renovadas + not renewed), where not renewed is
//!   vencida, or still vigente after its end date. A policy ending later in the month that is
//!   still in force is not decided yet and counted apart.

use serde::{Deserialize, Serialize};
use time::Date;

pub mod api;
mod chart;
mod expiring;
pub mod month;
mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::DashboardPage;

/// The "expiring within N days" windows, in days.
pub const EXPIRING_WINDOWS: [i64; 3] = [30, 60, 90];

/// How many of the soonest expiring policies the page lists.
pub const SOONEST: i64 = 5;

/// How many months the production chart shows (ending at the chosen month).
pub const HISTORY_MONTHS: usize = 12;

/// The month's figures, in integer centavos and counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kpis {
    /// Prêmio produzido: sum of the prêmio total of the policies issued in the month.
    pub premium: i64,
    /// Sum of the commission of the same policies.
    pub commission: i64,
    /// How many they are (nº de vendas).
    pub sales: i64,
    /// Policies whose vigência ended in the month and were renewed.
    pub renewed: i64,
    /// Policies whose vigência ended in the month without renewal (vencidas, or still vigentes
    /// past their end).
    pub not_renewed: i64,
    /// Policies whose vigência ends later in the month, still in force: not decided yet.
    pub pending: i64,
}

impl Kpis {
    /// Ticket médio: prêmio ÷ vendas in centavos, rounded to the nearest; 0 without sales.
    pub fn average_ticket(&self) -> i64 {
        divide_rounded(i128::from(self.premium), i128::from(self.sales)).unwrap_or(0)
    }

    /// Comissão média: commission ÷ prêmio produzido, in hundredths of a percent; `None`
    /// without premium.
    pub fn commission_rate(&self) -> Option<i64> {
        percent_hundredths(self.commission, self.premium)
    }

    /// Taxa de renovação: renewed ÷ (renewed + not renewed), in hundredths of a percent; `None`
    /// when no vigência ended in the month.
    pub fn renewal_rate(&self) -> Option<i64> {
        percent_hundredths(self.renewed, self.renewed + self.not_renewed)
    }
}

/// `part ÷ whole` as hundredths of a percent (`1 ÷ 2` = 5000), rounded to the nearest; `None`
/// when `whole` is not positive.
pub fn percent_hundredths(part: i64, whole: i64) -> Option<i64> {
    divide_rounded(i128::from(part) * 10_000, i128::from(whole))
}

/// `a ÷ b` rounded half away from zero, for positive `b`.
fn divide_rounded(a: i128, b: i128) -> Option<i64> {
    if b <= 0 {
        return None;
    }
    let rounded = (a.abs() * 2 + b) / (b * 2);
    let signed = if a < 0 { -rounded } else { rounded };
    i64::try_from(signed).ok()
}

/// Prêmio produzido in one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPremium {
    /// The month's first day.
    pub month: Date,
    pub premium: i64,
}

/// Prêmio produzido of one ramo family (`auto`, `vida` …) in the chosen month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyPremium {
    pub family: String,
    pub premium: i64,
}

/// How many policies in force end within `days` days from today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringCount {
    pub days: i64,
    pub count: i64,
}

/// One of the soonest policies to expire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringPolicy {
    pub id: i64,
    pub client_name: String,
    pub insurer: String,
    pub line: String,
    pub ends_on: Date,
    pub total_premium: i64,
}

/// Everything the Painel shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The chosen month's first day.
    pub month: Date,
    /// Today in São Paulo.
    pub today: Date,
    pub kpis: Kpis,
    /// Prêmio produzido in each of the [`HISTORY_MONTHS`] months ending at `month`, oldest first.
    pub history: Vec<MonthPremium>,
    /// Prêmio produzido in `month` by ramo family, largest first.
    pub families: Vec<FamilyPremium>,
    /// One count per [`EXPIRING_WINDOWS`] window.
    pub expiring: Vec<ExpiringCount>,
    /// The [`SOONEST`] policies in force that end first within the widest window.
    pub soonest: Vec<ExpiringPolicy>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_average_ticket_is_premium_over_sales_rounded_and_zero_without_sales() {
        let kpis = Kpis {
            premium: 100_001,
            sales: 2,
            ..Kpis::default()
        };
        assert_eq!(kpis.average_ticket(), 50_001, "50.000,5 centavos rounds up");
        let kpis = Kpis {
            premium: 100_000,
            sales: 3,
            ..Kpis::default()
        };
        assert_eq!(kpis.average_ticket(), 33_333);
        assert_eq!(Kpis::default().average_ticket(), 0);
    }

    #[test]
    fn the_average_commission_is_commission_over_premium_in_hundredths_of_a_percent() {
        let kpis = Kpis {
            premium: 300_000,
            commission: 55_000,
            ..Kpis::default()
        };
        // 18,333…% → 18,33%.
        assert_eq!(kpis.commission_rate(), Some(1_833));
        assert_eq!(Kpis::default().commission_rate(), None);
    }

    #[test]
    fn the_renewal_rate_counts_renewed_over_renewed_and_not_renewed_leaving_pending_aside() {
        let kpis = Kpis {
            renewed: 1,
            not_renewed: 1,
            pending: 5,
            ..Kpis::default()
        };
        assert_eq!(kpis.renewal_rate(), Some(5_000));
        let kpis = Kpis {
            renewed: 2,
            not_renewed: 1,
            ..Kpis::default()
        };
        assert_eq!(kpis.renewal_rate(), Some(6_667));
        let only_pending = Kpis {
            pending: 3,
            ..Kpis::default()
        };
        assert_eq!(only_pending.renewal_rate(), None);
    }

    #[test]
    fn percentages_survive_huge_amounts() {
        assert_eq!(percent_hundredths(i64::MAX, i64::MAX), Some(10_000));
        assert_eq!(percent_hundredths(1, 0), None);
        assert_eq!(percent_hundredths(0, 7), Some(0));
    }
}
