//! `s3.bucket_no_public_acl`: no bucket ACL grants access to everyone or to all AWS accounts.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_account_resource;
use crate::checks::s3::effective_setting;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::s3::Bucket;
use crate::inventory::s3::S3Facet;

pub struct BucketNoPublicAcl;

/// With Object Ownership set to this, S3 ignores ACLs entirely.
const ACLS_DISABLED: &str = "BucketOwnerEnforced";

impl Check for BucketNoPublicAcl {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_no_public_acl")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[
            S3Facet::AccountPublicAccessBlock,
            S3Facet::PublicAccessBlock,
            S3Facet::Acl,
            S3Facet::Ownership,
        ]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_account_resource(inventory, meta, &inventory.s3.buckets, |bucket| {
            Some(self.evaluate_bucket(inventory, bucket))
        })
    }
}

impl BucketNoPublicAcl {
    fn evaluate_bucket(&self, inventory: &Inventory, bucket: &Bucket) -> Verdict {
        let name = &bucket.name;
        if bucket.object_ownership.ok().and_then(Option::as_deref) == Some(ACLS_DISABLED) {
            return Verdict::Pass(format!("{name} has ACLs disabled (BucketOwnerEnforced)"));
        }
        let grants = match bucket.acl.get() {
            Ok(grants) => grants,
            Err(gap) => return Verdict::Unknown(gap),
        };
        let public: Vec<String> = grants
            .iter()
            .filter(|grant| grant.is_public())
            .map(|grant| {
                let group = grant
                    .grantee_uri
                    .as_deref()
                    .and_then(|uri| uri.rsplit('/').next())
                    .unwrap_or("?");
                format!("{} to {group}", grant.permission)
            })
            .collect();
        if public.is_empty() {
            return Verdict::Pass(format!(
                "{name}'s ACL grants nothing to AllUsers or AuthenticatedUsers"
            ));
        }
        match effective_setting(inventory, bucket, |block| block.ignore_public_acls) {
            Ok(true) => Verdict::Pass(format!(
                "{name}'s ACL grants {}, but IgnorePublicAcls neutralises it",
                public.join(", ")
            )),
            Ok(false) => Verdict::Fail(format!(
                "{name}'s ACL grants {} and IgnorePublicAcls is off",
                public.join(", ")
            )),
            Err(gap) => Verdict::Unknown(gap),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{failed, inventory, verdicts};
    use crate::checks::s3::fixtures::{ALL_OFF, ALL_ON, bucket};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::s3::{ALL_USERS_URI, AUTHENTICATED_USERS_URI, Grant};

    fn public_read(uri: &str) -> Vec<Grant> {
        vec![Grant {
            grantee_type: "Group".into(),
            grantee_uri: Some(uri.into()),
            grantee_id: None,
            permission: "READ".into(),
        }]
    }

    fn evaluate(
        account_block: Option<crate::inventory::s3::PublicAccessBlock>,
        buckets: Vec<Bucket>,
    ) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.s3.account_public_access_block = Collected::Ok(account_block);
        inventory.s3.buckets = Collected::Ok(buckets);
        BucketNoPublicAcl.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn public_grants_fail_unless_neutralised() {
        let mut all_users = bucket("all-users");
        all_users.acl = Collected::Ok(public_read(ALL_USERS_URI));
        let mut authenticated = bucket("authenticated");
        authenticated.acl = Collected::Ok(public_read(AUTHENTICATED_USERS_URI));
        authenticated.public_access_block = Collected::Ok(Some(ALL_OFF));
        let mut ignored = bucket("ignored");
        ignored.acl = Collected::Ok(public_read(ALL_USERS_URI));
        ignored.public_access_block = Collected::Ok(Some(ALL_ON));
        let mut enforced = bucket("enforced");
        enforced.acl = Collected::Ok(public_read(ALL_USERS_URI));
        enforced.object_ownership = Collected::Ok(Some("BucketOwnerEnforced".into()));
        let findings = evaluate(
            None,
            vec![
                all_users,
                authenticated,
                ignored,
                enforced,
                bucket("private"),
            ],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("all-users".into(), Status::Fail),
                ("authenticated".into(), Status::Fail),
                ("ignored".into(), Status::Pass),
                ("enforced".into(), Status::Pass),
                ("private".into(), Status::Pass),
            ]
        );
        assert!(findings[0].message.contains("READ to AllUsers"));
    }

    #[test]
    fn account_level_ignore_public_acls_neutralises_every_bucket() {
        let mut all_users = bucket("all-users");
        all_users.acl = Collected::Ok(public_read(ALL_USERS_URI));
        let findings = evaluate(Some(ALL_ON), vec![all_users]);
        assert_eq!(
            verdicts(&findings),
            vec![("all-users".into(), Status::Pass)]
        );
    }

    #[test]
    fn errors_when_the_acl_or_the_deciding_setting_is_unknown() {
        let mut unread = bucket("unread");
        unread.acl = failed("s3:GetBucketAcl");
        let mut undecided = bucket("undecided");
        undecided.acl = Collected::Ok(public_read(ALL_USERS_URI));
        undecided.public_access_block = failed("s3:GetPublicAccessBlock");
        let findings = evaluate(None, vec![unread, undecided]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("unread".into(), Status::Error),
                ("undecided".into(), Status::Error)
            ]
        );
        let mut inventory = inventory();
        inventory.s3.buckets = failed("s3:ListBuckets");
        assert_eq!(
            BucketNoPublicAcl.evaluate(&inventory, &Settings::default())[0].status,
            Status::Error
        );
    }
}
