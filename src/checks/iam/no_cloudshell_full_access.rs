//! `iam.no_cloudshell_full_access`: no IAM user, group or role has AWSCloudShellFullAccess attached.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{is_aws_managed, per_principal};
use crate::finding::{Finding, Verdict};
use crate::inventory::{Inventory, Source};

pub struct NoCloudshellFullAccess;

const CLOUDSHELL_POLICY: &str = "AWSCloudShellFullAccess";

impl Check for NoCloudshellFullAccess {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/no_cloudshell_full_access")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAuthorization]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_principal(self.meta(), inventory, |principal| {
            let label = principal.label();
            let attached = principal
                .attached_policies
                .iter()
                .find(|policy| is_aws_managed(policy, CLOUDSHELL_POLICY));
            match attached {
                Some(policy) => Verdict::Fail(format!("{label} has {} attached", policy.arn)),
                None => Verdict::Pass(format!(
                    "{label} does not have {CLOUDSHELL_POLICY} attached"
                )),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{attached, group, role, user, with_authorization};
    use crate::finding::Status;
    use crate::inventory::iam::{Authorization, Group, Role, User};

    const CLOUDSHELL: &str = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess";

    #[test]
    fn passes_principals_without_the_policy() {
        let auth = Authorization {
            users: vec![User {
                attached_policies: vec![attached("arn:aws:iam::aws:policy/ReadOnlyAccess")],
                ..user("reader")
            }],
            groups: vec![group("devs")],
            roles: vec![role("deploy")],
            policies: Vec::new(),
            aws_managed_policies: Default::default(),
        };
        let findings =
            NoCloudshellFullAccess.evaluate(&with_authorization(auth), &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("reader".into(), Status::Pass),
                ("devs".into(), Status::Pass),
                ("deploy".into(), Status::Pass),
            ]
        );
    }

    #[test]
    fn fails_each_principal_with_the_policy() {
        let auth = Authorization {
            users: vec![User {
                attached_policies: vec![attached(CLOUDSHELL)],
                ..user("learn-cloudshell-user")
            }],
            groups: vec![Group {
                attached_policies: vec![attached(CLOUDSHELL)],
                ..group("shell-users")
            }],
            roles: vec![Role {
                attached_policies: vec![attached(CLOUDSHELL)],
                ..role("ops")
            }],
            policies: Vec::new(),
            aws_managed_policies: Default::default(),
        };
        let findings =
            NoCloudshellFullAccess.evaluate(&with_authorization(auth), &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("learn-cloudshell-user".into(), Status::Fail),
                ("shell-users".into(), Status::Fail),
                ("ops".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[0].message,
            "user learn-cloudshell-user has arn:aws:iam::aws:policy/AWSCloudShellFullAccess attached"
        );
    }

    #[test]
    fn errors_when_authorization_was_not_collected() {
        let mut inventory = inventory();
        inventory.iam.authorization = failed("iam:GetAccountAuthorizationDetails");
        let findings = NoCloudshellFullAccess.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
