//! `securityhub.hub_enabled`: Security Hub is enabled in every audited region.
//!
//! A member whose hub a delegated administrator of the organization manages is told so in the
//! PASS; an administrator that could not be read changes no verdict (the collection notes it).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::administered;
use crate::checks::audited_regions;
use crate::finding::{Finding, Resource, Verdict};
use crate::inventory::Inventory;

pub struct HubEnabled;

impl Check for HubEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("securityhub/hub_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        audited_regions(inventory)
            .map(|(region, regional)| {
                let services = &regional.services;
                let verdict = match services.security_hub.get() {
                    Ok(Some(arn)) => Verdict::Pass(format!(
                        "Security Hub is enabled in {region} ({arn}){}",
                        administered(&services.security_hub_administrator)
                    )),
                    Ok(None) => Verdict::Fail(format!("Security Hub is not enabled in {region}")),
                    Err(gap) => Verdict::Unknown(gap),
                };
                verdict.into_finding(meta, Resource::region(&inventory.account.id, region))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::Administrator;

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
        let mut inventory = regional(|region| {
            region.services.security_hub = Collected::Ok(Some(arn.clone()));
            region.services.security_hub_administrator = Collected::Ok(Some(Administrator {
                account_id: "444455556666".into(),
                relationship: "Enabled".into(),
            }));
        });
        let findings = HubEnabled.evaluate(&inventory, &Settings::default());
        assert_eq!(
            findings[0].message,
            format!(
                "Security Hub is enabled in us-east-1 ({arn}), managed by administrator account \
                 444455556666"
            )
        );
        // An administrator that could not be read changes nothing of the verdict.
        for region in inventory.regions.values_mut() {
            region.services.security_hub_administrator =
                failed("securityhub:GetAdministratorAccount");
        }
        let findings = HubEnabled.evaluate(&inventory, &Settings::default());
        assert_eq!(findings[0].status, Status::Pass);
        assert_eq!(
            findings[0].message,
            format!("Security Hub is enabled in us-east-1 ({arn})")
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
