//! `iam.role_external_trust_requires_external_id`: every role another account may assume requires an sts:ExternalId.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::per_role_trust;
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};
use crate::policy::{Condition, Grant, Reach};

pub struct RoleExternalTrustRequiresExternalId;

impl Check for RoleExternalTrustRequiresExternalId {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/role_external_trust_requires_external_id")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAuthorization]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_role_trust(self.meta(), inventory, |role, grants| {
            let external: Vec<&Grant<'_>> = grants
                .iter()
                .filter(|grant| matches!(grant.reach, Reach::ExternalAccounts(_)))
                .collect();
            let unguarded: Vec<String> = external
                .iter()
                .filter(|grant| !grant.statement.conditions.iter().any(requires_external_id))
                .map(|grant| format!("{} (statement {})", grant.reach, grant.label()))
                .collect();
            let name = &role.name;
            match (external.is_empty(), unguarded.is_empty()) {
                (true, _) => (true, format!("role {name} trusts no external account")),
                (false, true) => (
                    true,
                    format!(
                        "every external account role {name} trusts must present an sts:ExternalId"
                    ),
                ),
                (false, false) => (
                    false,
                    format!(
                        "role {name} may be assumed without an sts:ExternalId by {}",
                        unguarded.join("; ")
                    ),
                ),
            }
        })
    }
}

/// A condition that makes the caller present a fixed external id: a positive string operator on
/// sts:ExternalId, not IfExists (a caller without one would pass), with a value that is not only
/// wildcards.
fn requires_external_id(condition: &Condition) -> bool {
    let operator = condition
        .operator
        .strip_prefix("ForAnyValue:")
        .unwrap_or(&condition.operator);
    condition.key.eq_ignore_ascii_case("sts:ExternalId")
        && matches!(
            operator,
            "StringEquals" | "StringLike" | "StringEqualsIgnoreCase"
        )
        && !condition.values.is_empty()
        && condition
            .values
            .iter()
            .all(|value| !value.chars().all(|c| c == '*' || c == '?'))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{roles, trusting};
    use crate::finding::Status;

    fn run(inventory: &Inventory) -> Vec<Finding> {
        RoleExternalTrustRequiresExternalId.evaluate(inventory, &Settings::default())
    }

    fn third_party(condition: Value) -> Value {
        json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": "sts:AssumeRole", "Condition": condition}])
    }

    #[test]
    fn fails_an_external_account_without_a_fixed_external_id() {
        let findings = run(&roles(vec![
            trusting("bare", third_party(json!({}))),
            trusting(
                "if-exists",
                third_party(json!({"StringEqualsIfExists": {"sts:ExternalId": "x"}})),
            ),
            trusting(
                "wildcard",
                third_party(json!({"StringLike": {"sts:ExternalId": "*"}})),
            ),
        ]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("bare".into(), Status::Fail),
                ("if-exists".into(), Status::Fail),
                ("wildcard".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[0].message,
            "role bare may be assumed without an sts:ExternalId by external account 444455556666 (statement #1)"
        );
    }

    #[test]
    fn passes_with_an_external_id_or_without_external_trust() {
        let own = trusting(
            "own",
            json!([{"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}]),
        );
        let findings = run(&roles(vec![
            trusting(
                "guarded",
                third_party(json!({"StringEquals": {"sts:ExternalId": "d3b07384"}})),
            ),
            own,
        ]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("guarded".into(), Status::Pass),
                ("own".into(), Status::Pass)
            ]
        );
        assert_eq!(findings[1].message, "role own trusts no external account");
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
