//! The registry: every check, in id order. A check is registered by one line in its service's list.

use crate::check::Check;
use crate::checks;

/// Every registered check, sorted by id.
pub fn all() -> Vec<&'static dyn Check> {
    let mut checks: Vec<&'static dyn Check> = checks::SERVICES.concat();
    checks.sort_by(|a, b| a.meta().id.cmp(&b.meta().id));
    checks
}

pub fn find(id: &str) -> Option<&'static dyn Check> {
    all().into_iter().find(|check| check.meta().id == id)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::catalog::CheckMeta;
    use crate::check::Settings;
    use crate::compliance::Framework;
    use crate::compliance::is_fsbp_id;
    use crate::finding::Status;
    use crate::inventory::s3::S3Facet;
    use crate::inventory::{Inventory, Source};

    fn catalog_files() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("checks");
        let mut files = Vec::new();
        for service in std::fs::read_dir(&root).expect("checks/ exists") {
            let service = service.expect("readable").path();
            for file in std::fs::read_dir(&service).expect("service dir") {
                files.push(file.expect("readable").path());
            }
        }
        files.sort();
        files
    }

    #[test]
    fn every_toml_has_an_evaluator_and_its_id_matches_its_path() {
        let registered: BTreeSet<String> =
            all().iter().map(|check| check.meta().id.clone()).collect();
        let mut on_disk = BTreeSet::new();
        for path in catalog_files() {
            assert_eq!(
                path.extension().and_then(|e| e.to_str()),
                Some("toml"),
                "{} is not a TOML",
                path.display()
            );
            let text = std::fs::read_to_string(&path).expect("readable");
            let meta =
                CheckMeta::from_toml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let service = path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str())
                .expect("service");
            let name = path.file_stem().and_then(|n| n.to_str()).expect("name");
            assert_eq!(
                meta.id,
                format!("{service}.{name}"),
                "{}: id must match the path",
                path.display()
            );
            assert_eq!(
                meta.service,
                service,
                "{}: service must match the folder",
                path.display()
            );
            on_disk.insert(meta.id);
        }
        assert_eq!(
            registered, on_disk,
            "TOMLs and registered evaluators differ"
        );
    }

    #[test]
    fn every_evaluator_source_file_is_registered() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/checks");
        let registered: BTreeSet<String> =
            all().iter().map(|check| check.meta().id.clone()).collect();
        for service in std::fs::read_dir(&root).expect("src/checks exists") {
            let service = service.expect("readable").path();
            if !service.is_dir() {
                continue;
            }
            let service_name = service
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name")
                .to_string();
            for file in std::fs::read_dir(&service).expect("service dir") {
                let path = file.expect("readable").path();
                let stem = path.file_stem().and_then(|n| n.to_str()).expect("name");
                if stem == "mod" {
                    continue;
                }
                let id = format!("{service_name}.{stem}");
                assert!(
                    registered.contains(&id),
                    "{} is not registered as {id}",
                    path.display()
                );
            }
        }
    }

    /// A source a check reads but does not declare is never collected when the check runs alone
    /// (`--check ID`), and the check then reports ERRORs, or worse, judges an empty collection.
    /// Each check, given only its declared sources, must reach exactly its verdicts on everything.
    /// Two snapshots between them hold data for every source: LocalStack's sandbox, and moto's
    /// (`posture audit --save-snapshot` on the seeded sandbox).
    #[test]
    fn every_check_declares_a_source_and_reads_only_what_it_declares() {
        let fixtures: Vec<Inventory> = ["mixed-account.json", "sandbox-moto.json"]
            .iter()
            .map(|name| {
                let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures")
                    .join(name);
                let text = std::fs::read_to_string(&path).expect("the fixture");
                serde_json::from_str(&text).expect("the fixture is a snapshot")
            })
            .collect();
        // A part no fixture holds could be read undeclared without this test noticing.
        let empty: Vec<Source> = Source::ALL
            .into_iter()
            .filter(|&source| !fixtures.iter().any(|full| full.holds_data_for(source)))
            .collect();
        assert!(empty.is_empty(), "no fixture holds anything for {empty:?}");
        let settings = Settings::default();
        for full in &fixtures {
            for check in all() {
                let id = &check.meta().id;
                assert!(!check.needs().is_empty(), "{id} declares no source");
                let mut declared_only = full.clone();
                for source in Source::ALL {
                    if !check.needs().contains(&source) {
                        declared_only.forget(source);
                    }
                }
                let verdicts = check.evaluate(full, &settings);
                if check.evaluate(&declared_only, &settings) != verdicts {
                    let read: Vec<Source> = Source::ALL
                        .into_iter()
                        .filter(|source| !check.needs().contains(source))
                        .filter(|&source| {
                            let mut without = full.clone();
                            without.forget(source);
                            check.evaluate(&without, &settings) != verdicts
                        })
                        .collect();
                    panic!("{id} reads sources it does not declare in `needs`: {read:?}");
                }
                if !check.needs().contains(&Source::S3) {
                    continue;
                }
                // Tags are left alone: findings carry them for the mutelist, no check judges them.
                let mut facets_only = full.clone();
                for facet in S3Facet::CHECKS_READ {
                    if !check.s3_facets().contains(&facet) {
                        facets_only.s3.forget_facet(facet);
                    }
                }
                assert_eq!(
                    check.evaluate(&facets_only, &settings),
                    check.evaluate(full, &settings),
                    "{id} reads an S3 facet it does not declare in `s3_facets`"
                );
                // And a declared facet that was not collected makes nothing PASS that did not.
                let passed = |inventory: &Inventory| -> BTreeSet<(String, String)> {
                    check
                        .evaluate(inventory, &settings)
                        .into_iter()
                        .filter(|finding| finding.status == Status::Pass)
                        .map(|finding| (finding.resource.id, finding.resource.region))
                        .collect()
                };
                let passed_with_all = passed(full);
                for facet in check.s3_facets() {
                    let mut without = full.clone();
                    without.s3.forget_facet(*facet);
                    let passed_without = passed(&without);
                    assert!(
                        passed_without.is_subset(&passed_with_all),
                        "{id} passes without {facet:?}: {:?}",
                        passed_without
                            .difference(&passed_with_all)
                            .collect::<Vec<_>>()
                    );
                }
            }
        }
    }

    #[test]
    fn ids_are_unique_sorted_within_each_service_list_and_well_formed() {
        let ids: Vec<String> = all().iter().map(|check| check.meta().id.clone()).collect();
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "duplicate ids");
        for list in checks::SERVICES {
            let ids: Vec<&str> = list.iter().map(|c| c.meta().id.as_str()).collect();
            let mut sorted = ids.clone();
            sorted.sort();
            assert_eq!(ids, sorted, "a service's CHECKS must be sorted by id");
        }
        for id in &ids {
            let (service, name) = id.split_once('.').expect("service.name");
            assert!(!service.is_empty() && !name.is_empty());
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{id} is not snake_case"
            );
        }
    }

    #[test]
    fn metadata_prose_is_present() {
        for check in all() {
            let meta = check.meta();
            for (field, text) in [
                ("title", &meta.title),
                ("why_owner", &meta.why_owner),
                ("risk", &meta.risk),
                ("remediation", &meta.remediation),
                ("learn", &meta.learn),
            ] {
                assert!(
                    text.trim().len() >= 10,
                    "{}: {field} is empty or too short",
                    meta.id
                );
            }
        }
    }

    #[test]
    fn compliance_ids_exist_and_fsbp_severities_agree() {
        let mut fsbp_severity: BTreeMap<String, (crate::catalog::Severity, String)> =
            BTreeMap::new();
        let keys: Vec<&str> = Framework::ALL.iter().map(|f| f.key()).collect();
        for check in all() {
            let meta = check.meta();
            for framework in meta.compliance.keys() {
                assert!(
                    keys.contains(&framework.as_str()),
                    "{}: unknown framework {framework}",
                    meta.id
                );
            }
            for framework in Framework::ALL {
                let Some(table) = framework.recommendations() else {
                    continue;
                };
                let known: BTreeSet<&str> = table.iter().map(|r| r.id).collect();
                for id in meta.compliance.get(framework.key()).into_iter().flatten() {
                    assert!(
                        known.contains(id.as_str()),
                        "{}: {} has no recommendation {id}",
                        meta.id,
                        framework.key()
                    );
                }
            }
            for id in meta.compliance.get("aws_fsbp").into_iter().flatten() {
                assert!(
                    is_fsbp_id(id),
                    "{}: '{id}' is not an FSBP control id",
                    meta.id
                );
                if let Some((severity, other)) = fsbp_severity.get(id) {
                    assert_eq!(
                        *severity, meta.severity,
                        "{} and {other} claim FSBP {id} at different severities",
                        meta.id
                    );
                } else {
                    fsbp_severity.insert(id.clone(), (meta.severity, meta.id.clone()));
                }
            }
        }
    }

    #[test]
    fn catalogue_snapshot() {
        let lines: Vec<String> = all()
            .iter()
            .map(|check| {
                let m = check.meta();
                let compliance: Vec<String> = m
                    .compliance
                    .iter()
                    .map(|(framework, ids)| format!("{framework}={}", ids.join("+")))
                    .collect();
                format!(
                    "{} | {} | {} | {} | {} | {}",
                    m.id,
                    m.severity.as_str(),
                    m.owner.as_str(),
                    m.layer.as_str(),
                    m.service_model.as_str(),
                    compliance.join(" ")
                )
            })
            .collect();
        insta::assert_snapshot!(lines.join("\n"));
    }

    #[test]
    fn benchmark_tables_have_unique_ids_and_titles() {
        for framework in Framework::ALL {
            let Some(table) = framework.recommendations() else {
                continue;
            };
            let ids: BTreeSet<&str> = table.iter().map(|r| r.id).collect();
            assert_eq!(ids.len(), table.len(), "{}: duplicate ids", framework.key());
            assert!(table.iter().all(|r| !r.title.trim().is_empty()));
        }
    }

    /// Every v3.0 recommendation a check covers lives on in v5.0 (only the security-questions item
    /// was dropped, and no check covers it), so a check with a v3.0 id and no v5.0 id has a
    /// forgotten key.
    #[test]
    fn checks_on_cis_3_0_also_map_to_5_0() {
        for check in all() {
            let meta = check.meta();
            if meta.compliance.contains_key("cis_aws_3_0") {
                assert!(
                    meta.compliance.contains_key("cis_aws_5_0"),
                    "{}: maps to CIS v3.0 but not to v5.0",
                    meta.id
                );
            }
        }
    }
}
