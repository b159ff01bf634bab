//! `macie.macie_enabled`: Amazon Macie is enabled in every audited region.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_region;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct MacieEnabled;

impl Check for MacieEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("macie/macie_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_region(
            inventory,
            self.meta(),
            |region| &region.services.macie,
            |region, macie| match macie {
                None => Verdict::Fail(format!("in {region}, Macie is not enabled")),
                Some(macie) => Verdict::holds(
                    macie.status == "ENABLED",
                    format!("in {region}, Macie is {}", macie.status),
                ),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, REGION, assert_failed_region, failed, verdicts};
    use crate::checks::macie::fixtures::{macie, run};
    use crate::finding::Status;
    use crate::inventory::Collected;

    #[test]
    fn passes_enabled_and_fails_paused_or_off() {
        let region = format!("{ACCOUNT}/{REGION}");
        let on = run(
            &MacieEnabled,
            Collected::Ok(macie("ENABLED", Collected::NotCollected)),
        );
        assert_eq!(verdicts(&on), vec![(region.clone(), Status::Pass)]);
        let paused = run(
            &MacieEnabled,
            Collected::Ok(macie("PAUSED", Collected::NotCollected)),
        );
        assert_eq!(verdicts(&paused), vec![(region.clone(), Status::Fail)]);
        assert!(paused[0].message.contains("PAUSED"));
        let off = run(&MacieEnabled, Collected::Ok(None));
        assert_eq!(verdicts(&off), vec![(region, Status::Fail)]);
    }

    #[test]
    fn errors_when_the_session_was_not_read() {
        let findings = run(&MacieEnabled, failed("macie2:GetMacieSession"));
        assert_failed_region(&findings, "macie2:GetMacieSession");
    }
}
