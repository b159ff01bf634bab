//! `iam.role_trust_not_public`: no role's trust policy lets anyone, or any AWS account, assume it.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{per_role_trust, who_may_assume};
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};
use crate::policy::UnpinnedService;

pub struct RoleTrustNotPublic;

impl Check for RoleTrustNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/role_trust_not_public")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAuthorization]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_role_trust(self.meta(), inventory, |role, grants| {
            // A service principal is not public here: only someone allowed iam:PassRole in this
            // account can hand the role to a service. Identity providers have their own check.
            let open: Vec<String> = grants
                .iter()
                .filter(|grant| grant.reach.is_public(UnpinnedService::IsNotPublic))
                .map(|grant| grant.describe())
                .collect();
            if open.is_empty() {
                (
                    true,
                    format!(
                        "role {} may be assumed by {}",
                        role.name,
                        who_may_assume(grants)
                    ),
                )
            } else {
                (
                    false,
                    format!(
                        "role {}'s trust policy is open: {}",
                        role.name,
                        open.join("; ")
                    ),
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{role, service_linked_role};
    use crate::checks::iam::fixtures::{roles, trusting};
    use crate::finding::Status;

    fn run(inventory: &Inventory) -> Vec<Finding> {
        RoleTrustNotPublic.evaluate(inventory, &Settings::default())
    }

    #[test]
    fn fails_a_role_anyone_or_any_account_can_assume() {
        let anyone = trusting(
            "anyone",
            json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]),
        );
        let any_account = trusting(
            "any-account",
            json!([{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
                    "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci"}}}]),
        );
        let findings = run(&roles(vec![anyone, any_account]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("anyone".into(), Status::Fail),
                ("any-account".into(), Status::Fail)
            ]
        );
        assert!(
            findings[0]
                .message
                .contains("allows sts:AssumeRole to anyone"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[1]
                .message
                .contains("any principal of any AWS account")
        );
    }

    #[test]
    fn passes_accounts_services_organizations_and_tag_only_statements() {
        let own = trusting(
            "own",
            json!([{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
                    "Action": "sts:AssumeRole"}]),
        );
        let ec2 = trusting(
            "ec2",
            json!([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]),
        );
        let org = trusting(
            "org",
            json!([{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]),
        );
        let tag_only = trusting(
            "tag-only",
            json!([{"Effect": "Allow", "Principal": "*", "Action": "sts:TagSession"}]),
        );
        let findings = run(&roles(vec![
            own,
            ec2,
            org,
            tag_only,
            service_linked_role("slr"),
        ]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("own".into(), Status::Pass),
                ("ec2".into(), Status::Pass),
                ("org".into(), Status::Pass),
                ("tag-only".into(), Status::Pass),
            ]
        );
        assert_eq!(
            findings[0].message,
            "role own may be assumed by this account only"
        );
        assert_eq!(
            findings[3].message,
            "role tag-only may be assumed by no one"
        );
    }

    #[test]
    fn errors_on_a_missing_or_malformed_trust_policy_or_uncollected_roles() {
        let mut garbled = role("garbled");
        garbled.assume_role_policy = Some(json!("{not json"));
        let findings = run(&roles(vec![role("missing"), garbled]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("missing".into(), Status::Error),
                ("garbled".into(), Status::Error)
            ]
        );
        assert!(
            findings[0]
                .message
                .contains("no trust policy for role missing")
        );
        assert!(
            findings[1]
                .message
                .contains("malformed policy document trust policy of role garbled")
        );
        let mut uncollected = inventory();
        uncollected.iam.authorization = failed("iam:GetAccountAuthorizationDetails");
        assert_eq!(
            verdicts(&run(&uncollected)),
            vec![(ACCOUNT.into(), Status::Error)]
        );
    }
}
