//! `eks.cluster_version_supported`: every EKS cluster runs a Kubernetes version in standard support.
//!
//! Security Hub's EKS.2 compares the version with the oldest one in standard support. A version in
//! extended support still gets patches, at an extra hourly charge and for at most twelve more
//! months; posture fails it like EKS.2 does, and says when extended support ends.

use chrono::NaiveDate;

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::eks::per_cluster;
use crate::finding::{Finding, Verdict};
use crate::inventory::{Gap, Inventory};

pub struct ClusterVersionSupported;

/// A calendar day as (year, month, day).
type Day = (i32, u32, u32);

/// EKS minor versions with the end of their standard support, from the Amazon EKS user guide's
/// "Kubernetes version lifecycle" calendar. Extended support runs twelve months beyond. A version
/// missing here is not judged (ERROR): keep the table in step with that calendar.
const VERSIONS: &[(&str, Day)] = &[
    ("1.23", (2023, 10, 11)),
    ("1.24", (2024, 1, 31)),
    ("1.25", (2024, 5, 1)),
    ("1.26", (2024, 6, 11)),
    ("1.27", (2024, 7, 24)),
    ("1.28", (2024, 11, 26)),
    ("1.29", (2025, 3, 23)),
    ("1.30", (2025, 7, 23)),
    ("1.31", (2025, 11, 26)),
    ("1.32", (2026, 3, 23)),
    ("1.33", (2026, 7, 29)),
    ("1.34", (2026, 12, 2)),
    ("1.35", (2027, 3, 27)),
];

fn standard_support_end(version: &str) -> Option<NaiveDate> {
    VERSIONS
        .iter()
        .find(|(known, _)| *known == version)
        .and_then(|(_, (year, month, day))| NaiveDate::from_ymd_opt(*year, *month, *day))
}

impl Check for ClusterVersionSupported {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("eks/cluster_version_supported")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let today = inventory.collected_at.date_naive();
        per_cluster(inventory, self.meta(), |name, cluster| {
            let Some(version) = cluster.version.as_deref() else {
                return Verdict::Unknown(Gap::new(
                    "eks:DescribeCluster",
                    format!("cluster {name} reports no Kubernetes version"),
                ));
            };
            let Some(end) = standard_support_end(version) else {
                return Verdict::Unknown(Gap::new(
                    "",
                    format!(
                        "cluster {name} runs Kubernetes {version}, a version posture's calendar \
                         does not know: check it against the EKS version calendar"
                    ),
                ));
            };
            if end > today {
                return Verdict::Pass(format!(
                    "cluster {name} runs Kubernetes {version}, in standard support until {end}"
                ));
            }
            let extended_end = end
                .checked_add_months(chrono::Months::new(12))
                .unwrap_or(end);
            let extended = if extended_end > today {
                format!("in paid extended support until {extended_end}")
            } else {
                format!(
                    "past extended support too (ended {extended_end}): AWS upgrades it on its own schedule"
                )
            };
            Verdict::Fail(format!(
                "cluster {name} runs Kubernetes {version}, out of standard support since {end}, {extended}"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::eks::fixtures::{assert_errors, changed, cluster, run};
    use crate::checks::fixtures::verdicts;
    use crate::finding::Status;

    #[test]
    fn the_calendar_is_sorted_and_real() {
        assert!(
            VERSIONS
                .iter()
                .all(|(v, _)| standard_support_end(v).is_some())
        );
        let minors: Vec<u32> = VERSIONS
            .iter()
            .map(|(v, _)| v.trim_start_matches("1.").parse().expect("minor"))
            .collect();
        assert!(minors.windows(2).all(|pair| pair[0] + 1 == pair[1]));
    }

    #[test]
    fn versions_are_judged_against_collection_time() {
        // The fixture inventory is collected on 2026-11-01.
        let version =
            |name: &str, v: Option<&str>| changed(name, |c| c.version = v.map(str::to_string));
        let findings = run(
            &ClusterVersionSupported,
            vec![
                cluster("current"),
                version("soon", Some("1.34")),
                version("extended", Some("1.32")),
                version("ancient", Some("1.23")),
                version("unknown", Some("1.99")),
                version("none", None),
            ],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("current".into(), Status::Pass),
                ("soon".into(), Status::Pass),
                ("extended".into(), Status::Fail),
                ("ancient".into(), Status::Fail),
                ("unknown".into(), Status::Error),
                ("none".into(), Status::Error),
            ]
        );
        assert!(
            findings[2]
                .message
                .contains("in paid extended support until 2027-03-23")
        );
        assert!(findings[3].message.contains("past extended support too"));
        assert_errors(&ClusterVersionSupported);
    }
}
