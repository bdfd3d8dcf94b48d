//! Comissões (`/comissoes`): the brokerage's commission report. For a month, what the
//! instalments due in it were expected to pay, what of that was received, the estornos and the
//! net, by producer, insurer and ramo, beside what statements paid during the month whatever
//! the due date; and the aging of unpaid commissions in 30-day buckets. A commission is seen by
//! whoever may see its policy's client (so producers see their own money); the month's rows
//! download as a pt-BR CSV (`/comissoes/exportar.csv?mes=aaaa-mm`).

use serde::{Deserialize, Serialize};
use time::Date;

mod aging;
mod aging_section;
pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
mod groups;
mod month;
mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod report;
#[cfg(feature = "ssr")]
pub mod service;

pub use aging::{days_overdue, AgingBucket};
pub use month::Month;
pub use page::CommissionsPage;

/// Most overdue commissions one bucket's list shows.
pub const AGING_LIST_LIMIT: usize = 500;

/// Sums of commission rows, in centavos.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sums {
    /// Instalments' commission (what was expected).
    pub expected: i64,
    /// Of those, what was written off as received.
    pub received: i64,
    /// Chargebacks (negative).
    pub estornos: i64,
}

impl Sums {
    /// Expected plus estornos: what the rows are worth in the end.
    pub fn net(self) -> i64 {
        self.expected + self.estornos
    }

    /// Adds `other` to these sums.
    pub fn add(&mut self, other: Sums) {
        self.expected += other.expected;
        self.received += other.received;
        self.estornos += other.estornos;
    }
}

/// One line of a grouped table: a producer, an insurer or a ramo, and its sums.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// `None`: policies with no producer.
    pub id: Option<i64>,
    pub name: Option<String>,
    /// The ramo's SUSEP code (ramos only).
    pub code: Option<String>,
    pub sums: Sums,
}

/// The month's report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthReport {
    /// The month shown (today's when the address asked for none or for a bad one).
    pub month: Month,
    /// Today's month in São Paulo.
    pub current: Month,
    /// Commission rows due in the month.
    pub totals: Sums,
    /// Commission rows received in the month, whatever their due date (what the bank saw).
    pub received_in_month: i64,
    pub received_in_month_count: i64,
    pub by_producer: Vec<Group>,
    pub by_insurer: Vec<Group>,
    pub by_line: Vec<Group>,
}

/// How many unpaid commissions a bucket holds and what they add up to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketSum {
    pub bucket: AgingBucket,
    pub count: i64,
    pub amount: i64,
}

/// An overdue commission of an instalment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueEntry {
    pub policy_id: i64,
    pub policy_number: Option<String>,
    pub proposal_number: Option<String>,
    pub client_id: i64,
    pub client_name: String,
    pub insurer: String,
    pub installment: i64,
    pub due_on: Date,
    pub amount: i64,
    pub days_overdue: i64,
}

/// The aging of unpaid commissions, with one bucket's list when one is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgingReport {
    /// São Paulo's today, which the days overdue count from.
    pub today: Date,
    /// Every bucket, from the most recent, empty ones included.
    pub buckets: Vec<BucketSum>,
    pub open: Option<AgingBucket>,
    /// The open bucket's commissions, oldest first (at most [`AGING_LIST_LIMIT`]).
    pub entries: Vec<OverdueEntry>,
    /// Whether the open bucket held more than the list shows.
    pub truncated: bool,
}
