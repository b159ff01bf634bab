//! `iam.no_inline_policies`: no IAM user, group or role carries an inline policy.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{count, per_principal};
use crate::finding::{Finding, Verdict};
use crate::inventory::{Inventory, Source};

pub struct NoInlinePolicies;

impl Check for NoInlinePolicies {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/no_inline_policies")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAuthorization]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_principal(self.meta(), inventory, |principal| {
            let label = principal.label();
            let names: Vec<&str> = principal
                .inline_policies
                .iter()
                .map(|policy| policy.name.as_str())
                .collect();
            if names.is_empty() {
                Verdict::Pass(format!("{label} has no inline policies"))
            } else {
                Verdict::Fail(format!(
                    "{label} has {}: {}",
                    count(names.len(), "inline policy", "inline policies"),
                    names.join(", ")
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{
        allow_all, attached, group, inline, read_only_s3, role, service_linked_role, user,
        with_authorization,
    };
    use crate::finding::Status;
    use crate::inventory::iam::{Authorization, Group, Role, User};

    #[test]
    fn passes_principals_with_only_managed_policies() {
        let auth = Authorization {
            users: vec![User {
                groups: vec!["learn-clean-group".into()],
                ..user("learn-clean-user")
            }],
            groups: vec![Group {
                attached_policies: vec![attached(
                    "arn:aws:iam::111122223333:policy/learn-readonly-policy",
                )],
                ..group("learn-clean-group")
            }],
            roles: vec![role("learn-clean-role")],
            policies: Vec::new(),
            aws_managed_policies: Default::default(),
        };
        let findings = NoInlinePolicies.evaluate(&with_authorization(auth), &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("learn-clean-user".into(), Status::Pass),
                ("learn-clean-group".into(), Status::Pass),
                ("learn-clean-role".into(), Status::Pass),
            ]
        );
        assert_eq!(findings[1].resource.kind, "AwsIamGroup");
        assert_eq!(findings[2].resource.kind, "AwsIamRole");
    }

    #[test]
    fn fails_each_principal_with_inline_policies_and_names_them() {
        let auth = Authorization {
            users: vec![User {
                inline_policies: vec![inline("admin-inline", allow_all())],
                ..user("learn-inline-admin")
            }],
            groups: vec![Group {
                inline_policies: vec![
                    inline("list-a", read_only_s3()),
                    inline("list-b", read_only_s3()),
                ],
                ..group("learn-inline-group")
            }],
            roles: vec![
                Role {
                    inline_policies: vec![inline("learn-inline-list", read_only_s3())],
                    ..role("learn-inline-role")
                },
                // AWS manages service-linked roles: not the customer's finding.
                Role {
                    inline_policies: vec![inline("aws-managed", read_only_s3())],
                    ..service_linked_role("AWSServiceRoleForSupport")
                },
            ],
            policies: Vec::new(),
            aws_managed_policies: Default::default(),
        };
        let findings = NoInlinePolicies.evaluate(&with_authorization(auth), &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("learn-inline-admin".into(), Status::Fail),
                ("learn-inline-group".into(), Status::Fail),
                ("learn-inline-role".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[0].message,
            "user learn-inline-admin has 1 inline policy: admin-inline"
        );
        assert_eq!(
            findings[1].message,
            "group learn-inline-group has 2 inline policies: list-a, list-b"
        );
    }

    #[test]
    fn errors_when_authorization_was_not_collected() {
        let mut inventory = inventory();
        inventory.iam.authorization = failed("iam:GetAccountAuthorizationDetails");
        let findings = NoInlinePolicies.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("iam:GetAccountAuthorizationDetails")
        );
    }
}
