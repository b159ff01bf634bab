//! `ecr.lifecycle_policy_configured`: every repository has a lifecycle policy (ECR.3).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::{Inventory, Source};

pub struct LifecyclePolicyConfigured;

impl Check for LifecyclePolicyConfigured {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ecr/lifecycle_policy_configured")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ecr, Source::EcrLifecyclePolicies]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.repositories,
            |_, repository| {
                let name = &repository.name;
                Some(
                    repository
                        .lifecycle_policy
                        .get()
                        .map(|policy| match policy {
                            Some(_) => {
                                Verdict::Pass(format!("repository {name} has a lifecycle policy"))
                            }
                            None => {
                                Verdict::Fail(format!("repository {name} has no lifecycle policy"))
                            }
                        }),
                )
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ecr::fixtures::repository;
    use crate::checks::fixtures::{failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::Repository;

    #[test]
    fn a_policy_passes_none_fails_an_unread_one_errors() {
        let expiring = Repository {
            lifecycle_policy: Collected::Ok(Some(r#"{"rules":[]}"#.into())),
            ..repository("expiring")
        };
        let unread = Repository {
            lifecycle_policy: failed("ecr:GetLifecyclePolicy"),
            ..repository("unread")
        };
        let inventory = regional(|region| {
            region.services.repositories =
                Collected::Ok(vec![expiring, repository("forever"), unread])
        });
        let findings = LifecyclePolicyConfigured.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("expiring".into(), Status::Pass),
                ("forever".into(), Status::Fail),
                ("unread".into(), Status::Error)
            ]
        );
        assert!(
            findings[2]
                .message
                .contains("ecr:GetLifecyclePolicy failed")
        );
    }
}
