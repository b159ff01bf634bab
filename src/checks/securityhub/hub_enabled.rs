//! `securityhub.hub_enabled`: Security Hub is enabled in every audited region.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_region;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct HubEnabled;

impl Check for HubEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("securityhub/hub_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_region(
            inventory,
            meta,
            |r| &r.services.security_hub,
            |region, hub| match hub {
                Some(arn) => Verdict::Pass(format!("Security Hub is enabled in {region} ({arn})")),
                None => Verdict::Fail(format!("Security Hub is not enabled in {region}")),
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

    fn run(hub: Collected<Option<String>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.security_hub = hub);
        HubEnabled.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn passes_when_subscribed_fails_when_not_errors_when_unknown() {
        let region = format!("{ACCOUNT}/{REGION}");
        let arn = format!("arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default");
        let findings = run(Collected::Ok(Some(arn.clone())));
        assert_eq!(verdicts(&findings), vec![(region.clone(), Status::Pass)]);
        assert_eq!(
            findings[0].message,
            format!("Security Hub is enabled in us-east-1 ({arn})")
        );
        let findings = run(Collected::Ok(None));
        assert_eq!(verdicts(&findings), vec![(region.clone(), Status::Fail)]);
        assert_eq!(
            findings[0].message,
            "Security Hub is not enabled in us-east-1"
        );
        let findings = run(failed("securityhub:DescribeHub"));
        assert_eq!(verdicts(&findings), vec![(region, Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("securityhub:DescribeHub failed")
        );
    }
}
