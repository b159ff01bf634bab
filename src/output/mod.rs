//! Rendering: one module per format behind [`render`]. Renderers only render; filtering, muting and
//! exit codes were settled before a report reaches them.
//!
//! Every renderer is deterministic: findings keep the report's order (severity, check, resource),
//! maps are sorted, and the only time in any output is the report's own `started_at`. The helpers
//! below are what several formats share: the finding fingerprint, compliance ids, the grouping by
//! owner and the count tables.

pub mod catalog;
pub mod csv;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod ocsf;
pub mod sarif;
pub mod table;

#[cfg(test)]
pub(crate) mod fixtures;

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

use crate::catalog::{CheckMeta, Owner, Severity};
use crate::finding::{BaselineState, Finding, Resource, Status, StatusCounts};
use crate::report::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {
    /// The human view, grouped by owner.
    Table,
    /// `posture.report/v1`, the frozen wire format.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: a testsuite per service, a testcase per (check, resource).
    Junit,
    /// OCSF Detection Findings (class 2004), one per finding.
    Ocsf,
    /// One row per finding.
    Csv,
    /// A summary for a pull-request comment or a CI step summary.
    #[value(alias = "md")]
    Markdown,
    /// One self-contained HTML page.
    Html,
}

impl Format {
    /// The formats SPEC names a report file for: what `--output-dir` writes when none is asked for.
    pub const FILES: [Format; 7] = [
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Ocsf,
        Format::Csv,
        Format::Markdown,
        Format::Html,
    ];

    /// The file `--output-dir` writes for this format.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Table => "posture-report.txt",
            Format::Json => "posture-report.json",
            Format::Sarif => "posture-report.sarif",
            Format::Junit => "posture-report.junit.xml",
            Format::Ocsf => "posture-report.ocsf.json",
            Format::Csv => "posture-report.csv",
            Format::Markdown => "posture-report.md",
            Format::Html => "posture-report.html",
        }
    }
}

/// How a report is rendered beyond its content. Only the table reads these: the other formats are
/// the same wherever they are written.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Only the summary line (`--quiet`).
    pub summary_only: bool,
    /// Columns the table may use; never below [`table::MIN_WIDTH`].
    pub width: usize,
    /// ANSI colour for statuses and headings: only for a person at a terminal, never with NO_COLOR.
    pub color: bool,
    /// A row for every PASS instead of one line per check (`--verbose`, or `--status`).
    pub every_pass: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            summary_only: false,
            width: table::DEFAULT_WIDTH,
            color: false,
            every_pass: false,
        }
    }
}

/// A report that could not be serialised. The run fails with it rather than write an empty or
/// truncated file that a pipeline would take for a clean result.
#[derive(Debug, thiserror::Error)]
#[error("cannot render the report: {0}")]
pub struct RenderError(pub String);

impl RenderError {
    pub(crate) fn from(error: impl std::fmt::Display) -> RenderError {
        RenderError(error.to_string())
    }
}

/// Renders `report` in `format` into `out`. The JSON formats stream into it, so that a report of
/// many thousand findings is never also held whole as text.
pub fn render_to(
    format: Format,
    report: &Report,
    options: RenderOptions,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    let text = match format {
        Format::Json => return json::render(report, out),
        Format::Sarif => return sarif::render(report, out),
        Format::Ocsf => return ocsf::render(report, out),
        Format::Table => table::render(report, options),
        Format::Junit => junit::render(report)?,
        Format::Csv => csv::render(report)?,
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
    };
    out.write_all(text.as_bytes()).map_err(RenderError::from)
}

/// `render_to`, into a string.
pub fn render(
    format: Format,
    report: &Report,
    options: RenderOptions,
) -> Result<String, RenderError> {
    let mut bytes = Vec::new();
    render_to(format, report, options, &mut bytes)?;
    String::from_utf8(bytes).map_err(RenderError::from)
}

/// The tool's version, as every format names it.
pub(crate) const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Pretty JSON with a final newline, written into `out` as it is serialised.
pub fn write_json(value: &impl Serialize, out: &mut dyn Write) -> Result<(), RenderError> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(RenderError::from)?;
    out.write_all(b"\n").map_err(RenderError::from)
}

