//! `kms.key_policy_not_public`: no customer managed key's policy lets anyone, or any AWS account, use the key.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::kms::{key_label, per_customer_key};
use crate::checks::resource_policy_not_public;
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};
use crate::policy::UnpinnedService;

pub struct KeyPolicyNotPublic;

impl Check for KeyPolicyNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("kms/key_policy_not_public")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Kms, Source::KmsKeyPolicies]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_customer_key(
            inventory,
            self.meta(),
            |_| true,
            |key, _| {
                // Security Hub's KMS.5 and AWS Config judge principals and conditions; neither
                // counts a service principal without a source condition as public.
                resource_policy_not_public(
                    &key.policy,
                    "kms:GetKeyPolicy",
                    &inventory.account.id,
                    UnpinnedService::IsNotPublic,
                    &key_label(key),
                )
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, verdicts};
    use crate::checks::kms::fixtures::{key, run, undescribed};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::KmsKey;

    fn with_policy(id: &str, statements: Value) -> KmsKey {
        KmsKey {
            policy: Collected::Ok(Some(
                json!({"Version": "2012-10-17", "Statement": statements}),
            )),
            ..key(id)
        }
    }

    #[test]
    fn fails_a_key_any_account_may_use() {
        let open = with_policy(
            "open",
            json!([{"Sid": "Everyone", "Effect": "Allow", "Principal": {"AWS": "*"},
                    "Action": "kms:Decrypt", "Resource": "*"}]),
        );
        let findings = run(&KeyPolicyNotPublic, vec![open]);
        assert_eq!(verdicts(&findings), vec![("open".into(), Status::Fail)]);
        assert_eq!(
            findings[0].message,
            "key open is public: statement \"Everyone\" allows kms:Decrypt to anyone, anonymous callers included"
        );
    }

    #[test]
    fn passes_the_default_policy_and_caller_account_pinning() {
        let default = with_policy(
            "default",
            json!([{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
                    "Action": "kms:*", "Resource": "*"}]),
        );
        let via_service = with_policy(
            "via-ebs",
            json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
                    "Condition": {"StringEquals": {"kms:CallerAccount": ACCOUNT,
                                                   "kms:ViaService": "ec2.us-east-1.amazonaws.com"}}}]),
        );
        let findings = run(&KeyPolicyNotPublic, vec![default, via_service, key("none")]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("default".into(), Status::Pass),
                ("via-ebs".into(), Status::Pass),
                ("none".into(), Status::Pass),
            ]
        );
        assert_eq!(
            findings[0].message,
            "key default's policy grants nothing to the public"
        );
    }

    #[test]
    fn errors_on_an_unread_or_malformed_policy_or_an_undescribed_key() {
        let unread = KmsKey {
            policy: failed("kms:GetKeyPolicy"),
            ..key("unread")
        };
        let malformed = KmsKey {
            policy: Collected::Ok(Some(json!({"Version": "2012-10-17"}))),
            ..key("malformed")
        };
        let findings = run(
            &KeyPolicyNotPublic,
            vec![unread, malformed, undescribed("unknown")],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("unread".into(), Status::Error),
                ("malformed".into(), Status::Error),
                ("unknown".into(), Status::Error),
            ]
        );
        assert!(findings[0].message.contains("kms:GetKeyPolicy failed"));
        assert!(
            findings[1]
                .message
                .contains("kms:GetKeyPolicy failed: malformed policy document")
        );
    }
}
