//! `iam.password_policy_min_length`: the account password policy requires at least 14 characters.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{PasswordPolicyWording, password_policy_at_least};
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};

pub struct PasswordPolicyMinLength;

/// CIS AWS Foundations 1.8 and Security Hub IAM.15 both ask for 14.
const REQUIRED_LENGTH: i32 = 14;

/// What IAM enforces when the account has no custom password policy.
const IAM_DEFAULT_LENGTH: i32 = 8;

impl Check for PasswordPolicyMinLength {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/password_policy_min_length")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamPasswordPolicy]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        password_policy_at_least(
            self.meta(),
            inventory,
            |policy| policy.minimum_password_length,
            REQUIRED_LENGTH,
            PasswordPolicyWording {
                no_policy: format!(
                    "The account has no password policy, so IAM's default minimum of {IAM_DEFAULT_LENGTH} characters applies ({REQUIRED_LENGTH} required)"
                ),
                unset: format!(
                    "The password policy sets no minimum length ({REQUIRED_LENGTH} required)"
                ),
                set: |n| {
                    format!(
                        "The password policy requires at least {n} characters ({REQUIRED_LENGTH} required)"
                    )
                },
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::iam::PasswordPolicy;

    fn evaluate(policy: Collected<Option<PasswordPolicy>>) -> Vec<Finding> {
        let mut inventory = inventory();
        inventory.iam.password_policy = policy;
        PasswordPolicyMinLength.evaluate(&inventory, &Settings::default())
    }

    fn length(n: Option<i32>) -> Collected<Option<PasswordPolicy>> {
        Collected::Ok(Some(PasswordPolicy {
            minimum_password_length: n,
            ..PasswordPolicy::default()
        }))
    }

    #[test]
    fn passes_at_14_or_more() {
        for n in [14, 32] {
            let findings = evaluate(length(Some(n)));
            assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
        }
    }

    #[test]
    fn fails_when_short_unset_or_absent() {
        let findings = evaluate(length(Some(8)));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(findings[0].message.contains("at least 8 characters"));

        let findings = evaluate(length(None));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);

        let findings = evaluate(Collected::Ok(None));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(findings[0].message.contains("no password policy"));
    }

    #[test]
    fn errors_when_the_policy_was_not_collected() {
        let findings = evaluate(failed("iam:GetAccountPasswordPolicy"));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(findings[0].message.contains("iam:GetAccountPasswordPolicy"));
    }
}
