//! `ecr.repository_not_public`: no repository's policy lets anyone, or any AWS account, pull or push its images.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::{per_regional_resource, resource_policy_not_public};
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};
use crate::policy::UnpinnedService;

pub struct RepositoryNotPublic;

impl Check for RepositoryNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ecr/repository_not_public")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ecr, Source::EcrRepositoryPolicies]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.repositories,
            |_, item| {
                Some(resource_policy_not_public(
                    &item.policy,
                    "ecr:GetRepositoryPolicy",
                    &inventory.account.id,
                    UnpinnedService::IsNotPublic,
                    &format!("repository {}", item.name),
                ))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::checks::ecr::fixtures::repository;
    use crate::checks::fixtures::{
        assert_failed_region, assert_policy_reach_verdicts, failed, regional, verdicts,
    };
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::Repository;

    fn item(name: &str, policy: Option<Value>) -> Repository {
        Repository {
            policy: Collected::Ok(policy),
            ..repository(name)
        }
    }

    fn run(items: Collected<Vec<Repository>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.repositories = items);
        RepositoryNotPublic.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn open_policies_fail_and_private_partner_and_organization_ones_pass() {
        assert_policy_reach_verdicts("repository", "ecr:BatchGetImage", |items| {
            run(Collected::Ok(
                items
                    .into_iter()
                    .map(|(name, policy)| item(name, policy))
                    .collect(),
            ))
        });
    }

    #[test]
    fn errors_on_an_unread_policy_or_an_unlisted_region() {
        let unread = Repository {
            policy: failed("ecr:GetRepositoryPolicy"),
            ..item("unread", None)
        };
        let findings = run(Collected::Ok(vec![unread]));
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("ecr:GetRepositoryPolicy failed")
        );
        assert_failed_region(
            &run(failed("ecr:DescribeRepositories")),
            "ecr:DescribeRepositories",
        );
    }
}