/// Pretty JSON with a final newline.
pub fn to_json(value: &impl Serialize) -> Result<String, RenderError> {
    let mut bytes = Vec::new();
    write_json(value, &mut bytes)?;
    String::from_utf8(bytes).map_err(RenderError::from)
}

/// FNV-1a, 64 bits: a tiny, stable, dependency-free hash for fingerprints (not for security).
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

/// What identifies a finding across runs: its check, resource and region (the baseline's key too).
pub(crate) fn fingerprint(finding: &Finding) -> String {
    let key = [
        finding.meta.id.as_str(),
        finding.resource.id.as_str(),
        finding.resource.region.as_str(),
    ]
    .join("\u{0}");
    format!("{:016x}", fnv1a64(key.as_bytes()))
}

/// `framework<separator>id` for every compliance id of a check, sorted by framework then id order.
pub(crate) fn compliance_ids(meta: &CheckMeta, separator: &str) -> Vec<String> {
    meta.compliance
        .iter()
        .flat_map(|(framework, ids)| {
            ids.iter()
                .map(move |id| format!("{framework}{separator}{id}"))
        })
        .collect()
}

/// The account a finding is in: its own when the run named it, else the report's.
pub(crate) fn account_of<'a>(report: &'a Report, finding: &'a Finding) -> &'a str {
    match finding.account_id() {
        "" => report.account.id.as_str(),
        own => own,
    }
}

/// How the human-facing formats name an account: its id, and its name where it has one.
pub(crate) fn account_label(report: &Report, id: &str) -> String {
    match report.account_name(id) {
        Some(name) => format!("{id} ({name})"),
        None => id.to_string(),
    }
}

/// The report's findings by account, in account order; one group (the report's account) when the
/// run covered one.
pub(crate) fn account_groups(report: &Report) -> Vec<(&str, Vec<&Finding>)> {
    let mut groups: std::collections::BTreeMap<&str, Vec<&Finding>> = report
        .accounts
        .iter()
        .map(|audited| (audited.account.id.as_str(), Vec::new()))
        .collect();
    for finding in &report.findings {
        groups
            .entry(account_of(report, finding))
            .or_default()
            .push(finding);
    }
    groups.into_iter().collect()
}

/// How the human-facing formats name a resource: its id, and its name where it has one.
pub(crate) fn resource_label(resource: &Resource) -> String {
    match &resource.name {
        Some(name) if *name != resource.id => format!("{} ({name})", resource.id),
        _ => resource.id.clone(),
    }
}

/// The failed call and its reason in an ERROR finding's message, which a gap writes as
/// `<call> failed: <reason>` (see `inventory::Gap`); `None` for any other message.
pub(crate) fn failed_call(message: &str) -> Option<(&str, &str)> {
    message.split_once(" failed: ")
}

/// The order failures are listed in within an owner: what needs action first.
pub(crate) const STATUS_ORDER: [Status; 4] =
    [Status::Fail, Status::Error, Status::Muted, Status::Pass];

/// Findings grouped by owner (customer, shared, aws; empty owners left out), each group ordered
/// by [`STATUS_ORDER`] and then in report order.
pub(crate) fn owner_groups<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
) -> Vec<(Owner, Vec<&'a Finding>)> {
    let findings: Vec<&Finding> = findings.into_iter().collect();
    Owner::ALL
        .into_iter()
        .map(|owner| {
            let group = STATUS_ORDER
                .iter()
                .flat_map(|&status| {
                    findings
                        .iter()
                        .copied()
                        .filter(move |f| f.owner() == owner && f.reported_status() == status)
                })
                .collect();
            (owner, group)
        })
        .filter(|(_, group): &(Owner, Vec<&Finding>)| !group.is_empty())
        .collect()
}

/// A heading that says which side of the shared responsibility line an owner is.
pub(crate) fn owner_heading(owner: Owner) -> &'static str {
    match owner {
        Owner::Customer => "Customer: security IN the cloud (yours to fix)",
        Owner::Shared => "Shared: both AWS and you act (patching, configuration, awareness)",
        Owner::Aws => "AWS: security OF the cloud (inherited from AWS)",
    }
}

