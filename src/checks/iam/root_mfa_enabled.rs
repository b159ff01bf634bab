//! `iam.root_mfa_enabled`: the root user signs in with a second factor.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::account_resource;
use crate::checks::iam::summary_value;
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};

pub struct RootMfaEnabled;

impl Check for RootMfaEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/root_mfa_enabled")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAccountSummary]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let account = account_resource(inventory);
        // A summary without the entry is a gap, not a "no": AWS always reports it.
        match summary_value(inventory, "AccountMFAEnabled") {
            Ok(1) => vec![Finding::pass(
                meta,
                account,
                "The root user has an MFA device",
            )],
            Ok(_) => vec![Finding::fail(
                meta,
                account,
                "The root user has no MFA device (AccountMFAEnabled = 0)",
            )],
            Err(gap) => vec![Finding::error(meta, account, &gap)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn with_mfa(flag: i64) -> Inventory {
        let mut inventory = inventory();
        inventory.iam.account_summary =
            Collected::Ok([("AccountMFAEnabled".to_string(), flag)].into());
        inventory
    }

    #[test]
    fn passes_with_mfa() {
        let findings = RootMfaEnabled.evaluate(&with_mfa(1), &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![(ACCOUNT.to_string(), Status::Pass)]
        );
    }

    #[test]
    fn fails_without_mfa() {
        let findings = RootMfaEnabled.evaluate(&with_mfa(0), &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![(ACCOUNT.to_string(), Status::Fail)]
        );
    }

    #[test]
    fn errors_when_the_summary_lacks_the_entry() {
        let mut inventory = inventory();
        inventory.iam.account_summary = Collected::Ok(Default::default());
        let findings = RootMfaEnabled.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![(ACCOUNT.to_string(), Status::Error)]
        );
    }

    #[test]
    fn errors_when_the_summary_was_not_collected() {
        let mut inventory = inventory();
        inventory.iam.account_summary = failed("iam:GetAccountSummary");
        let findings = RootMfaEnabled.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![(ACCOUNT.to_string(), Status::Error)]
        );
        assert!(findings[0].message.contains("iam:GetAccountSummary"));
    }
}
