//! `s3.bucket_no_public_policy`: the bucket policy grants nothing to the public, or RestrictPublicBuckets neutralises it.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_account_resource;
use crate::checks::s3::{bucket_policy, effective_setting};
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::s3::S3Facet;
use crate::inventory::s3::{Bucket, PublicAccessBlock};
use crate::policy::{Grant, Reach, UnpinnedService, analyse};

pub struct BucketNoPublicPolicy;

impl Check for BucketNoPublicPolicy {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_no_public_policy")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[
            S3Facet::AccountPublicAccessBlock,
            S3Facet::PublicAccessBlock,
            S3Facet::Policy,
            S3Facet::PolicyStatus,
        ]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_account_resource(inventory, self.meta(), &inventory.s3.buckets, |bucket| {
            Some(self.evaluate_bucket(inventory, bucket))
        })
    }
}

impl BucketNoPublicPolicy {
    fn evaluate_bucket(&self, inventory: &Inventory, bucket: &Bucket) -> Verdict {
        let name = &bucket.name;
        let document = match bucket_policy(bucket) {
            Ok(Some(document)) => document,
            Ok(None) => {
                return Verdict::Pass(format!("{name} has no bucket policy"));
            }
            Err(gap) => return Verdict::Unknown(gap),
        };
        // S3 does not count AWS service principals as public (Block Public Access lets them in).
        let open: Vec<String> = analyse(&document, &inventory.account.id)
            .iter()
            .filter(|grant| grant.reach.is_public(UnpinnedService::IsNotPublic))
            .map(describe)
            .collect();

        // Two opinions on whether the policy is public: ours (`policy::analyse`) and S3's own
        // evaluator (`GetBucketPolicyStatus`). On real AWS, S3's is authoritative and knows more
        // pinning condition keys than we do, but emulators answer this call loosely (some always
        // say false, some do not implement it), and the inventory cannot prove which endpoint it
        // came from. A false FAIL costs one review and can be muted with a reason; a false PASS
        // hides a data leak. So the policy counts as public when EITHER says so, and the message
        // says which one did. A missing or failed status call alone is no ERROR: our own analysis
        // still stands.
        let s3_says_public = bucket.policy_is_public.ok().copied().flatten();
        let evidence = match (open.is_empty(), s3_says_public) {
            (true, Some(true)) => {
                "S3's GetBucketPolicyStatus reports it public (IsPublic = true), although \
                 posture found no statement open to everyone"
                    .to_string()
            }
            (true, s3) => {
                let agreed = if s3 == Some(false) {
                    " (GetBucketPolicyStatus agrees: IsPublic = false)"
                } else {
                    ""
                };
                return Verdict::Pass(format!(
                    "{name}'s bucket policy has no statement open to everyone{agreed}"
                ));
            }
            (false, Some(false)) => format!(
                "{} (S3's GetBucketPolicyStatus reports IsPublic = false; posture's own analysis \
                 finds it public)",
                open.join("; ")
            ),
            (false, Some(true)) => format!(
                "{} (GetBucketPolicyStatus agrees: IsPublic = true)",
                open.join("; ")
            ),
            (false, None) => open.join("; "),
        };

        // RestrictPublicBuckets is what stops a public policy from working: with it on, only AWS
        // service principals and the owning account's users get through. BlockPublicPolicy only
        // rejects NEW public policies at PutBucketPolicy time; a policy already attached still works.
        match effective_setting(inventory, bucket, |block| block.restrict_public_buckets) {
            Ok(true) => Verdict::Pass(format!(
                "{name}'s bucket policy is public ({evidence}), but it is neutralised by \
                     RestrictPublicBuckets ({}): only AWS services and the owning account get through",
                restrict_level(inventory, bucket)
            )),
            Ok(false) => {
                let block_policy_note =
                    if effective_setting(inventory, bucket, |block| block.block_public_policy)
                        == Ok(true)
                    {
                        "; BlockPublicPolicy is on, but it only rejects new public policies, it \
                         does not disable this one"
                    } else {
                        ""
                    };
                Verdict::Fail(format!(
                    "{name}'s bucket policy is public: {evidence}; RestrictPublicBuckets is \
                         off{block_policy_note}"
                ))
            }
            Err(gap) => Verdict::Unknown(gap),
        }
    }
}

