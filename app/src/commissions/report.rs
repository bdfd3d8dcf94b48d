//! Folding what the database sums into the report's tables: the month's sums come once per
//! (producer, insurer, ramo), and each table adds them up along one of the three; the overdue
//! sums come once per due date and fall into the aging buckets.

use std::collections::BTreeMap;

use time::Date;

use super::{days_overdue, AgingBucket, BucketSum, Group, Sums};

/// The month's sums of one producer, insurer and ramo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub insurer_id: i64,
    pub insurer: String,
    pub line_id: i64,
    pub line_code: String,
    pub line: String,
    pub sums: Sums,
}

/// The month's tables: totals, by producer, by insurer and by ramo.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tables {
    pub totals: Sums,
    pub by_producer: Vec<Group>,
    pub by_insurer: Vec<Group>,
    pub by_line: Vec<Group>,
}

/// Adds `cells` up along `key` (id, name, code); groups sorted by name, the one without an id
/// (no producer) last.
fn group_by(cells: &[Cell], key: impl Fn(&Cell) -> Group) -> Vec<Group> {
    let mut groups: BTreeMap<Option<i64>, Group> = BTreeMap::new();
    for cell in cells {
        let group = key(cell);
        groups
            .entry(group.id)
            .or_insert(Group {
                sums: Sums::default(),
                ..group
            })
            .sums
            .add(cell.sums);
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    groups.sort_by_key(|g| {
        (
            g.id.is_none(),
            g.name.as_deref().map(str::to_lowercase),
            g.id,
        )
    });
    groups
}

/// The month's tables from its cells.
pub fn fold(cells: &[Cell]) -> Tables {
    let mut totals = Sums::default();
    for cell in cells {
        totals.add(cell.sums);
    }
    Tables {
        totals,
        by_producer: group_by(cells, |c| Group {
            id: c.owner_id,
            name: c.owner.clone(),
            code: None,
            sums: c.sums,
        }),
        by_insurer: group_by(cells, |c| Group {
            id: Some(c.insurer_id),
            name: Some(c.insurer.clone()),
            code: None,
            sums: c.sums,
        }),
        by_line: group_by(cells, |c| Group {
            id: Some(c.line_id),
            name: Some(c.line.clone()),
            code: Some(c.line_code.clone()),
            sums: c.sums,
        }),
    }
}

/// Every aging bucket with the unpaid commissions `by_day` (due date, count, amount) puts in it
/// when today is `today`; dates not overdue yet are left out.
pub fn buckets(by_day: &[(Date, i64, i64)], today: Date) -> Vec<BucketSum> {
    let mut sums: Vec<BucketSum> = AgingBucket::ALL
        .into_iter()
        .map(|bucket| BucketSum {
            bucket,
            count: 0,
            amount: 0,
        })
        .collect();
    for (due_on, count, amount) in by_day {
        let Some(bucket) = AgingBucket::of_days(days_overdue(*due_on, today)) else {
            continue;
        };
        if let Some(sum) = sums.iter_mut().find(|s| s.bucket == bucket) {
            sum.count += count;
            sum.amount += amount;
        }
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn cell(owner: Option<(i64, &str)>, insurer: (i64, &str), line: i64, sums: Sums) -> Cell {
        Cell {
            owner_id: owner.map(|o| o.0),
            owner: owner.map(|o| o.1.to_owned()),
            insurer_id: insurer.0,
            insurer: insurer.1.to_owned(),
            line_id: line,
            line_code: format!("0{line}"),
            line: format!("Ramo {line}"),
            sums,
        }
    }

    fn sums(expected: i64, received: i64, estornos: i64) -> Sums {
        Sums {
            expected,
            received,
            estornos,
        }
    }

    #[test]
    fn each_table_adds_the_same_cells_up_along_its_own_key_and_totals_agree() {
        let cells = [
            cell(Some((2, "Bia")), (10, "Porto"), 531, sums(100, 100, 0)),
            cell(Some((1, "ana")), (11, "Allianz"), 531, sums(50, 0, -80)),
            cell(None, (10, "Porto"), 114, sums(7, 0, 0)),
            cell(Some((2, "Bia")), (11, "Allianz"), 114, sums(3, 3, 0)),
        ];
        let t = fold(&cells);
        assert_eq!(t.totals, sums(160, 103, -80));
        assert_eq!(t.totals.net(), 80);
        let names = |groups: &[Group]| -> Vec<Option<String>> {
            groups.iter().map(|g| g.name.clone()).collect()
        };
        assert_eq!(
            names(&t.by_producer),
            [Some("ana".into()), Some("Bia".into()), None],
            "by name, whatever the case; no producer last"
        );
        assert_eq!(t.by_producer[1].sums, sums(103, 103, 0));
        assert_eq!(t.by_insurer[0].name.as_deref(), Some("Allianz"));
        assert_eq!(t.by_insurer[0].sums, sums(53, 3, -80));
        assert_eq!(t.by_insurer[1].sums, sums(107, 100, 0));
        assert_eq!(t.by_line.len(), 2);
        assert_eq!(t.by_line[0].code.as_deref(), Some("0114"));
        for table in [&t.by_producer, &t.by_insurer, &t.by_line] {
            let mut total = Sums::default();
            table.iter().for_each(|g| total.add(g.sums));
            assert_eq!(total, t.totals);
        }
        assert_eq!(fold(&[]), Tables::default());
    }

    #[test]
    fn unpaid_commissions_fall_into_the_bucket_of_their_days_overdue() {
        let today = date!(2026 - 03 - 20);
        let by_day = [
            (date!(2026 - 03 - 20), 9, 9_000),
            (date!(2026 - 03 - 19), 1, 100),
            (date!(2026 - 02 - 18), 2, 200),
            (date!(2026 - 02 - 17), 1, 50),
            (date!(2025 - 12 - 20), 1, 70),
            (date!(2025 - 12 - 19), 3, 300),
            (date!(2020 - 01 - 01), 1, 1),
        ];
        let got: Vec<(AgingBucket, i64, i64)> = buckets(&by_day, today)
            .into_iter()
            .map(|b| (b.bucket, b.count, b.amount))
            .collect();
        assert_eq!(
            got,
            [
                (AgingBucket::UpTo30, 3, 300),
                (AgingBucket::UpTo60, 1, 50),
                (AgingBucket::UpTo90, 1, 70),
                (AgingBucket::Over90, 4, 301),
            ]
        );
        assert!(buckets(&[], today).iter().all(|b| b.count == 0));
    }
}
