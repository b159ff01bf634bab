//! `iam.user_permissions_via_groups_only`: IAM users get permissions only through groups.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{PrincipalKind, customer_principals, from_authorization};
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};

pub struct UserPermissionsViaGroupsOnly;

impl Check for UserPermissionsViaGroupsOnly {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/user_permissions_via_groups_only")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAuthorization]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        from_authorization(meta, inventory, |auth| {
            customer_principals(auth)
                    .filter(|principal| principal.kind == PrincipalKind::User)
                    .map(|user| {
                        let name = user.name;
                        let mut direct: Vec<String> = user
                            .inline_policies
                            .iter()
                            .map(|policy| format!("inline policy {}", policy.name))
                            .collect();
                        direct.extend(
                            user.attached_policies
                                .iter()
                                .map(|policy| format!("managed policy {}", policy.name)),
                        );
                        if direct.is_empty() {
                            Finding::pass(
                                meta,
                                user.resource(),
                                format!("{name} has no policies of its own; any permissions come from its groups"),
                            )
                        } else {
                            Finding::fail(
                                meta,
                                user.resource(),
                                format!(
                                    "{name} has permissions granted directly, not through a group: {}",
                                    direct.join(", ")
                                ),
                            )
                        }
                    })
                    .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{
        allow_all, attached, group, inline, user, with_authorization,
    };
    use crate::finding::Status;
    use crate::inventory::iam::{Authorization, User};

    #[test]
    fn passes_users_whose_permissions_come_from_groups() {
        let auth = Authorization {
            users: vec![User {
                groups: vec!["learn-clean-group".into()],
                ..user("learn-clean-user")
            }],
            groups: vec![group("learn-clean-group")],
            ..Authorization::default()
        };
        let findings =
            UserPermissionsViaGroupsOnly.evaluate(&with_authorization(auth), &Settings::default());
        // One finding per user: the group itself is not evaluated.
        assert_eq!(
            verdicts(&findings),
            vec![("learn-clean-user".into(), Status::Pass)]
        );
    }

    #[test]
    fn fails_users_with_inline_or_directly_attached_policies() {
        let auth = Authorization {
            users: vec![
                User {
                    inline_policies: vec![inline("learn-inline-star", allow_all())],
                    ..user("learn-inline-admin")
                },
                User {
                    attached_policies: vec![attached(
                        "arn:aws:iam::aws:policy/AWSCloudShellFullAccess",
                    )],
                    ..user("learn-cloudshell-user")
                },
            ],
            ..Authorization::default()
        };
        let findings =
            UserPermissionsViaGroupsOnly.evaluate(&with_authorization(auth), &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("learn-inline-admin".into(), Status::Fail),
                ("learn-cloudshell-user".into(), Status::Fail),
            ]
        );
        assert!(
            findings[0]
                .message
                .ends_with("inline policy learn-inline-star")
        );
        assert!(
            findings[1]
                .message
                .ends_with("managed policy AWSCloudShellFullAccess")
        );
    }

    #[test]
    fn errors_when_authorization_was_not_collected() {
        let mut inventory = inventory();
        inventory.iam.authorization = failed("iam:GetAccountAuthorizationDetails");
        let findings = UserPermissionsViaGroupsOnly.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
