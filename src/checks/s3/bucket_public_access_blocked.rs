//! `s3.bucket_public_access_blocked`: the bucket's own Block Public Access has all four settings on.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_account_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::s3::S3Facet;
use crate::inventory::s3::{Bucket, PublicAccessBlock};

pub struct BucketPublicAccessBlocked;

impl Check for BucketPublicAccessBlocked {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_public_access_blocked")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[
            S3Facet::AccountPublicAccessBlock,
            S3Facet::PublicAccessBlock,
        ]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_account_resource(inventory, self.meta(), &inventory.s3.buckets, |bucket| {
            Some(self.evaluate_bucket(inventory, bucket))
        })
    }
}

impl BucketPublicAccessBlocked {
    /// FSBP S3.8 judges the bucket's own setting, so the account-level block never turns a FAIL
    /// into a PASS here; the message says when it covers the gap, because that changes the urgency
    /// (and `s3.account_public_access_blocked` reports the account level on its own).
    fn evaluate_bucket(&self, inventory: &Inventory, bucket: &Bucket) -> Verdict {
        let name = &bucket.name;
        let block = match bucket.public_access_block.get() {
            Ok(block) => block,
            Err(gap) => return Verdict::Unknown(gap),
        };
        {
            let off = block.unwrap_or_default().settings_off();
            if off.is_empty() {
                return Verdict::Pass(format!(
                    "{name} has all four bucket-level Block Public Access settings on"
                ));
            }
            let what = match block {
                Some(_) => format!(
                    "{name} has bucket-level Block Public Access off for {}",
                    off.join(", ")
                ),
                None => format!(
                    "{name} has no bucket-level Block Public Access configuration (all four settings off)"
                ),
            };
            let account = inventory
                .s3
                .account_public_access_block
                .ok()
                .copied()
                .flatten();
            Verdict::Fail(format!("{what}{}", account_note(&off, account)))
        }
    }
}

/// How much of what the bucket leaves off the account-level block still enforces.
fn account_note(off: &[&str], account: Option<PublicAccessBlock>) -> String {
    let Some(account) = account else {
        return String::new();
    };
    let account_off = account.settings_off();
    let covered: Vec<&str> = off
        .iter()
        .copied()
        .filter(|setting| !account_off.contains(setting))
        .collect();
    if covered.is_empty() {
        String::new()
    } else if covered.len() == off.len() {
        "; the account-level block still enforces all of them, but the bucket's own setting is off"
            .to_string()
    } else {
        format!(
            "; the account-level block still enforces {}",
            covered.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{failed, inventory, verdicts};
    use crate::checks::s3::fixtures::{ALL_OFF, ALL_ON, bucket};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn evaluate(account: Option<PublicAccessBlock>, buckets: Vec<Bucket>) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.s3.account_public_access_block = Collected::Ok(account);
        inventory.s3.buckets = Collected::Ok(buckets);
        BucketPublicAccessBlocked.evaluate(&inventory, &Settings::default())
    }

    fn with_block(name: &str, block: Option<PublicAccessBlock>) -> Bucket {
        let mut b = bucket(name);
        b.public_access_block = Collected::Ok(block);
        b
    }

    #[test]
    fn passes_only_with_all_four_on_at_the_bucket() {
        let partial = PublicAccessBlock {
            block_public_acls: true,
            ignore_public_acls: true,
            ..ALL_OFF
        };
        let findings = evaluate(
            None,
            vec![
                with_block("blocked", Some(ALL_ON)),
                with_block("partial", Some(partial)),
                with_block("unset", None),
            ],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("blocked".into(), Status::Pass),
                ("partial".into(), Status::Fail),
                ("unset".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[1].message,
            "partial has bucket-level Block Public Access off for BlockPublicPolicy, RestrictPublicBuckets"
        );
        assert!(findings[2].message.contains("no bucket-level"));
    }

    #[test]
    fn the_account_block_is_reported_but_does_not_pass_the_bucket() {
        let findings = evaluate(Some(ALL_ON), vec![with_block("unset", None)]);
        assert_eq!(verdicts(&findings), vec![("unset".into(), Status::Fail)]);
        assert!(
            findings[0]
                .message
                .contains("account-level block still enforces all of them"),
            "{}",
            findings[0].message
        );
        let acls_only = PublicAccessBlock {
            block_public_acls: true,
            ..ALL_OFF
        };
        let findings = evaluate(Some(acls_only), vec![with_block("unset", Some(ALL_OFF))]);
        assert!(
            findings[0]
                .message
                .ends_with("; the account-level block still enforces BlockPublicAcls"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn errors_when_the_bucket_setting_or_the_bucket_list_is_unknown() {
        let mut unread = bucket("unread");
        unread.public_access_block = failed("s3:GetPublicAccessBlock");
        let findings = evaluate(Some(ALL_ON), vec![unread]);
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert!(findings[0].message.contains("s3:GetPublicAccessBlock"));

        let mut inventory = inventory();
        inventory.s3.buckets = failed("s3:ListBuckets");
        let findings = BucketPublicAccessBlocked.evaluate(&inventory, &Settings::default());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Error);
        assert!(findings[0].message.contains("s3:ListBuckets"));
    }
}
