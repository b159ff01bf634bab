//! `guardduty.detector_enabled`: GuardDuty has an enabled detector in every audited region.
//!
//! A member whose detector a delegated administrator of the organization manages is told so in
//! the PASS: where GuardDuty is run organization-wide, the findings go to that account. The
//! administrator is context, not a condition: one that could not be read changes no verdict (the
//! collection notes it).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::administered;
use crate::checks::per_region;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::services::GuardDutyDetector;

pub struct DetectorEnabled;

impl Check for DetectorEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("guardduty/detector_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_region(
            inventory,
            meta,
            |r| &r.services.guardduty_detectors,
            |region, detectors| {
                let enabled = |d: &&GuardDutyDetector| {
                    d.status
                        .ok()
                        .is_some_and(|status| status.eq_ignore_ascii_case("ENABLED"))
                };
                // One enabled detector settles it; otherwise an unread detector might be the one.
                let unread = detectors.iter().find_map(|d| d.status.get().err());
                match (detectors.iter().find(enabled), unread) {
                    (Some(detector), _) => Verdict::Pass(format!(
                        "GuardDuty detector {} is enabled in {region}{}",
                        detector.id,
                        administered(&detector.administrator)
                    )),
                    (None, Some(gap)) => Verdict::Unknown(gap),
                    (None, None) if detectors.is_empty() => {
                        Verdict::Fail(format!("GuardDuty has no detector in {region}"))
                    }
                    (None, None) => {
                        let states: Vec<String> = detectors
                            .iter()
                            .filter_map(|d| Some(format!("{} is {}", d.id, d.status.ok()?)))
                            .collect();
                        let message =
                            format!("GuardDuty detector {} in {region}", states.join(", "));
                        Verdict::Fail(message)
                    }
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::Administrator;

    fn run(detectors: Collected<Vec<GuardDutyDetector>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.guardduty_detectors = detectors);
        DetectorEnabled.evaluate(&inventory, &Settings::default())
    }

    fn detector(status: &str) -> GuardDutyDetector {
        GuardDutyDetector {
            id: "12abc34d".into(),
            status: Collected::Ok(status.into()),
            administrator: Collected::Ok(None),
        }
    }

    #[test]
    fn a_pass_names_the_administrator_that_manages_the_detector() {
        let managed = |relationship: &str| GuardDutyDetector {
            administrator: Collected::Ok(Some(Administrator {
                account_id: "444455556666".into(),
                relationship: relationship.into(),
            })),
            ..detector("ENABLED")
        };
        let findings = run(Collected::Ok(vec![managed("Enabled")]));
        assert_eq!(
            findings[0].message,
            "GuardDuty detector 12abc34d is enabled in us-east-1, managed by administrator \
             account 444455556666"
        );
        let findings = run(Collected::Ok(vec![managed("Resigned")]));
        assert_eq!(
            findings[0].message,
            "GuardDuty detector 12abc34d is enabled in us-east-1 (administrator account \
             444455556666, relationship Resigned)"
        );
        // An administrator that could not be read changes nothing of the verdict.
        let unread = GuardDutyDetector {
            administrator: failed("guardduty:GetAdministratorAccount"),
            ..detector("ENABLED")
        };
        let findings = run(Collected::Ok(vec![unread]));
        assert_eq!(findings[0].status, Status::Pass);
        assert_eq!(
            findings[0].message,
            "GuardDuty detector 12abc34d is enabled in us-east-1"
        );
    }

    #[test]
    fn passes_with_an_enabled_detector_and_fails_otherwise() {
        let region = format!("{ACCOUNT}/{REGION}");
        let findings = run(Collected::Ok(vec![detector("ENABLED")]));
        assert_eq!(verdicts(&findings), vec![(region.clone(), Status::Pass)]);
        assert_eq!(
            findings[0].message,
            "GuardDuty detector 12abc34d is enabled in us-east-1"
        );
        let findings = run(Collected::Ok(vec![detector("DISABLED")]));
        assert_eq!(verdicts(&findings), vec![(region.clone(), Status::Fail)]);
        assert_eq!(
            findings[0].message,
            "GuardDuty detector 12abc34d is DISABLED in us-east-1"
        );
        let findings = run(Collected::Ok(vec![]));
        assert_eq!(
            findings[0].message,
            "GuardDuty has no detector in us-east-1"
        );
        let unread = GuardDutyDetector {
            id: "56efa78b".into(),
            status: failed("guardduty:GetDetector"),
            administrator: Collected::NotCollected,
        };
        let findings = run(Collected::Ok(vec![detector("ENABLED"), unread.clone()]));
        assert_eq!(verdicts(&findings), vec![(region.clone(), Status::Pass)]);
        let findings = run(Collected::Ok(vec![detector("DISABLED"), unread]));
        assert_eq!(verdicts(&findings), vec![(region.clone(), Status::Error)]);
        assert!(findings[0].message.contains("guardduty:GetDetector failed"));
        let findings = run(failed("guardduty:ListDetectors"));
        assert_eq!(verdicts(&findings), vec![(region, Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("guardduty:ListDetectors failed")
        );
    }
}
