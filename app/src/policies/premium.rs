//! Premium and commission arithmetic, in integer centavos (DOMAIN.md, "Premium and commission
//! arithmetic"): prêmio total = líquido + adicional de fracionamento + custo de apólice + IOF;
//! IOF at the ramo's rate over everything but itself; commission a percentage of the prêmio
//! líquido, expected in as many instalments as the premium is paid in; an estorno of the part
//! not yet earned when an issued policy is cancelled. Pure code: the form runs it as you type
//! and the server runs it again before saving.

use time::{Date, Month};

use crate::br::Rate;

/// A premium broken down, as stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Premium {
    pub net: i64,
    pub installment_fee: i64,
    pub policy_fee: i64,
    pub iof: i64,
    pub total: i64,
    pub commission: i64,
}

impl Premium {
    /// The breakdown of a premium. `iof` is taken as given when present, else computed at
    /// `iof_rate` over líquido + fracionamento + custo de apólice.
    pub fn compute(
        net: i64,
        installment_fee: i64,
        policy_fee: i64,
        iof: Option<i64>,
        iof_rate: Rate,
        commission_rate: Rate,
    ) -> Self {
        let iof = iof.unwrap_or_else(|| iof_rate.of(net + installment_fee + policy_fee));
        Self {
            net,
            installment_fee,
            policy_fee,
            iof,
            total: net + installment_fee + policy_fee + iof,
            commission: commission_rate.of(net),
        }
    }
}

/// `amount` split into `parts` instalments that add up to it exactly: equal parts, the
/// centavos left over on the first ones.
pub fn split(amount: i64, parts: i64) -> Vec<i64> {
    if parts <= 0 {
        return Vec::new();
    }
    let (base, rest) = (amount.div_euclid(parts), amount.rem_euclid(parts));
    (0..parts).map(|i| base + i64::from(i < rest)).collect()
}

/// `date` moved `months` calendar months ahead, on the same day or the month's last one
/// (31/01 + 1 month = 28/02 or 29/02).
pub fn add_months(date: Date, months: i64) -> Date {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + months;
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(date.year());
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1))
        .unwrap_or(Month::January);
    let last = month.length(year);
    Date::from_calendar_date(year, month, date.day().min(last)).unwrap_or(date)
}

/// When each instalment's commission is due: the first at the start of the vigência, then
/// monthly.
pub fn due_dates(starts_on: Date, installments: i64) -> Vec<Date> {
    (0..installments.max(0))
        .map(|k| add_months(starts_on, k))
        .collect()
}

/// The commission earned by a policy running `starts_on`..`ends_on` that is cancelled on
/// `cancelled_on`: pro rata of the days it ran — nothing when cancelled before the vigência
/// started, all of it on or after its end.
pub fn earned(commission: i64, starts_on: Date, ends_on: Date, cancelled_on: Date) -> i64 {
    let total_days = (ends_on - starts_on).whole_days();
    if total_days <= 0 || cancelled_on >= ends_on {
        return commission;
    }
    let ran = (cancelled_on.max(starts_on) - starts_on).whole_days();
    let earned = (i128::from(commission) * i128::from(ran) + i128::from(total_days) / 2)
        / i128::from(total_days);
    i64::try_from(earned).unwrap_or(commission)
}

/// The chargeback when a cancelled policy earned `earned` but its instalments due until the
/// cancellation (the later ones are dropped: the insurer stops paying them) add up to `kept`:
/// the difference, as a negative amount, or nothing when it earned at least that much.
pub fn estorno(earned: i64, kept: i64) -> i64 {
    (earned - kept).min(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn rate(h: i64) -> Rate {
        Rate::from_hundredths(h)
    }

    #[test]
    fn total_adds_net_fees_and_iof_computed_at_the_ramos_rate() {
        // Auto: R$ 2.000,00 líquido + R$ 80,00 fracionamento + R$ 60,00 custo, IOF 7,38%.
        let p = Premium::compute(200_000, 8_000, 6_000, None, rate(738), rate(2000));
        assert_eq!(p.iof, 15_793); // 7,38% of R$ 2.140,00 = R$ 157,932.
        assert_eq!(p.total, 200_000 + 8_000 + 6_000 + 15_793);
        assert_eq!(p.commission, 40_000); // 20% of the líquido only.
    }

    #[test]
    fn an_iof_typed_by_hand_wins_over_the_computed_one() {
        let p = Premium::compute(100_000, 0, 0, Some(1_234), rate(738), rate(1000));
        assert_eq!(p.iof, 1_234);
        assert_eq!(p.total, 101_234);
        assert_eq!(p.commission, 10_000);
    }

    #[test]
    fn life_iof_is_0_38_percent() {
        let p = Premium::compute(50_000, 0, 0, None, rate(38), rate(3000));
        assert_eq!(p.iof, 190);
        assert_eq!(p.total, 50_190);
    }

    #[test]
    fn split_adds_up_exactly_with_the_leftover_centavos_first() {
        assert_eq!(split(1_000, 3), vec![334, 333, 333]);
        assert_eq!(split(40_000, 10), vec![4_000; 10]);
        assert_eq!(split(5, 1), vec![5]);
        assert_eq!(split(-10, 3), vec![-3, -3, -4]);
        for (amount, parts) in [(12_345, 7), (1, 12), (0, 4), (99_999_999, 11)] {
            assert_eq!(split(amount, parts).iter().sum::<i64>(), amount);
            assert_eq!(split(amount, parts).len(), parts as usize);
        }
        assert!(split(100, 0).is_empty());
    }

    #[test]
    fn adding_months_keeps_the_day_or_falls_on_the_months_last_day() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2028 - 01 - 31), 1), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 11 - 15), 3), date!(2027 - 02 - 15));
        assert_eq!(add_months(date!(2026 - 03 - 10), 0), date!(2026 - 03 - 10));
        assert_eq!(add_months(date!(2026 - 03 - 10), -3), date!(2025 - 12 - 10));
    }

    #[test]
    fn instalment_commissions_fall_due_monthly_from_the_start() {
        assert_eq!(
            due_dates(date!(2026 - 01 - 31), 3),
            vec![
                date!(2026 - 01 - 31),
                date!(2026 - 02 - 28),
                date!(2026 - 03 - 31)
            ]
        );
    }

    #[test]
    fn a_cancelled_policy_earns_its_commission_pro_rata_of_the_days_it_ran() {
        // 365 days; cancelled after 73: 73/365 of R$ 365,00.
        let (start, end) = (date!(2026 - 01 - 01), date!(2027 - 01 - 01));
        assert_eq!(earned(36_500, start, end, date!(2026 - 03 - 15)), 7_300);
        assert_eq!(earned(36_500, start, end, start), 0);
        assert_eq!(earned(36_500, start, end, date!(2025 - 12 - 01)), 0);
        assert_eq!(earned(36_500, start, end, end), 36_500);
        assert_eq!(earned(0, start, end, date!(2026 - 06 - 01)), 0);
    }

    #[test]
    fn the_estorno_takes_back_what_the_kept_instalments_pay_beyond_what_was_earned() {
        // Earned R$ 80 but three instalments of R$ 100 were due: R$ 220 goes back.
        assert_eq!(estorno(8_000, 30_000), -22_000);
        // Earned more than was due: nothing goes back.
        assert_eq!(estorno(30_000, 20_000), 0);
        assert_eq!(estorno(0, 0), 0);
    }
}
