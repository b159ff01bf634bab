//! `s3.account_public_access_blocked`: all four S3 Block Public Access settings are on for the account.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::{account_resource, with_collected};
use crate::finding::Finding;
use crate::inventory::Inventory;
use crate::inventory::s3::S3Facet;

pub struct AccountPublicAccessBlocked;

impl Check for AccountPublicAccessBlocked {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/account_public_access_blocked")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[S3Facet::AccountPublicAccessBlock]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let account = || account_resource(inventory);
        let id = &inventory.account.id;
        with_collected(
            meta,
            &inventory.s3.account_public_access_block,
            account,
            |block| {
                let finding = match block {
                    Some(block) if block.all_on() => Finding::pass(
                        meta,
                        account(),
                        format!("Account {id} has all four S3 Block Public Access settings on"),
                    ),
                    Some(block) => Finding::fail(
                        meta,
                        account(),
                        format!(
                            "Account {id} has account-level S3 Block Public Access off for {}",
                            block.settings_off().join(", ")
                        ),
                    ),
                    // S3 answers NoSuchPublicAccessBlockConfiguration: nothing set, all four off.
                    None => Finding::fail(
                        meta,
                        account(),
                        format!(
                            "Account {id} has no account-level S3 Block Public Access \
                             configuration, so all four settings are off"
                        ),
                    ),
                };
                vec![finding]
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::s3::fixtures::{ALL_OFF, ALL_ON};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::s3::PublicAccessBlock;

    fn evaluate(block: Collected<Option<PublicAccessBlock>>) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.s3.account_public_access_block = block;
        AccountPublicAccessBlocked.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn passes_with_all_four_settings_on() {
        let findings = evaluate(Collected::Ok(Some(ALL_ON)));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
        assert_eq!(findings[0].resource.kind, "AwsAccount");
    }

    #[test]
    fn fails_naming_the_settings_that_are_off() {
        let partial = PublicAccessBlock {
            block_public_acls: true,
            ignore_public_acls: true,
            ..ALL_OFF
        };
        let findings = evaluate(Collected::Ok(Some(partial)));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(
            findings[0]
                .message
                .ends_with("off for BlockPublicPolicy, RestrictPublicBuckets"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn fails_when_nothing_is_configured() {
        let findings = evaluate(Collected::Ok(None));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(findings[0].message.contains("no account-level"));
    }

    #[test]
    fn errors_when_the_account_setting_was_not_read() {
        let findings = evaluate(failed("s3control:GetPublicAccessBlock"));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("s3control:GetPublicAccessBlock")
        );
    }
}
