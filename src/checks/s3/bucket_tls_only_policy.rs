//! `s3.bucket_tls_only_policy`: the bucket policy denies every S3 request made without TLS.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_account_resource;
use crate::checks::s3::bucket_policy;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::s3::Bucket;
use crate::inventory::s3::S3Facet;
use crate::policy::{PolicyDocument, is_tls_only};

pub struct BucketTlsOnlyPolicy;

const SECURE_TRANSPORT: &str = "aws:SecureTransport";

impl Check for BucketTlsOnlyPolicy {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("s3/bucket_tls_only_policy")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[S3Facet::Policy]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_account_resource(inventory, self.meta(), &inventory.s3.buckets, |bucket| {
            Some(judge(bucket))
        })
    }
}

fn judge(bucket: &Bucket) -> Verdict {
    let name = &bucket.name;
    match bucket_policy(bucket) {
        Err(gap) => Verdict::Unknown(gap),
        Ok(None) => Verdict::Fail(format!(
            "{name} has no bucket policy, so nothing denies requests without TLS"
        )),
        Ok(Some(document)) if is_tls_only(&document) => Verdict::Pass(format!(
            "{name}'s bucket policy denies all S3 actions to everyone when \
                     {SECURE_TRANSPORT} is false"
        )),
        Ok(Some(document)) => Verdict::Fail(shortfall(name, &document)),
    }
}

/// Why a policy is not TLS-only: no `aws:SecureTransport` deny at all, or one that is too narrow.
fn shortfall(name: &str, document: &PolicyDocument) -> String {
    let partial: Vec<String> = document
        .denies()
        .filter(|statement| {
            statement
                .conditions
                .iter()
                .any(|condition| condition.key.eq_ignore_ascii_case(SECURE_TRANSPORT))
        })
        .map(|statement| {
            let actions = statement
                .action
                .as_ref()
                .map_or_else(|| "NotAction".to_string(), |actions| actions.join(", "));
            match &statement.sid {
                Some(sid) => format!("\"{sid}\" ({actions})"),
                None => format!("({actions})"),
            }
        })
        .collect();
    if partial.is_empty() {
        format!(
            "{name}'s bucket policy has no Deny statement on {SECURE_TRANSPORT} = false, so S3 \
             accepts plain-HTTP requests"
        )
    } else {
        format!(
            "{name}'s bucket policy has a {SECURE_TRANSPORT} deny, but not one denying s3:* to \
             everyone when it is false: {}",
            partial.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{failed, verdicts};
    use crate::checks::s3::fixtures::{bucket, run};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn tls_deny(action: &str) -> Value {
        json!({
            "Sid": "DenyPlainHttp", "Effect": "Deny", "Principal": "*", "Action": action,
            "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}
        })
    }

    fn with_policy(name: &str, statements: Value) -> Bucket {
        let mut b = bucket(name);
        b.policy = Collected::Ok(Some(
            json!({"Version": "2012-10-17", "Statement": statements}),
        ));
        b
    }

    fn evaluate(buckets: Vec<Bucket>) -> Vec<Finding> {
        run(&BucketTlsOnlyPolicy, buckets)
    }

    #[test]
    fn passes_with_a_secure_transport_deny_on_every_action() {
        let findings = evaluate(vec![with_policy("tls", json!([tls_deny("s3:*")]))]);
        assert_eq!(verdicts(&findings), vec![("tls".into(), Status::Pass)]);
    }

    #[test]
    fn fails_without_a_policy_or_with_a_narrow_deny() {
        let unrelated = json!([{"Effect": "Allow", "Principal": {"AWS": "111122223333"},
                                "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]);
        let findings = evaluate(vec![
            bucket("none"),
            with_policy("unrelated", unrelated),
            with_policy("narrow", json!([tls_deny("s3:GetObject")])),
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("none".into(), Status::Fail),
                ("unrelated".into(), Status::Fail),
                ("narrow".into(), Status::Fail),
            ]
        );
        assert!(findings[0].message.contains("no bucket policy"));
        assert!(findings[1].message.contains("no Deny statement"));
        assert!(
            findings[2]
                .message
                .ends_with("\"DenyPlainHttp\" (s3:GetObject)"),
            "{}",
            findings[2].message
        );
    }

    #[test]
    fn errors_when_the_policy_is_unread_or_malformed() {
        let mut unread = bucket("unread");
        unread.policy = failed("s3:GetBucketPolicy");
        let mut malformed = bucket("malformed");
        malformed.policy = Collected::Ok(Some(json!(["not", "a", "policy"])));
        let findings = evaluate(vec![unread, malformed]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("unread".into(), Status::Error),
                ("malformed".into(), Status::Error),
            ]
        );
        assert!(findings[1].message.contains("malformed policy document"));
    }
}
