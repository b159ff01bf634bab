//! `iam.external_access_trusted_only`: no resource or trust policy grants an account outside this one and the trusted list.

use std::collections::BTreeSet;

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::iam::per_role_trust;
use crate::checks::kms::{key_label, per_customer_key};
use crate::checks::s3::bucket_policy;
use crate::checks::sns::{topic_name, topic_policy};
use crate::checks::{Subject, per_account_resource, per_regional_resource, resource_policy};
use crate::finding::{Finding, Verdict};
use crate::inventory::s3::S3Facet;
use crate::inventory::{Collected, Gap, Inventory, RegionInventory, Source};
use crate::policy::{Grant, PolicyDocument, analyse};

pub struct ExternalAccessTrustedOnly;

impl Check for ExternalAccessTrustedOnly {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/external_access_trusted_only")
    }

    fn s3_facets(&self) -> &'static [S3Facet] {
        &[S3Facet::Policy]
    }

    fn needs(&self) -> &'static [Source] {
        &[
            Source::IamAuthorization,
            Source::S3,
            Source::Lambda,
            Source::LambdaPolicies,
            Source::Kms,
            Source::KmsKeyPolicies,
            Source::SecretsManager,
            Source::Sqs,
            Source::Sns,
            Source::Ecr,
            Source::EcrRepositoryPolicies,
            Source::EventBridge,
        ]
    }

    fn evaluate(&self, inventory: &Inventory, settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let account = &inventory.account.id;
        let trusted = &settings.trusted_accounts;
        let judge_document = |document: Option<PolicyDocument>, what: String| match document {
            None => Verdict::Pass(format!("{what} has no resource policy")),
            Some(document) => {
                let (passed, message) = judge(&analyse(&document, account), trusted, &what);
                Verdict::holds(passed, message)
            }
        };
        let mut findings = per_role_trust(meta, inventory, |role, grants| {
            judge(grants, trusted, &format!("role {}", role.name))
        });
        findings.extend(per_account_resource(
            inventory,
            meta,
            &inventory.s3.buckets,
            |bucket| {
                Some(
                    bucket_policy(bucket)
                        .map(|d| judge_document(d, format!("bucket {}", bucket.name))),
                )
            },
        ));
        let judge_document = &judge_document;
        let each = Regional {
            inventory,
            meta,
            judge_document,
        };
        findings.extend(each.resource(
            |r| &r.services.functions,
            |f| resource_policy(&f.policy, "lambda:GetPolicy"),
            |f| format!("function {}", f.name),
        ));
        findings.extend(per_customer_key(
            inventory,
            meta,
            |_| true,
            |key, _| {
                resource_policy(&key.policy, "kms:GetKeyPolicy")
                    .map(|d| judge_document(d, key_label(key)))
            },
        ));
        findings.extend(each.resource(
            |r| &r.services.secrets,
            |s| resource_policy(&s.policy, "secretsmanager:GetResourcePolicy"),
            |s| format!("secret {}", s.name),
        ));
        findings.extend(each.resource(
            |r| &r.services.queues,
            |q| resource_policy(&q.policy, "sqs:GetQueueAttributes"),
            |q| format!("queue {}", q.name),
        ));
        findings.extend(each.resource(
            |r| &r.services.sns_topics,
            topic_policy,
            |t| format!("topic {}", topic_name(t)),
        ));
        findings.extend(each.resource(
            |r| &r.services.repositories,
            |r| resource_policy(&r.policy, "ecr:GetRepositoryPolicy"),
            |r| format!("repository {}", r.name),
        ));
        findings.extend(each.resource(
            |r| &r.services.event_buses,
            |b| resource_policy(&b.policy, "events:ListEventBuses"),
            |b| format!("event bus {}", b.name),
        ));
        findings
    }
}

/// Judges the policies of one regional collection, one finding per resource.
struct Regional<'a, J> {
    inventory: &'a Inventory,
    meta: &'static CheckMeta,
    judge_document: &'a J,
}

