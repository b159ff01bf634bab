//! `secretsmanager.secret_policy_not_public`: no secret's resource policy lets anyone, or any AWS account, read or change it.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::{per_regional_resource, resource_policy_not_public};
use crate::finding::Finding;
use crate::inventory::Inventory;
use crate::policy::UnpinnedService;

pub struct SecretPolicyNotPublic;

impl Check for SecretPolicyNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("secretsmanager/secret_policy_not_public")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.secrets,
            |_, secret| {
                Some(resource_policy_not_public(
                    &secret.policy,
                    "secretsmanager:GetResourcePolicy",
                    &inventory.account.id,
                    UnpinnedService::IsNotPublic,
                    &format!("secret {}", secret.name),
                ))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{assert_failed_region, failed, regional, verdicts};
    use crate::checks::secretsmanager::fixtures::secret;
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::Secret;

    fn run(secrets: Collected<Vec<Secret>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.secrets = secrets);
        SecretPolicyNotPublic.evaluate(&inventory, &Settings::default())
    }

    fn with_policy(name: &str, statement: Value) -> Secret {
        Secret {
            policy: Collected::Ok(Some(
                json!({"Version": "2012-10-17", "Statement": [statement]}),
            )),
            ..secret(name, true)
        }
    }

    #[test]
    fn fails_a_secret_anyone_may_read() {
        let open = with_policy(
            "open",
            json!({"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}),
        );
        let findings = run(Collected::Ok(vec![open]));
        assert_eq!(verdicts(&findings), vec![("open".into(), Status::Fail)]);
        assert!(findings[0].message.starts_with(
            "secret open is public: statement #1 allows secretsmanager:GetSecretValue"
        ));
    }

    #[test]
    fn passes_without_a_policy_or_with_named_or_organization_principals() {
        let partner = with_policy(
            "partner",
            json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/app"},
                   "Action": "secretsmanager:GetSecretValue", "Resource": "*"}),
        );
        let org = with_policy(
            "org",
            json!({"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
                   "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}),
        );
        let findings = run(Collected::Ok(vec![secret("plain", true), partner, org]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("plain".into(), Status::Pass),
                ("partner".into(), Status::Pass),
                ("org".into(), Status::Pass),
            ]
        );
        assert_eq!(findings[0].message, "secret plain has no resource policy");
    }

    #[test]
    fn errors_on_an_unread_policy_or_unlisted_secrets() {
        let unread = Secret {
            policy: failed("secretsmanager:GetResourcePolicy"),
            ..secret("unread", true)
        };
        let findings = run(Collected::Ok(vec![unread]));
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("secretsmanager:GetResourcePolicy failed")
        );
        assert_failed_region(
            &run(failed("secretsmanager:ListSecrets")),
            "secretsmanager:ListSecrets",
        );
    }
}
