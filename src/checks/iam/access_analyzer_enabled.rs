//! `iam.access_analyzer_enabled`: every audited region has an active IAM Access Analyzer for external access.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_region;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::Source;
use crate::inventory::services::AccessAnalyzer;

pub struct AccessAnalyzerEnabled;

/// Analyzer types that report access from outside the zone of trust. The unused- and internal-access
/// types answer other questions and do not satisfy CIS 1.20 or Security Hub IAM.28.
const EXTERNAL_ACCESS_TYPES: &[&str] = &["ACCOUNT", "ORGANIZATION"];

fn is_active_external(analyzer: &AccessAnalyzer) -> bool {
    analyzer.status.eq_ignore_ascii_case("ACTIVE")
        && EXTERNAL_ACCESS_TYPES
            .iter()
            .any(|kind| analyzer.kind.eq_ignore_ascii_case(kind))
}

fn describe(analyzer: &AccessAnalyzer) -> String {
    format!("{} ({}, {})", analyzer.name, analyzer.kind, analyzer.status)
}

impl Check for AccessAnalyzerEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/access_analyzer_enabled")
    }

    /// An IAM check (it is about who can reach what) that reads the Access Analyzer collection.
    fn needs(&self) -> &'static [Source] {
        &[Source::AccessAnalyzer]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_region(
            inventory,
            meta,
            |r| &r.services.access_analyzers,
            |region, analyzers| {
                let active: Vec<String> = analyzers
                    .iter()
                    .filter(|analyzer| is_active_external(analyzer))
                    .map(describe)
                    .collect();
                if !active.is_empty() {
                    Verdict::Pass(format!(
                        "{region} has an active external access analyzer: {}",
                        active.join(", ")
                    ))
                } else if analyzers.is_empty() {
                    Verdict::Fail(format!("{region} has no IAM Access Analyzer"))
                } else {
                    let found: Vec<String> = analyzers.iter().map(describe).collect();
                    Verdict::Fail(format!(
                        "{region} has no active external access analyzer (found: {})",
                        found.join(", ")
                    ))
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn analyzer(name: &str, kind: &str, status: &str) -> AccessAnalyzer {
        AccessAnalyzer {
            name: name.into(),
            arn: format!("arn:aws:access-analyzer:{REGION}:{ACCOUNT}:analyzer/{name}"),
            kind: kind.into(),
            status: status.into(),
        }
    }

    fn evaluate(analyzers: Collected<Vec<AccessAnalyzer>>) -> Vec<Finding> {
        let inventory = regional(|r| r.services.access_analyzers = analyzers);
        AccessAnalyzerEnabled.evaluate(&inventory, &Settings::default())
    }

    fn region_id() -> String {
        format!("{ACCOUNT}/{REGION}")
    }

    #[test]
    fn passes_with_an_active_external_analyzer() {
        let findings = evaluate(Collected::Ok(vec![
            analyzer("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE"),
            analyzer("learn-analyzer", "ACCOUNT", "ACTIVE"),
        ]));
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Pass)]);
        assert_eq!(findings[0].resource.kind, "AwsRegion");
        assert!(
            findings[0]
                .message
                .contains("learn-analyzer (ACCOUNT, ACTIVE)")
        );
    }

    #[test]
    fn fails_without_one() {
        let findings = evaluate(Collected::Ok(Vec::new()));
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Fail)]);
        assert_eq!(findings[0].message, "us-east-1 has no IAM Access Analyzer");

        let findings = evaluate(Collected::Ok(vec![
            analyzer("broken", "ORGANIZATION", "FAILED"),
            analyzer("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE"),
        ]));
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Fail)]);
        assert!(
            findings[0]
                .message
                .contains("broken (ORGANIZATION, FAILED)")
        );
    }

    #[test]
    fn errors_when_the_region_was_not_collected() {
        let findings = evaluate(failed("access-analyzer:ListAnalyzers"));
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("access-analyzer:ListAnalyzers")
        );
    }
}
