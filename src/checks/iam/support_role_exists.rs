//! `iam.support_role_exists`: a role holds the AWS managed AWSSupportAccess policy.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{PrincipalKind, count, customer_principals, is_aws_managed};
use crate::checks::{account_resource, with_collected};
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};

pub struct SupportRoleExists;

const SUPPORT_POLICY: &str = "AWSSupportAccess";

impl Check for SupportRoleExists {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/support_role_exists")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAuthorization]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let account = || account_resource(inventory);
        with_collected(meta, &inventory.iam.authorization, account, |auth| {
            let holders: Vec<_> = customer_principals(auth)
                .filter(|principal| {
                    principal
                        .attached_policies
                        .iter()
                        .any(|policy| is_aws_managed(policy, SUPPORT_POLICY))
                })
                .collect();
            let roles: Vec<&str> = holders
                .iter()
                .filter(|p| p.kind == PrincipalKind::Role)
                .map(|p| p.name)
                .collect();
            let finding = if !roles.is_empty() {
                Finding::pass(
                    meta,
                    account(),
                    format!("{SUPPORT_POLICY} is attached to role {}", roles.join(", ")),
                )
            } else {
                let elsewhere: Vec<String> = holders.iter().map(|p| p.label()).collect();
                let note = if elsewhere.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; it is attached to {}, but incident responders should assume a role",
                        elsewhere.join(", ")
                    )
                };
                Finding::fail(
                    meta,
                    account(),
                    format!(
                        "None of the account's {} has the AWS managed {SUPPORT_POLICY} policy attached{note}",
                        count(auth.roles.len(), "role", "roles")
                    ),
                )
            };
            vec![finding]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{attached, role, user, with_authorization};
    use crate::finding::Status;
    use crate::inventory::iam::{Authorization, Role, User};

    const AWS_SUPPORT: &str = "arn:aws:iam::aws:policy/AWSSupportAccess";

    #[test]
    fn passes_when_a_role_has_the_support_policy() {
        let auth = Authorization {
            roles: vec![
                role("deploy"),
                Role {
                    attached_policies: vec![attached(AWS_SUPPORT)],
                    ..role("learn-support")
                },
            ],
            ..Authorization::default()
        };
        let findings = SupportRoleExists.evaluate(&with_authorization(auth), &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Pass)]);
        assert_eq!(
            findings[0].message,
            "AWSSupportAccess is attached to role learn-support"
        );
    }

    #[test]
    fn fails_without_a_support_role() {
        let copy = format!("arn:aws:iam::{ACCOUNT}:policy/AWSSupportAccess");
        let auth = Authorization {
            users: vec![User {
                attached_policies: vec![attached(AWS_SUPPORT)],
                ..user("helpdesk")
            }],
            roles: vec![Role {
                // A customer-managed look-alike is not the AWS managed policy.
                attached_policies: vec![attached(&copy)],
                ..role("fake-support")
            }],
            ..Authorization::default()
        };
        let findings = SupportRoleExists.evaluate(&with_authorization(auth), &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(findings[0].message.contains("None of the account's 1 role"));
        assert!(findings[0].message.contains("attached to user helpdesk"));

        let empty = SupportRoleExists.evaluate(
            &with_authorization(Authorization::default()),
            &Settings::default(),
        );
        assert_eq!(verdicts(&empty), vec![(ACCOUNT.into(), Status::Fail)]);
    }

    #[test]
    fn errors_when_authorization_was_not_collected() {
        let mut inventory = inventory();
        inventory.iam.authorization = failed("iam:GetAccountAuthorizationDetails");
        let findings = SupportRoleExists.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
