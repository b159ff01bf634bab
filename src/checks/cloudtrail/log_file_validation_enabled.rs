//! `cloudtrail.log_file_validation_enabled`: every trail writes signed digest files so that its logs can be proven untampered.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudtrail::per_trail;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct LogFileValidationEnabled;

impl Check for LogFileValidationEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudtrail/log_file_validation_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_trail(inventory, self.meta(), |trail| {
            let state = if trail.log_file_validation {
                "on"
            } else {
                "off"
            };
            Verdict::holds(
                trail.log_file_validation,
                format!("trail {} has log file validation {state}", trail.name),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudtrail::fixtures::{assert_region_error, trail, with_trails};
    use crate::checks::fixtures::{regional, verdicts};
    use crate::finding::Status;

    #[test]
    fn passes_with_validation_and_fails_without() {
        let mut unsigned = trail("unsigned");
        unsigned.log_file_validation = false;
        let inventory = regional(|region| with_trails(region, vec![trail("signed"), unsigned]));
        let findings = LogFileValidationEnabled.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("signed".into(), Status::Pass),
                ("unsigned".into(), Status::Fail)
            ]
        );
        assert_eq!(
            findings[1].message,
            "trail unsigned has log file validation off"
        );
        assert_eq!(findings[1].resource.kind, "AwsCloudTrailTrail");
    }

    #[test]
    fn errors_on_a_region_whose_trails_were_not_listed() {
        assert_region_error(&LogFileValidationEnabled);
    }
}
