//! `ecr.tag_immutability_enabled`: every private repository's image tags are immutable (ECR.2).
//!
//! Security Hub passes only `IMMUTABLE`: a repository whose exclusion filters leave some tags
//! movable (`IMMUTABLE_WITH_EXCLUSION`) fails, and the message says so.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::{Inventory, Source};

pub struct TagImmutabilityEnabled;

impl Check for TagImmutabilityEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ecr/tag_immutability_enabled")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ecr]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.repositories,
            |_, repository| {
                Some(repository.tag_mutability.get().map(|mutability| {
                    Verdict::holds(
                        mutability == "IMMUTABLE",
                        format!(
                            "repository {} has image tag mutability {mutability}",
                            repository.name
                        ),
                    )
                }))
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

    fn with(name: &str, mutability: Collected<String>) -> Repository {
        Repository {
            tag_mutability: mutability,
            ..repository(name)
        }
    }

    #[test]
    fn only_immutable_passes() {
        let inventory = regional(|region| {
            region.services.repositories = Collected::Ok(vec![
                with("fixed", Collected::Ok("IMMUTABLE".into())),
                with("moving", Collected::Ok("MUTABLE".into())),
                with("partly", Collected::Ok("IMMUTABLE_WITH_EXCLUSION".into())),
                with("unknown", failed("ecr:DescribeRepositories")),
            ])
        });
        let findings = TagImmutabilityEnabled.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("fixed".into(), Status::Pass),
                ("moving".into(), Status::Fail),
                ("partly".into(), Status::Fail),
                ("unknown".into(), Status::Error)
            ]
        );
        assert_eq!(
            findings[2].message,
            "repository partly has image tag mutability IMMUTABLE_WITH_EXCLUSION"
        );
    }
}