impl<J: Fn(Option<PolicyDocument>, String) -> Verdict> Regional<'_, J> {
    fn resource<T: Subject>(
        &self,
        select: impl Fn(&RegionInventory) -> &Collected<Vec<T>>,
        policy: impl Fn(&T) -> Result<Option<PolicyDocument>, Gap>,
        label: impl Fn(&T) -> String,
    ) -> Vec<Finding> {
        per_regional_resource(self.inventory, self.meta, select, |_, item| {
            Some(policy(item).map(|document| (self.judge_document)(document, label(item))))
        })
    }
}

/// FAIL naming the accounts the grants reach that are neither this one nor trusted. An
/// organization-wide grant is not an external account: it stays inside the organization.
fn judge(grants: &[Grant<'_>], trusted: &BTreeSet<String>, what: &str) -> (bool, String) {
    let reached: BTreeSet<String> = grants
        .iter()
        .flat_map(|grant| grant.reach.external_accounts())
        .collect();
    let untrusted: Vec<&String> = reached.iter().filter(|a| !trusted.contains(*a)).collect();
    if untrusted.is_empty() {
        let trusted_note = if reached.is_empty() {
            String::new()
        } else {
            format!(
                " (trusted: {})",
                reached.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        };
        return (
            true,
            format!("{what} grants no account outside this one and the trusted list{trusted_note}"),
        );
    }
    let list = untrusted
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    (
        false,
        format!(
            "{what} grants access to account {list}, which is not among the trusted accounts \
             (--trusted-account)"
        ),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::checks::iam::fixtures::trusting;
    use crate::checks::kms::fixtures::key;
    use crate::checks::lambda::fixtures::function;
    use crate::checks::s3::fixtures::bucket;
    use crate::checks::secretsmanager::fixtures::secret;
    use crate::checks::sns::fixtures::topic;
    use crate::checks::sqs::fixtures::queue;
    use crate::finding::Status;
    use crate::inventory::iam::Authorization;
    use crate::inventory::services::{EventBus, Repository};
    use crate::inventory::{Collected, RegionInventory};

    const PARTNER: &str = "444455556666";
    const STRANGER: &str = "777788889999";

    fn document(principal: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": principal, "Action": "*", "Resource": "*"}
        ]})
    }

    fn account_root(account: &str) -> Value {
        json!({"AWS": format!("arn:aws:iam::{account}:root")})
    }

    /// One resource of every kind granting `principal` (bucket, function, key, secret, queue, topic,
    /// repository, event bus), and a role trusting it.
    fn everything_granting(principal: Value) -> Inventory {
        let mut inventory = inventory();
        let trust = json!([{"Effect": "Allow", "Principal": principal.clone(), "Action": "sts:AssumeRole"}]);
        inventory.iam.authorization = Collected::Ok(Authorization {
            roles: vec![trusting("role", trust)],
            ..Authorization::default()
        });
        let mut b = bucket("bucket");
        b.policy = Collected::Ok(Some(document(principal.clone())));
        inventory.s3.buckets = Collected::Ok(vec![b]);
        let mut region = RegionInventory::default();
        let mut f = function("function");
        f.policy = Collected::Ok(Some(document(principal.clone())));
        region.services.functions = Collected::Ok(vec![f]);
        let mut k = key("key");
        k.policy = Collected::Ok(Some(document(principal.clone())));
        region.services.kms_keys = Collected::Ok(vec![k]);
        let mut s = secret("secret", true);
        s.policy = Collected::Ok(Some(document(principal.clone())));
        region.services.secrets = Collected::Ok(vec![s]);
        let mut q = queue("queue");
        q.policy = Collected::Ok(Some(document(principal.clone())));
        region.services.queues = Collected::Ok(vec![q]);
        let t = topic("topic", Some(document(principal.clone())), None);
        region.services.sns_topics = Collected::Ok(vec![t]);
        region.services.repositories = Collected::Ok(vec![Repository {
            name: "repository".into(),
            arn: format!("arn:aws:ecr:us-east-1:{ACCOUNT}:repository/repository"),
            policy: Collected::Ok(Some(document(principal.clone()))),
            scan_on_push: Collected::NotCollected,
            tag_mutability: Collected::NotCollected,
            lifecycle_policy: Collected::NotCollected,
        }]);
        region.services.event_buses = Collected::Ok(vec![EventBus {
            name: "bus".into(),
            arn: format!("arn:aws:events:us-east-1:{ACCOUNT}:event-bus/bus"),
            policy: Collected::Ok(Some(document(principal))),
        }]);
        inventory.regions.insert("us-east-1".into(), region);
        inventory
    }

    fn statuses(findings: &[Finding]) -> Vec<Status> {
        findings.iter().map(|f| f.status).collect()
    }

    #[test]
    fn fails_every_kind_of_resource_granting_an_untrusted_account() {
        let findings = ExternalAccessTrustedOnly.evaluate(
            &everything_granting(account_root(STRANGER)),
            &Settings::default(),
        );
        assert_eq!(statuses(&findings), vec![Status::Fail; 9]);
        assert_eq!(
            findings[0].message,
            "role role grants access to account 777788889999, which is not among the trusted \
             accounts (--trusted-account)"
        );
    }

    #[test]
    fn passes_trusted_accounts_this_account_and_the_organization() {
        let settings = Settings {
            trusted_accounts: BTreeSet::from([PARTNER.to_string()]),
            ..Settings::default()
        };
        let trusted = ExternalAccessTrustedOnly
            .evaluate(&everything_granting(account_root(PARTNER)), &settings);
        assert_eq!(statuses(&trusted), vec![Status::Pass; 9]);
        assert!(
            trusted[0].message.ends_with("(trusted: 444455556666)"),
            "{}",
            trusted[0].message
        );
        let own = ExternalAccessTrustedOnly.evaluate(
            &everything_granting(account_root(ACCOUNT)),
            &Settings::default(),
        );
        assert_eq!(statuses(&own), vec![Status::Pass; 9]);
        // Public grants are the public checks' findings, not this one's.
        let public = ExternalAccessTrustedOnly
            .evaluate(&everything_granting(json!("*")), &Settings::default());
        assert_eq!(statuses(&public), vec![Status::Pass; 9]);
    }

    #[test]
    fn a_service_acting_for_an_untrusted_account_fails() {
        let mut inventory = inventory();
        let mut region = RegionInventory::default();
        let mut f = function("function");
        f.policy = Collected::Ok(Some(json!({"Statement": [{
            "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "lambda:InvokeFunction",
            "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": format!("arn:aws:sns:us-east-1:{STRANGER}:t")}}}]})));
        region.services.functions = Collected::Ok(vec![f]);
        inventory.regions.insert("us-east-1".into(), region);
        let findings: Vec<Finding> = ExternalAccessTrustedOnly
            .evaluate(&inventory, &Settings::default())
            .into_iter()
            .filter(|f| f.resource.id == "function")
            .collect();
        assert_eq!(verdicts(&findings), vec![("function".into(), Status::Fail)]);
    }

    #[test]
    fn errors_where_a_policy_was_not_read() {
        let mut inventory = everything_granting(account_root(ACCOUNT));
        let region = inventory.regions.get_mut("us-east-1").expect("region");
        if let Collected::Ok(secrets) = &mut region.services.secrets {
            secrets[0].policy = failed("secretsmanager:GetResourcePolicy");
        }
        if let Collected::Ok(topics) = &mut region.services.sns_topics {
            topics[0].attributes = failed("sns:GetTopicAttributes");
        }
        inventory.iam.authorization = failed("iam:GetAccountAuthorizationDetails");
        let findings = ExternalAccessTrustedOnly.evaluate(&inventory, &Settings::default());
        assert_eq!(
            statuses(&findings),
            vec![
                Status::Error,
                Status::Pass,
                Status::Pass,
                Status::Pass,
                Status::Error,
                Status::Pass,
                Status::Error,
                Status::Pass,
                Status::Pass
            ]
        );
        assert!(
            findings[4]
                .message
                .contains("secretsmanager:GetResourcePolicy failed")
        );
        assert_eq!(findings[6].resource.id, "topic");
        assert!(
            findings[6]
                .message
                .contains("sns:GetTopicAttributes failed")
        );
    }
}
