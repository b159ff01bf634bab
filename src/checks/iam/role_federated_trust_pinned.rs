//! `iam.role_federated_trust_pinned`: every role trusting a web identity or SAML provider pins the audience or subject.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::per_role_trust;
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};
use crate::policy::{Condition, Reach};

pub struct RoleFederatedTrustPinned;

/// GitHub's OIDC tokens carry the same default audience (sts.amazonaws.com) for every repository
/// on GitHub, so only the subject tells one repository from another.
const GITHUB_OIDC: &str = "token.actions.githubusercontent.com";

impl Check for RoleFederatedTrustPinned {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/role_federated_trust_pinned")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAuthorization]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_role_trust(self.meta(), inventory, |role, grants| {
            let mut providers = Vec::new();
            let mut unpinned = Vec::new();
            for grant in grants {
                let Reach::Federated { provider } = &grant.reach else {
                    continue;
                };
                providers.push(provider.as_str());
                let claims = required_claims(provider);
                let prefix = claim_prefix(provider);
                let pinned = grant
                    .statement
                    .conditions
                    .iter()
                    .any(|condition| pins_claim(condition, &prefix, claims));
                if !pinned {
                    unpinned.push(format!(
                        "{provider} (statement {}) without a {} condition",
                        grant.label(),
                        claims
                            .iter()
                            .map(|claim| format!("{prefix}:{claim}"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ));
                }
            }
            let name = &role.name;
            if providers.is_empty() {
                (true, format!("role {name} trusts no identity provider"))
            } else if unpinned.is_empty() {
                (
                    true,
                    format!(
                        "role {name}'s trust in {} pins the audience or subject",
                        providers.join(", ")
                    ),
                )
            } else {
                (
                    false,
                    format!(
                        "role {name} may be assumed by any user of {}",
                        unpinned.join("; ")
                    ),
                )
            }
        })
    }
}

/// The condition-key prefix of a provider's claims: `SAML` for SAML providers, the issuer's host
/// for OIDC providers (named by ARN or, for Cognito, Google, Facebook and Amazon, by host).
fn claim_prefix(provider: &str) -> String {
    if provider.contains(":saml-provider/") {
        return "SAML".to_string();
    }
    provider
        .split_once(":oidc-provider/")
        .map_or(provider, |(_, host)| host)
        .to_string()
}

fn required_claims(provider: &str) -> &'static [&'static str] {
    if claim_prefix(provider).eq_ignore_ascii_case(GITHUB_OIDC) {
        &["sub"]
    } else {
        &["aud", "sub"]
    }
}

/// A positive, non-IfExists string condition on one of the claims, with values that name
/// something (not only wildcards, and for GitHub not `repo:*`).
fn pins_claim(condition: &Condition, prefix: &str, claims: &[&str]) -> bool {
    let key_matches = claims.iter().any(|claim| {
        condition
            .key
            .eq_ignore_ascii_case(&format!("{prefix}:{claim}"))
    });
    let operator = condition
        .operator
        .strip_prefix("ForAnyValue:")
        .unwrap_or(&condition.operator);
    let positive = matches!(
        operator,
        "StringEquals" | "StringLike" | "StringEqualsIgnoreCase"
    );
    let names_something = |value: &String| {
        let value = value.strip_prefix("repo:").unwrap_or(value);
        value.chars().any(|c| c != '*' && c != '?')
    };
    key_matches
        && positive
        && !condition.values.is_empty()
        && condition.values.iter().all(names_something)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{roles, trusting};
    use crate::finding::Status;

    fn run(inventory: &Inventory) -> Vec<Finding> {
        RoleFederatedTrustPinned.evaluate(inventory, &Settings::default())
    }

    fn github(condition: Value) -> Value {
        json!([{"Effect": "Allow",
                "Principal": {"Federated": format!("arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com")},
                "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition}])
    }

    fn cognito(condition: Value) -> Value {
        json!([{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition}])
    }

    #[test]
    fn fails_a_provider_trusted_without_audience_or_subject() {
        let audience_only = json!({"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}});
        let any_repo = json!({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}});
        let saml = json!([{"Effect": "Allow",
            "Principal": {"Federated": format!("arn:aws:iam::{ACCOUNT}:saml-provider/corp")},
            "Action": "sts:AssumeRoleWithSAML"}]);
        let findings = run(&roles(vec![
            trusting("gh-aud-only", github(audience_only)),
            trusting("gh-any-repo", github(any_repo)),
            trusting("cognito-open", cognito(json!({}))),
            trusting("saml-open", saml),
        ]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("gh-aud-only".into(), Status::Fail),
                ("gh-any-repo".into(), Status::Fail),
                ("cognito-open".into(), Status::Fail),
                ("saml-open".into(), Status::Fail),
            ]
        );
        assert!(
            findings[0]
                .message
                .contains("without a token.actions.githubusercontent.com:sub condition"),
            "{}",
            findings[0].message
        );
        assert!(findings[3].message.contains("SAML:aud or SAML:sub"));
    }

    #[test]
    fn passes_pinned_providers_and_roles_without_providers() {
        let one_repo =
            json!({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo/app:*"}});
        let pool = json!({"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd"}});
        let ec2 = json!([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]);
        let findings = run(&roles(vec![
            trusting("gh-one-repo", github(one_repo)),
            trusting("cognito-pool", cognito(pool)),
            trusting("ec2", ec2),
        ]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("gh-one-repo".into(), Status::Pass),
                ("cognito-pool".into(), Status::Pass),
                ("ec2".into(), Status::Pass),
            ]
        );
        assert_eq!(findings[2].message, "role ec2 trusts no identity provider");
    }

    #[test]
    fn errors_when_roles_were_not_collected() {
        let mut uncollected = inventory();
        uncollected.iam.authorization = failed("iam:GetAccountAuthorizationDetails");
        assert_eq!(
            verdicts(&run(&uncollected)),
            vec![(ACCOUNT.into(), Status::Error)]
        );
    }
}