/// The shared responsibility model in one line, for the human-facing formats.
pub(crate) const RESPONSIBILITY_LEGEND: &str = "Shared responsibility model: customer = security IN the cloud \
     (identities, data, network rules, guest OS); aws = security OF the cloud (facilities, hardware, \
     hypervisor, managed service software); shared = both act (patching, configuration, awareness).";

/// `new`, `unchanged`, or empty without a baseline.
pub(crate) fn baseline_label(state: Option<BaselineState>) -> &'static str {
    match state {
        Some(BaselineState::New) => "new",
        Some(BaselineState::Unchanged) => "unchanged",
        None => "",
    }
}

/// Whether any finding carries a baseline state, i.e. whether the report was compared to one.
pub(crate) fn has_baseline(report: &Report) -> bool {
    report.resolved.is_some() || report.findings.iter().any(|f| f.baseline.is_some())
}

/// "Critical", "High", ...: a severity as a heading or an OCSF caption shows it.
pub(crate) fn severity_caption(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Informational => "Informational",
    }
}

/// One summary table: a label per row and the counts of each reported status.
pub(crate) struct CountTable {
    pub title: &'static str,
    pub label: &'static str,
    pub rows: Vec<(&'static str, StatusCounts)>,
}

/// The summary the human-facing formats show: counts by owner and by severity.
pub(crate) fn count_tables(report: &Report) -> [CountTable; 2] {
    let mut by_severity = report.counts_by_severity();
    [
        CountTable {
            title: "By owner",
            label: "Owner",
            rows: report
                .counts_by_owner()
                .into_iter()
                .map(|(owner, counts)| (owner.as_str(), counts))
                .collect(),
        },
        CountTable {
            title: "By severity",
            label: "Severity",
            rows: Severity::ALL
                .into_iter()
                .map(|severity| {
                    (
                        severity.as_str(),
                        by_severity.remove(&severity).unwrap_or_default(),
                    )
                })
                .collect(),
        },
    ]
}

/// The status columns of a count table, in [`STATUS_ORDER`].
pub(crate) fn status_counts(counts: &StatusCounts) -> [usize; 4] {
    [counts.fail, counts.error, counts.muted, counts.pass]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 8: serialisation failures once became an empty report and a normal exit.
    #[test]
    fn a_value_json_cannot_hold_is_an_error_not_an_empty_report() {
        let keyed_by_pairs: std::collections::BTreeMap<(u8, u8), u8> =
            [((1, 2), 3)].into_iter().collect();
        let error = to_json(&keyed_by_pairs).expect_err("JSON keys must be strings");
        assert!(error.to_string().starts_with("cannot render the report"));
    }

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn every_format_has_its_spec_file_name() {
        let names: Vec<&str> = Format::value_variants()
            .iter()
            .map(|f| f.file_name())
            .collect();
        assert_eq!(
            names,
            [
                "posture-report.txt",
                "posture-report.json",
                "posture-report.sarif",
                "posture-report.junit.xml",
                "posture-report.ocsf.json",
                "posture-report.csv",
                "posture-report.md",
                "posture-report.html",
            ]
        );
    }

    /// One snapshot per format over the shared fixture, so that the formats can be reviewed side
    /// by side. The table is left out: its width follows the terminal running the tests.
    #[test]
    fn every_format_matches_its_snapshot() {
        let report = fixtures::report();
        for &format in Format::value_variants()
            .iter()
            .filter(|&&f| f != Format::Table)
        {
            let name = format!("{format:?}").to_lowercase();
            insta::assert_snapshot!(
                name,
                render(format, &report, RenderOptions::default()).expect("renders")
            );
        }
    }

    #[test]
    fn every_format_renders_byte_identically_twice() {
        let report = fixtures::report();
        for &format in Format::value_variants() {
            let first = render(format, &report, RenderOptions::default()).expect("renders");
            assert!(!first.is_empty(), "{format:?}");
            assert_eq!(
                first,
                render(format, &report, RenderOptions::default()).expect("renders"),
                "{format:?}"
            );
        }
    }

    #[test]
    fn owner_groups_put_failures_first_and_skip_empty_owners() {
        let report = fixtures::report();
        let groups = owner_groups(&report.findings);
        let owners: Vec<Owner> = groups.iter().map(|(owner, _)| *owner).collect();
        assert_eq!(owners, [Owner::Customer, Owner::Shared]);
        let statuses: Vec<Status> = groups[0].1.iter().map(|f| f.reported_status()).collect();
        let mut sorted = statuses.clone();
        sorted.sort_by_key(|status| STATUS_ORDER.iter().position(|s| s == status));
        assert_eq!(statuses, sorted);
    }
}

#[cfg(test)]
mod multi_account_tests {
    use super::*;

