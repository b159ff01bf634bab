//! `macie.automated_discovery_enabled`: Macie's automated sensitive data discovery is on in every audited region.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_region;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct AutomatedDiscoveryEnabled;

impl Check for AutomatedDiscoveryEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("macie/automated_discovery_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_region(
            inventory,
            self.meta(),
            |region| &region.services.macie,
            |region, macie| {
                let Some(macie) = macie else {
                    return Verdict::Fail(format!(
                        "in {region}, Macie is not enabled, so nothing discovers sensitive data"
                    ));
                };
                match macie.automated_discovery.get() {
                    Err(gap) => Verdict::Unknown(gap),
                    Ok(status) => Verdict::holds(
                        status == "ENABLED",
                        format!("in {region}, automated sensitive data discovery is {status}"),
                    ),
                }
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
    fn passes_only_when_discovery_is_on() {
        let region = format!("{ACCOUNT}/{REGION}");
        let on = Collected::Ok(macie("ENABLED", Collected::Ok("ENABLED".into())));
        assert_eq!(
            verdicts(&run(&AutomatedDiscoveryEnabled, on)),
            vec![(region.clone(), Status::Pass)]
        );
        let off = Collected::Ok(macie("ENABLED", Collected::Ok("DISABLED".into())));
        assert_eq!(
            verdicts(&run(&AutomatedDiscoveryEnabled, off)),
            vec![(region.clone(), Status::Fail)]
        );
        let no_macie = run(&AutomatedDiscoveryEnabled, Collected::Ok(None));
        assert_eq!(verdicts(&no_macie), vec![(region.clone(), Status::Fail)]);
        let unread = Collected::Ok(macie(
            "ENABLED",
            failed("macie2:GetAutomatedDiscoveryConfiguration"),
        ));
        let findings = run(&AutomatedDiscoveryEnabled, unread);
        assert_eq!(verdicts(&findings), vec![(region, Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("GetAutomatedDiscoveryConfiguration")
        );
    }

    #[test]
    fn errors_when_the_session_was_not_read() {
        let findings = run(&AutomatedDiscoveryEnabled, failed("macie2:GetMacieSession"));
        assert_failed_region(&findings, "macie2:GetMacieSession");
    }
}
