//! `iam.password_policy_reuse_prevention`: the password policy stops users reusing their last 24 passwords.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{PasswordPolicyWording, password_policy_at_least};
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};

pub struct PasswordPolicyReusePrevention;

/// CIS AWS Foundations 1.9 and Security Hub IAM.16 both ask IAM to remember 24 passwords.
const REQUIRED_MEMORY: i32 = 24;

impl Check for PasswordPolicyReusePrevention {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/password_policy_reuse_prevention")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamPasswordPolicy]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        password_policy_at_least(
            self.meta(),
            inventory,
            |policy| policy.password_reuse_prevention,
            REQUIRED_MEMORY,
            PasswordPolicyWording {
                no_policy: format!(
                    "The account has no password policy, so users may reuse old passwords ({REQUIRED_MEMORY} should be remembered)"
                ),
                unset: format!(
                    "The password policy does not prevent password reuse ({REQUIRED_MEMORY} should be remembered)"
                ),
                set: |n| {
                    format!(
                        "The password policy blocks reuse of the last {n} passwords ({REQUIRED_MEMORY} required)"
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
        PasswordPolicyReusePrevention.evaluate(&inventory, &Settings::default())
    }

    fn reuse(n: Option<i32>) -> Collected<Option<PasswordPolicy>> {
        Collected::Ok(Some(PasswordPolicy {
            minimum_password_length: Some(14),
            password_reuse_prevention: n,
            ..PasswordPolicy::default()
        }))
    }

    #[test]
    fn passes_when_24_passwords_are_remembered() {
        let findings = evaluate(reuse(Some(24)));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
    }

    #[test]
    fn fails_when_fewer_none_or_no_policy() {
        let findings = evaluate(reuse(Some(5)));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(findings[0].message.contains("last 5 passwords"));

        let findings = evaluate(reuse(None));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(
            findings[0]
                .message
                .contains("does not prevent password reuse")
        );

        let findings = evaluate(Collected::Ok(None));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
    }

    #[test]
    fn errors_when_the_policy_was_not_collected() {
        let findings = evaluate(failed("iam:GetAccountPasswordPolicy"));
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
