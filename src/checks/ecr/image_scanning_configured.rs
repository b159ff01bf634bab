//! `ecr.image_scanning_configured`: every private repository's images are scanned on push or
//! continuously (ECR.1).
//!
//! Under basic scanning a repository is scanned on push when its own setting says so or when a
//! registry rule with `SCAN_ON_PUSH` matches its name. Under enhanced scanning (Amazon Inspector)
//! only the registry's rules count: a matching `SCAN_ON_PUSH` or `CONTINUOUS_SCAN` rule.

use wildmatch::WildMatch;

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::services::{RegistryScanning, Repository, ScanningRule};
use crate::inventory::{Gap, Inventory, Source};

pub struct ImageScanningConfigured;

impl Check for ImageScanningConfigured {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ecr/image_scanning_configured")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ecr]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.repositories,
            |regional, repository| {
                Some(judge(repository, regional.services.registry_scanning.get()))
            },
        )
    }
}

/// The first registry rule that scans `name` automatically, if any.
fn matching_rule<'a>(scanning: &'a RegistryScanning, name: &str) -> Option<&'a ScanningRule> {
    scanning.rules.iter().find(|rule| {
        matches!(rule.frequency.as_str(), "SCAN_ON_PUSH" | "CONTINUOUS_SCAN")
            && rule
                .filters
                .iter()
                .any(|filter| WildMatch::new(filter).matches(name))
    })
}

fn judge(
    repository: &Repository,
    registry: Result<&RegistryScanning, Gap>,
) -> Result<Verdict, Gap> {
    let name = &repository.name;
    let own = *repository.scan_on_push.get()?;
    // Even a repository that scans itself needs the registry's answer: under enhanced scanning
    // its own setting no longer applies.
    let registry = registry?;
    if let Some(rule) = matching_rule(registry, name) {
        return Ok(Verdict::Pass(format!(
            "repository {name} is scanned by the registry's {} scanning rule ({}, filters {})",
            registry.scan_type,
            rule.frequency,
            rule.filters.join(", ")
        )));
    }
    Ok(if registry.scan_type.eq_ignore_ascii_case("ENHANCED") {
        Verdict::Fail(format!(
            "repository {name} matches no scan-on-push or continuous rule of the registry's enhanced scanning (its own scan-on-push setting does not apply there)"
        ))
    } else {
        Verdict::holds(
            own,
            if own {
                format!("repository {name} scans on push")
            } else {
                format!(
                    "repository {name} does not scan on push and no registry scanning rule matches it"
                )
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ecr::fixtures::repository;
    use crate::checks::fixtures::{assert_failed_region, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn run(repositories: Vec<Repository>, registry: Collected<RegistryScanning>) -> Vec<Finding> {
        let inventory = regional(|region| {
            region.services.repositories = Collected::Ok(repositories);
            region.services.registry_scanning = registry;
        });
        ImageScanningConfigured.evaluate(&inventory, &Settings::default())
    }

    fn scanning(kind: &str, rules: &[(&str, &str)]) -> Collected<RegistryScanning> {
        Collected::Ok(RegistryScanning {
            scan_type: kind.into(),
            rules: rules
                .iter()
                .map(|(frequency, filter)| ScanningRule {
                    frequency: frequency.to_string(),
                    filters: vec![filter.to_string()],
                })
                .collect(),
        })
    }

    fn on_push(name: &str) -> Repository {
        Repository {
            scan_on_push: Collected::Ok(true),
            ..repository(name)
        }
    }

    #[test]
    fn basic_scanning_passes_the_repository_setting_or_a_matching_rule() {
        let findings = run(
            vec![
                on_push("own"),
                repository("prod-api"),
                repository("dev-api"),
            ],
            scanning("BASIC", &[("SCAN_ON_PUSH", "prod-*"), ("MANUAL", "dev-*")]),
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("own".into(), Status::Pass),
                ("prod-api".into(), Status::Pass),
                ("dev-api".into(), Status::Fail)
            ]
        );
        assert!(
            findings[1].message.contains("SCAN_ON_PUSH, filters prod-*"),
            "{}",
            findings[1].message
        );
        assert!(findings[2].message.contains("does not scan on push"));
    }

    #[test]
    fn enhanced_scanning_counts_only_the_registry_rules() {
        let findings = run(
            vec![on_push("own"), repository("api")],
            scanning("ENHANCED", &[("CONTINUOUS_SCAN", "a*")]),
        );
        assert_eq!(
            verdicts(&findings),
            vec![("own".into(), Status::Fail), ("api".into(), Status::Pass)]
        );
        assert!(findings[0].message.contains("enhanced scanning"));
    }

    #[test]
    fn an_unread_registry_configuration_or_repository_setting_is_an_error() {
        let findings = run(
            vec![on_push("own"), repository("plain")],
            failed("ecr:GetRegistryScanningConfiguration"),
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("own".into(), Status::Error),
                ("plain".into(), Status::Error)
            ]
        );
        assert!(
            findings[0]
                .message
                .contains("ecr:GetRegistryScanningConfiguration failed")
        );
        let unread = Repository {
            scan_on_push: Collected::NotCollected,
            ..repository("old-snapshot")
        };
        let findings = run(vec![unread], scanning("BASIC", &[]));
        assert_eq!(
            verdicts(&findings),
            vec![("old-snapshot".into(), Status::Error)]
        );
        let inventory = regional(|region| {
            region.services.repositories = failed("ecr:DescribeRepositories");
        });
        assert_failed_region(
            &ImageScanningConfigured.evaluate(&inventory, &Settings::default()),
            "ecr:DescribeRepositories",
        );
    }
}
