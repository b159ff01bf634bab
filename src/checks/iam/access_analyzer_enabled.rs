//! `iam.access_analyzer_enabled`: every audited region has an active IAM Access Analyzer for external access.
//!
//! An analyzer whose zone of trust is the organization lives in the management account or in the
//! delegated administrator for IAM Access Analyzer, and AWS defines it as covering every account
//! of the organization in its region; a member's own `ListAnalyzers` never lists it. An
//! organization run reads those analyzers once and copies them into each member's inventory
//! (`Inventory::organization_analyzers`), so a member is judged by them as well as by its own.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::audited_regions;
use crate::finding::{Finding, Resource, Verdict};
use crate::inventory::services::AccessAnalyzer;
use crate::inventory::{Gap, Inventory, Source};

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

/// The verdict on `region` from the account's own analyzers alone.
fn own_verdict(region: &str, analyzers: &[AccessAnalyzer]) -> Verdict {
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
}

/// The verdict on `region`: the account's own analyzers, else an active organization analyzer
/// of the same region. Without either, an organization's analyzers that could not be read might
/// cover the region: ERROR naming what was not read, never a FAIL by guess.
fn verdict(inventory: &Inventory, region: &str, own: Result<&Vec<AccessAnalyzer>, Gap>) -> Verdict {
    let own = own.map(|analyzers| own_verdict(region, analyzers));
    if let Ok(pass @ Verdict::Pass(_)) = own {
        return pass;
    }
    let Some(organization) = &inventory.organization_analyzers else {
        return own.unwrap_or_else(Verdict::Unknown);
    };
    let covering: Vec<String> = organization
        .analyzers
        .iter()
        .filter(|held| held.region == region && is_active_external(&held.analyzer))
        .map(|held| {
            format!(
                "{} of {}",
                describe(&held.analyzer),
                held.holder.describe(&held.account)
            )
        })
        .collect();
    if !covering.is_empty() {
        return Verdict::Pass(format!(
            "{region} is covered by the organization's external access analyzer {}, which \
             analyzes every account of the organization in {region}",
            covering.join(", ")
        ));
    }
    match (own, organization.unknown_in(region)) {
        (Err(gap), _) => Verdict::Unknown(gap),
        (Ok(Verdict::Fail(own)), Some(gap)) => Verdict::Unknown(Gap::new(
            "",
            format!(
                "{own}; the organization's analyzers, which could cover it, were not read: {gap}"
            ),
        )),
        (Ok(Verdict::Fail(own)), None) => Verdict::Fail(format!(
            "{own}, and no active organization analyzer covers it either"
        )),
        (Ok(other), _) => other,
    }
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
        audited_regions(inventory)
            .map(|(region, regional)| {
                verdict(inventory, region, regional.services.access_analyzers.get())
                    .into_finding(meta, Resource::region(&inventory.account.id, region))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::organization::{
        HeldAnalyzer, Holder, OrganizationAnalyzers, OrganizationGap,
    };

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

    const MANAGEMENT: &str = "999988887777";
    const SECURITY: &str = "444455556666";

    /// The organization's analyzers as a run read them: `held` in the fixture region, read there
    /// unless `gap` says what was not.
    fn organization(
        held: Vec<HeldAnalyzer>,
        gap: Option<OrganizationGap>,
    ) -> OrganizationAnalyzers {
        OrganizationAnalyzers {
            regions: vec![REGION.into()],
            analyzers: held,
            gaps: gap.into_iter().collect(),
        }
    }

    fn held(holder: Holder, account: &str, status: &str) -> HeldAnalyzer {
        HeldAnalyzer {
            account: account.into(),
            holder,
            region: REGION.into(),
            analyzer: analyzer("org-external", "ORGANIZATION", status),
        }
    }

    fn member(
        own: Collected<Vec<AccessAnalyzer>>,
        organization: OrganizationAnalyzers,
    ) -> Vec<Finding> {
        let mut inventory = regional(|r| r.services.access_analyzers = own);
        inventory.organization_analyzers = Some(organization);
        AccessAnalyzerEnabled.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn an_organization_analyzer_of_the_delegated_administrator_covers_a_member() {
        let org = organization(
            vec![held(Holder::DelegatedAdministrator, SECURITY, "ACTIVE")],
            None,
        );
        let findings = member(Collected::Ok(Vec::new()), org.clone());
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Pass)]);
        assert_eq!(
            findings[0].message,
            format!(
                "us-east-1 is covered by the organization's external access analyzer \
                 org-external (ORGANIZATION, ACTIVE) of delegated administrator account \
                 {SECURITY}, which analyzes every account of the organization in us-east-1"
            )
        );
        // Known to be covered, the member's own unreadable listing changes nothing.
        let findings = member(failed("access-analyzer:ListAnalyzers"), org);
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Pass)]);
        // The management account may hold it too.
        let findings = member(
            Collected::Ok(Vec::new()),
            organization(
                vec![held(Holder::ManagementAccount, MANAGEMENT, "ACTIVE")],
                None,
            ),
        );
        assert!(
            findings[0]
                .message
                .contains(&format!("of management account {MANAGEMENT}")),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn a_member_fails_when_no_active_organization_analyzer_covers_its_region() {
        let mut elsewhere = held(Holder::ManagementAccount, MANAGEMENT, "ACTIVE");
        elsewhere.region = "eu-west-1".into();
        for analyzers in [
            Vec::new(),
            vec![held(Holder::ManagementAccount, MANAGEMENT, "CREATING")],
            vec![elsewhere],
        ] {
            let findings = member(Collected::Ok(Vec::new()), organization(analyzers, None));
            assert_eq!(verdicts(&findings), vec![(region_id(), Status::Fail)]);
            assert_eq!(
                findings[0].message,
                "us-east-1 has no IAM Access Analyzer, and no active organization analyzer \
                 covers it either"
            );
        }
        // Its own active analyzer is enough, whatever the organization's.
        let findings = member(
            Collected::Ok(vec![analyzer("own", "ACCOUNT", "ACTIVE")]),
            organization(Vec::new(), None),
        );
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Pass)]);
        assert!(findings[0].message.contains("own (ACCOUNT, ACTIVE)"));
    }

    #[test]
    fn an_unread_organization_analyzer_is_an_error_for_a_member_without_its_own() {
        let refused = OrganizationGap {
            region: None,
            gap: Gap::new(
                "sts:AssumeRole",
                format!("arn:aws:iam::{MANAGEMENT}:role/Audit: AccessDenied"),
            ),
        };
        let findings = member(
            Collected::Ok(Vec::new()),
            organization(Vec::new(), Some(refused)),
        );
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Error)]);
        assert_eq!(
            findings[0].message,
            format!(
                "us-east-1 has no IAM Access Analyzer; the organization's analyzers, which could \
                 cover it, were not read: sts:AssumeRole failed: \
                 arn:aws:iam::{MANAGEMENT}:role/Audit: AccessDenied"
            )
        );
        // A failure in another region leaves this one known.
        let other_region = OrganizationGap {
            region: Some("eu-west-1".into()),
            gap: Gap::new("access-analyzer:ListAnalyzers", "throttled"),
        };
        let findings = member(
            Collected::Ok(Vec::new()),
            organization(Vec::new(), Some(other_region)),
        );
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Fail)]);
        // A region the organization's analyzers were not listed in is unknown too.
        let mut unread = organization(Vec::new(), None);
        unread.regions = vec!["eu-west-1".into()];
        let findings = member(Collected::Ok(Vec::new()), unread);
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .ends_with("the organization's analyzers were not read in us-east-1"),
            "{}",
            findings[0].message
        );
        // The member's own listing failed and nothing covers it: its own gap is the ERROR.
        let findings = member(
            failed("access-analyzer:ListAnalyzers"),
            organization(Vec::new(), None),
        );
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("access-analyzer:ListAnalyzers")
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
