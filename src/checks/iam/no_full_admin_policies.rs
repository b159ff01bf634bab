//! `iam.no_full_admin_policies`: no customer-managed or inline policy allows every action on every resource.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::{
    POLICY_TYPE, count, customer_principals, from_authorization, malformed_policy,
};
use crate::finding::{Finding, GLOBAL_REGION, Resource};
use crate::inventory::iam::ManagedPolicy;
use crate::inventory::{Gap, Inventory, Source};
use crate::policy::{PolicyDocument, grants_full_admin};

pub struct NoFullAdminPolicies;

/// How a failing message spells out the grant, so the reader recognises it in the JSON.
const FULL_ADMIN: &str =
    "allows every action on every resource (\"Action\": \"*\", \"Resource\": \"*\")";

impl Check for NoFullAdminPolicies {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/no_full_admin_policies")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAuthorization]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        from_authorization(meta, inventory, |auth| {
            let managed = auth.policies.iter().map(|policy| self.managed(policy));
            let inline = customer_principals(auth).flat_map(|principal| {
                    principal.inline_policies.iter().map(move |policy| {
                        let id = principal.inline_policy_id(policy);
                        let resource = principal.inline_policy_resource(policy);
                        match PolicyDocument::parse(&policy.document) {
                            Err(error) => {
                                Finding::error(meta, resource, &malformed_policy(&id, &error))
                            }
                            Ok(document) if grants_full_admin(&document) => Finding::fail(
                                meta,
                                resource,
                                format!(
                                    "Inline policy {} of {} {FULL_ADMIN}",
                                    policy.name,
                                    principal.label()
                                ),
                            ),
                            Ok(_) => Finding::pass(
                                meta,
                                resource,
                                format!(
                                    "Inline policy {} of {} does not allow every action on every resource",
                                    policy.name,
                                    principal.label()
                                ),
                            ),
                        }
                    })
                });
            managed.chain(inline).collect()
        })
    }
}

impl NoFullAdminPolicies {
    fn managed(&self, policy: &ManagedPolicy) -> Finding {
        let meta = self.meta();
        let name = &policy.name;
        let resource = Resource::new(
            POLICY_TYPE,
            name.clone(),
            Some(policy.arn.clone()),
            GLOBAL_REGION,
        );
        let Some(document) = &policy.default_version else {
            let gap = Gap::new(
                "iam:GetAccountAuthorizationDetails",
                format!("the answer holds no default version document for {name}"),
            );
            return Finding::error(meta, resource, &gap);
        };
        let attachments = match usize::try_from(policy.attachment_count) {
            Ok(0) | Err(_) => "is not attached to any identity yet".to_string(),
            Ok(n) => format!("is attached to {}", count(n, "identity", "identities")),
        };
        match PolicyDocument::parse(document) {
            Err(error) => Finding::error(meta, resource, &malformed_policy(name, &error)),
            Ok(document) if grants_full_admin(&document) => Finding::fail(
                meta,
                resource,
                format!("Customer-managed policy {name} {FULL_ADMIN} and {attachments}"),
            ),
            Ok(_) => Finding::pass(
                meta,
                resource,
                format!(
                    "Customer-managed policy {name} does not allow every action on every resource ({attachments})"
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::{
        allow_all, group, inline, read_only_s3, role, user, with_authorization,
    };
    use crate::finding::Status;
    use crate::inventory::iam::{Authorization, Group, Role, User};

    fn managed(name: &str, document: Option<serde_json::Value>, attachments: i32) -> ManagedPolicy {
        ManagedPolicy {
            name: name.into(),
            arn: format!("arn:aws:iam::{ACCOUNT}:policy/{name}"),
            attachment_count: attachments,
            default_version: document,
        }
    }

    fn evaluate(auth: Authorization) -> Vec<Finding> {
        NoFullAdminPolicies.evaluate(&with_authorization(auth), &Settings::default())
    }

    #[test]
    fn passes_scoped_policies() {
        // An Allow */* cancelled by an unconditional Deny */* grants nothing.
        let cancelled = json!({"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*"}
        ]});
        let findings = evaluate(Authorization {
            policies: vec![
                managed("learn-readonly-policy", Some(read_only_s3()), 2),
                managed("cancelled", Some(cancelled), 0),
            ],
            groups: vec![Group {
                inline_policies: vec![inline("learn-inline-list", read_only_s3())],
                ..group("learn-inline-group")
            }],
            ..Authorization::default()
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("learn-readonly-policy".into(), Status::Pass),
                ("cancelled".into(), Status::Pass),
                (
                    "group/learn-inline-group/learn-inline-list".into(),
                    Status::Pass
                ),
            ]
        );
        assert!(findings[0].message.contains("attached to 2 identities"));
    }

    #[test]
    fn fails_full_admin_managed_and_inline_policies() {
        let findings = evaluate(Authorization {
            policies: vec![managed("learn-admin-policy", Some(allow_all()), 1)],
            users: vec![User {
                inline_policies: vec![inline("admin-inline", allow_all())],
                ..user("learn-inline-admin")
            }],
            roles: vec![Role {
                inline_policies: vec![inline("star", allow_all())],
                ..role("deploy")
            }],
            ..Authorization::default()
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("learn-admin-policy".into(), Status::Fail),
                ("user/learn-inline-admin/admin-inline".into(), Status::Fail),
                ("role/deploy/star".into(), Status::Fail),
            ]
        );
        assert!(findings[0].message.contains("attached to 1 identity"));
        assert_eq!(findings[0].resource.kind, "AwsIamPolicy");
        assert_eq!(
            findings[1].resource.arn.as_deref(),
            Some("arn:aws:iam::111122223333:user/learn-inline-admin")
        );
        assert!(findings[1].message.contains("user learn-inline-admin"));
    }

    #[test]
    fn an_unattached_admin_policy_still_fails() {
        let findings = evaluate(Authorization {
            policies: vec![managed("spare-admin", Some(allow_all()), 0)],
            ..Authorization::default()
        });
        assert_eq!(
            verdicts(&findings),
            vec![("spare-admin".into(), Status::Fail)]
        );
        assert!(findings[0].message.contains("not attached to any identity"));
    }

    #[test]
    fn malformed_or_missing_documents_are_errors() {
        let findings = evaluate(Authorization {
            policies: vec![
                managed("no-statement", Some(json!({"Version": "2012-10-17"})), 1),
                managed("no-version", None, 1),
                managed("unparsed", Some(json!("{not json")), 1),
            ],
            users: vec![User {
                inline_policies: vec![inline("garbled", json!("{not json"))],
                ..user("bob")
            }],
            ..Authorization::default()
        });
        assert_eq!(
            verdicts(&findings),
            vec![
                ("no-statement".into(), Status::Error),
                ("no-version".into(), Status::Error),
                ("unparsed".into(), Status::Error),
                ("user/bob/garbled".into(), Status::Error),
            ]
        );
        assert!(
            findings[0]
                .message
                .contains("malformed policy document no-statement")
        );
        assert!(
            findings[1]
                .message
                .contains("iam:GetAccountAuthorizationDetails failed")
        );
        // A document that did not parse at collection reports why, not a call never made.
        assert!(
            findings[2]
                .message
                .contains("malformed policy document unparsed: policy document is not JSON"),
            "{}",
            findings[2].message
        );
        assert!(
            findings[3]
                .message
                .contains("malformed policy document user/bob/garbled")
        );
    }

    #[test]
    fn errors_when_authorization_was_not_collected() {
        let mut inventory = inventory();
        inventory.iam.authorization = failed("iam:GetAccountAuthorizationDetails");
        let findings = NoFullAdminPolicies.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