    fn rendered(format: Format) -> String {
        render(
            format,
            &fixtures::multi_account_report(),
            RenderOptions::default(),
        )
        .expect("renders")
    }

    #[test]
    fn json_names_each_findings_account_and_counts_per_account() {
        let wire: serde_json::Value = serde_json::from_str(&rendered(Format::Json)).expect("JSON");
        let accounts = wire["accounts"].as_array().expect("accounts");
        assert_eq!(accounts.len(), 3);
        assert_eq!(accounts[1]["name"], "web-prod");
        assert_eq!(accounts[1]["ou_path"], "Root/Workloads");
        assert_eq!(accounts[2]["status"], "error");
        assert!(
            accounts[2]["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("sts:AssumeRole failed: "))
        );
        assert_eq!(accounts[0]["status"], "audited");
        let findings = wire["findings"].as_array().expect("findings");
        assert!(findings.iter().all(|f| f["account"]["id"].is_string()));
        let by_account = &wire["summary"]["by_account"];
        assert_eq!(by_account["555566667777"]["ERROR"], 1);
        let total: u64 = by_account
            .as_object()
            .expect("map")
            .values()
            .flat_map(|c| ["PASS", "FAIL", "ERROR", "MUTED"].map(|s| c[s].as_u64().unwrap_or(0)))
            .sum();
        assert_eq!(total, findings.len() as u64);
    }

    #[test]
    fn every_human_and_machine_format_carries_the_account() {
        let table = rendered(Format::Table);
        assert!(
            table.contains("Account 222233334444 (web-prod):"),
            "{table}"
        );
        assert!(
            table.contains("not audited: sts:AssumeRole failed"),
            "{table}"
        );
        assert!(table.contains("accounts: 2 audited, 1 not"), "{table}");
        let csv = rendered(Format::Csv);
        assert!(
            csv.lines()
                .next()
                .is_some_and(|h| h.ends_with(",account_id,account_name"))
        );
        assert!(csv.contains(",222233334444,web-prod"));
        let junit = rendered(Format::Junit);
        assert!(junit.contains("name=\"222233334444/"), "{junit}");
        let ocsf = rendered(Format::Ocsf);
        assert!(ocsf.contains("\"uid\": \"222233334444\""));
        assert!(ocsf.contains("\"name\": \"web-prod\""));
        let sarif = rendered(Format::Sarif);
        assert!(sarif.contains("aws/222233334444/"));
        let markdown = rendered(Format::Markdown);
        assert!(markdown.contains("**By account**"));
        assert!(markdown.contains("| 222233334444 (web-prod) |"));
        let html = rendered(Format::Html);
        assert!(html.contains("data-account=\"222233334444 (web-prod)\""));
        assert!(
            html.contains(">555566667777</option>"),
            "the filter offers every account"
        );
    }

    #[test]
    fn a_single_account_report_names_no_account_section() {
        let table =
            render(Format::Table, &fixtures::report(), RenderOptions::default()).expect("renders");
        assert!(!table.contains("Account "));
        let csv =
            render(Format::Csv, &fixtures::report(), RenderOptions::default()).expect("renders");
        assert!(
            csv.contains(",123456789012,"),
            "the report's account fills the column"
        );
    }
}