/// Where RestrictPublicBuckets is on, for messages; only called once it is known to be in force.
fn restrict_level(inventory: &Inventory, bucket: &Bucket) -> &'static str {
    let on = |block: Option<&Option<PublicAccessBlock>>| {
        block
            .and_then(Option::as_ref)
            .is_some_and(|block| block.restrict_public_buckets)
    };
    match (
        on(bucket.public_access_block.ok()),
        on(inventory.s3.account_public_access_block.ok()),
    ) {
        (true, true) => "bucket and account level",
        (true, false) => "bucket level",
        _ => "account level",
    }
}

/// `statement "PublicRead" allows s3:GetObject to everyone (Principal "*")`.
fn describe(grant: &Grant<'_>) -> String {
    let statement = grant.statement;
    let (who, conditions) = match &grant.reach {
        Reach::Public if statement.not_principal.is_some() => {
            ("everyone outside its NotPrincipal".to_string(), "")
        }
        Reach::Public => {
            let conditions = if statement.conditions.is_empty() {
                ""
            } else {
                " under conditions that do not pin it to known sources"
            };
            ("everyone (Principal \"*\")".to_string(), conditions)
        }
        other => (other.to_string(), ""),
    };
    format!(
        "statement {} allows {} to {who}{conditions}",
        grant.label(),
        grant.actions_text()
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{failed, inventory, verdicts};
    use crate::checks::s3::fixtures::{ALL_OFF, ALL_ON, bucket};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn policy(statements: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    fn public_read() -> Value {
        policy(json!([{
            "Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"
        }]))
    }

    fn private() -> Value {
        policy(json!([{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"
        }]))
    }

    fn with_policy(name: &str, document: Value) -> Bucket {
        let mut b = bucket(name);
        b.policy = Collected::Ok(Some(document));
        b
    }

    fn evaluate(account: Option<PublicAccessBlock>, buckets: Vec<Bucket>) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.s3.account_public_access_block = Collected::Ok(account);
        inventory.s3.buckets = Collected::Ok(buckets);
        BucketNoPublicPolicy.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn passes_without_a_policy_or_without_public_statements() {
        let pinned = policy(json!([{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b/*",
            "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}
        }]));
        let findings = evaluate(
            None,
            vec![
                bucket("none"),
                with_policy("private", private()),
                with_policy("pinned", pinned),
            ],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("none".into(), Status::Pass),
                ("private".into(), Status::Pass),
                ("pinned".into(), Status::Pass),
            ]
        );
        assert_eq!(findings[0].message, "none has no bucket policy");
    }

    #[test]
    fn fails_naming_the_public_statement() {
        let no_sid = policy(json!([
            {"Sid": "Owner", "Effect": "Allow", "Principal": {"AWS": "111122223333"},
             "Action": "s3:*", "Resource": "*"},
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["s3:PutObject", "s3:GetObject"],
             "Resource": "arn:aws:s3:::b/*"}
        ]));
        let findings = evaluate(
            None,
            vec![
                with_policy("public", public_read()),
                with_policy("writable", no_sid),
            ],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("public".into(), Status::Fail),
                ("writable".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[0].message,
            "public's bucket policy is public: statement \"PublicRead\" allows s3:GetObject to \
             everyone (Principal \"*\"); RestrictPublicBuckets is off"
        );
        assert!(
            findings[1]
                .message
                .contains("statement #2 allows s3:PutObject, s3:GetObject"),
            "{}",
            findings[1].message
        );
    }

    #[test]
    fn restrict_public_buckets_neutralises_at_either_level() {
        let mut bucket_level = with_policy("bucket-level", public_read());
        bucket_level.public_access_block = Collected::Ok(Some(ALL_ON));
        let findings = evaluate(None, vec![bucket_level]);
        assert_eq!(
            verdicts(&findings),
            vec![("bucket-level".into(), Status::Pass)]
        );
        assert!(
            findings[0]
                .message
                .contains("neutralised by RestrictPublicBuckets (bucket level)"),
            "{}",
            findings[0].message
        );

        let restrict_only = PublicAccessBlock {
            restrict_public_buckets: true,
            ..ALL_OFF
        };
        let findings = evaluate(
            Some(restrict_only),
            vec![with_policy("account", public_read())],
        );
        assert_eq!(verdicts(&findings), vec![("account".into(), Status::Pass)]);
        assert!(findings[0].message.contains("(account level)"));
    }

    #[test]
    fn block_public_policy_alone_does_not_neutralise_an_existing_policy() {
        let block_policy_only = PublicAccessBlock {
            block_public_policy: true,
            ..ALL_OFF
        };
        let mut b = with_policy("attached-before", public_read());
        b.public_access_block = Collected::Ok(Some(block_policy_only));
        let findings = evaluate(None, vec![b]);
        assert_eq!(
            verdicts(&findings),
            vec![("attached-before".into(), Status::Fail)]
        );
        assert!(
            findings[0]
                .message
                .contains("BlockPublicPolicy is on, but it only rejects new public policies")
        );
    }

    #[test]
    fn either_verdict_saying_public_fails() {
        let mut s3_only = with_policy("s3-says-public", private());
        s3_only.policy_is_public = Collected::Ok(Some(true));
        let mut ours_only = with_policy("s3-says-private", public_read());
        ours_only.policy_is_public = Collected::Ok(Some(false));
        let mut both_private = with_policy("both-private", private());
        both_private.policy_is_public = Collected::Ok(Some(false));
        let findings = evaluate(None, vec![s3_only, ours_only, both_private]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("s3-says-public".into(), Status::Fail),
                ("s3-says-private".into(), Status::Fail),
                ("both-private".into(), Status::Pass),
            ]
        );
        assert!(findings[0].message.contains("IsPublic = true"));
        assert!(findings[0].message.contains("posture found no statement"));
        assert!(findings[1].message.contains("reports IsPublic = false"));
        assert!(findings[1].message.contains("\"PublicRead\""));

        // S3's verdict is neutralised by RestrictPublicBuckets like ours.
        let mut blocked = with_policy("s3-says-public", private());
        blocked.policy_is_public = Collected::Ok(Some(true));
        let findings = evaluate(Some(ALL_ON), vec![blocked]);
        assert_eq!(
            verdicts(&findings),
            vec![("s3-says-public".into(), Status::Pass)]
        );
    }

    #[test]
    fn a_failed_status_call_falls_back_on_our_analysis() {
        let mut public = with_policy("public", public_read());
        public.policy_is_public = failed("s3:GetBucketPolicyStatus");
        let mut private_bucket = with_policy("private", private());
        private_bucket.policy_is_public = failed("s3:GetBucketPolicyStatus");
        let findings = evaluate(None, vec![public, private_bucket]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("public".into(), Status::Fail),
                ("private".into(), Status::Pass)
            ]
        );
    }

    #[test]
    fn errors_on_an_unread_or_malformed_policy_or_an_unknown_restrict_setting() {
        let mut unread = bucket("unread");
        unread.policy = failed("s3:GetBucketPolicy");
        let malformed = with_policy("malformed", json!({"Version": "2012-10-17"}));
        let mut undecided = with_policy("undecided", public_read());
        undecided.public_access_block = failed("s3:GetPublicAccessBlock");
        let mut decided = with_policy("decided", private());
        decided.public_access_block = failed("s3:GetPublicAccessBlock");
        let findings = evaluate(None, vec![unread, malformed, undecided, decided]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("unread".into(), Status::Error),
                ("malformed".into(), Status::Error),
                ("undecided".into(), Status::Error),
                ("decided".into(), Status::Pass),
            ]
        );
        assert!(findings[0].message.contains("s3:GetBucketPolicy failed"));
        assert!(
            findings[1]
                .message
                .starts_with("s3:GetBucketPolicy failed: malformed policy document:"),
            "{}",
            findings[1].message
        );
        assert!(findings[2].message.contains("s3:GetPublicAccessBlock"));
    }
}
