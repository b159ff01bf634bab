//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers, modelled for only what is emitted.
//!
//! - One rule per check in the report: title, risk, a help text with the owner, the lesson and the
//!   remediation, `security-severity`, and tags (owner, service, layer, compliance ids).
//! - One result per FAIL, muted ones included as suppressed results with their reason. PASS yields
//!   no result; ERROR findings become tool execution notifications, since they are gaps in the audit
//!   rather than problems in the account.
//! - An AWS resource is not a file, so each result carries a logical location (the ARN, or the id)
//!   and a stable pseudo physical location `aws/<account>/<region>/<service>/<resource-id>`, line 1,
//!   which is what GitHub needs to accept the upload. `partialFingerprints` keep an alert stable
//!   across runs.

use std::collections::BTreeMap;
use std::io::Write;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::catalog::{CheckMeta, Severity};
use crate::finding::{BaselineState, Finding, Status};
use crate::output::{
    RenderError, VERSION, account_of, compliance_ids, fingerprint, owner_heading, write_json,
};
use crate::report::Report;

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of the fingerprint in `partialFingerprints`; bump the version if its input ever changes.
pub const FINGERPRINT_KEY: &str = "postureFinding/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    automation_details: AutomationDetails,
    invocations: [Invocation<'a>; 1],
    results: Vec<SarifResult<'a>>,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<&'a str>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    start_time_utc: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Notification<'a> {
    level: &'static str,
    message: OwnedText,
    #[serde(skip_serializing_if = "Option::is_none")]
    associated_rule: Option<RuleReference<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
struct RuleReference<'a> {
    id: &'a str,
    index: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    kind: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    logical_locations: [LogicalLocation<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    name: &'a str,
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    owner: &'static str,
    severity: &'static str,
    resource_type: &'a str,
    region: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties<'a> {
    account: &'a str,
    partition: &'a str,
    regions: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoint_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved: Option<Vec<ResolvedEntry<'a>>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResolvedEntry<'a> {
    rule_id: &'a str,
    resource: &'a str,
    region: &'a str,
}

/// GitHub's scale: 9.0+ critical, 7.0+ high, 4.0+ medium, 0.1+ low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Informational => "0.0",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Informational => "note",
    }
}

fn help(meta: &CheckMeta) -> Help {
    // "customer, security IN the cloud (yours to fix)"
    let heading = owner_heading(meta.owner);
    let side = heading.split_once(": ").map_or(heading, |(_, side)| side);
    let owner = format!("{}, {side}", meta.owner.as_str());
    let compliance = compliance_ids(meta, " ").join(", ");
    let mut text = format!(
        "{}\n\nOwner: {owner}. {}\nRisk: {}\nLearn: {}\nRemediation: {}\n",
        meta.title, meta.why_owner, meta.risk, meta.learn, meta.remediation
    );
    let mut markdown = format!(
        "**{}**\n\n**Owner: {owner}.** {}\n\n**Risk:** {}\n\n**Learn:** {}\n\n**Remediation:** {}\n",
        meta.title, meta.why_owner, meta.risk, meta.learn, meta.remediation
    );
    if let Some(cli) = &meta.remediation_cli {
        text.push_str(&format!("CLI: {cli}\n"));
        markdown.push_str(&format!("\n```sh\n{cli}\n```\n"));
    }
    if !compliance.is_empty() {
        text.push_str(&format!("Compliance: {compliance}\n"));
        markdown.push_str(&format!("\n**Compliance:** {compliance}\n"));
    }
    if !meta.references.is_empty() {
        text.push_str(&format!("References: {}\n", meta.references.join(" ")));
        markdown.push_str("\n**References:**\n");
        for reference in &meta.references {
            markdown.push_str(&format!("- <{reference}>\n"));
        }
    }
    Help { text, markdown }
}

fn rule(meta: &CheckMeta) -> Rule<'_> {
    let mut tags = vec![
        "security".to_string(),
        meta.owner.as_str().to_string(),
        meta.service.clone(),
    ];
    tags.push(meta.layer.as_str().to_string());
    tags.extend(compliance_ids(meta, "/"));
    Rule {
        id: &meta.id,
        short_description: Text { text: &meta.title },
        full_description: Text { text: &meta.risk },
        help: help(meta),
        help_uri: meta.references.first().map(String::as_str),
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: RuleProperties {
            tags,
            security_severity: security_severity(meta.severity),
        },
    }
}

/// Everything but unreserved URI characters is escaped, `/` included, so that a resource id stays
/// one path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `aws/<account>/<region>/<service>/<resource-id>`: stable, URL-safe, and never a real file.
pub fn pseudo_uri(account: &str, finding: &Finding) -> String {
    [
        "aws",
        account,
        &finding.resource.region,
        &finding.meta.service,
        &finding.resource.id,
    ]
    .iter()
    .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
    .collect::<Vec<_>>()
    .join("/")
}

fn location<'a>(account: &str, finding: &'a Finding) -> Location<'a> {
    let resource = &finding.resource;
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: pseudo_uri(account, finding),
            },
            region: Region { start_line: 1 },
        },
        logical_locations: [LogicalLocation {
            name: &resource.id,
            fully_qualified_name: resource.arn.as_deref().unwrap_or(&resource.id),
            kind: "resource",
        }],
    }
}

fn result<'a>(account: &str, finding: &'a Finding, rule_index: usize) -> SarifResult<'a> {
    let suppressions = finding
        .muted_reason
        .as_deref()
        .map(|reason| Suppression {
            kind: "external",
            status: "accepted",
            justification: reason,
        })
        .into_iter()
        .collect();
    SarifResult {
        rule_id: &finding.meta.id,
        rule_index,
        level: level(finding.severity()),
        kind: "fail",
        message: Text {
            text: &finding.message,
        },
        locations: [location(account, finding)],
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint(finding))]),
        baseline_state: finding.baseline.map(|state| match state {
            BaselineState::New => "new",
            BaselineState::Unchanged => "unchanged",
        }),
        suppressions,
        properties: ResultProperties {
            owner: finding.owner().as_str(),
            severity: finding.severity().as_str(),
            resource_type: &finding.resource.kind,
            region: &finding.resource.region,
        },
    }
}

/// An ERROR finding: the check could not examine the resource.
fn error_notification<'a>(
    account: &str,
    finding: &'a Finding,
    rule_index: usize,
) -> Notification<'a> {
    let (level, text) = match &finding.muted_reason {
        Some(reason) => (
            "note",
            format!(
                "{} could not run: {} (muted: {reason})",
                finding.meta.id, finding.message
            ),
        ),
        None => (
            "error",
            format!("{} could not run: {}", finding.meta.id, finding.message),
        ),
    };
    Notification {
        level,
        message: OwnedText { text },
        associated_rule: Some(RuleReference {
            id: &finding.meta.id,
            index: rule_index,
        }),
        locations: vec![location(account, finding)],
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> Result<(), RenderError> {
    // The run's own account names the run; each result's location names its finding's account.
    let account = report.account.id.as_str();
    // One rule per check in the report, sorted by id; results point at them by index.
    let by_id: BTreeMap<&str, &CheckMeta> = report
        .findings
        .iter()
        .map(|f| (f.meta.id.as_str(), f.meta))
        .collect();
    let index: BTreeMap<&str, usize> = by_id.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    let index_of = |finding: &Finding| {
        index
            .get(finding.meta.id.as_str())
            .copied()
            .unwrap_or_default()
    };

    let results = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| result(account_of(report, f), f, index_of(f)))
        .collect();
    let mut notifications: Vec<Notification> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Error)
        .map(|f| error_notification(account_of(report, f), f, index_of(f)))
        .collect();
    notifications.extend(report.notes.iter().map(|note| Notification {
        level: "note",
        message: OwnedText { text: note.clone() },
        associated_rule: None,
        locations: Vec::new(),
    }));
    let resolved = report.resolved.as_ref().map(|resolved| {
        resolved
            .iter()
            .map(|r| ResolvedEntry {
                rule_id: &r.check_id,
                resource: &r.resource.id,
                region: &r.resource.region,
            })
            .collect()
    });

    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "posture",
                    version: VERSION,
                    semantic_version: VERSION,
                    rules: by_id.values().map(|meta| rule(meta)).collect(),
                },
            },
            // GitHub takes the part before the last `/` as the analysis category: one per account.
            automation_details: AutomationDetails {
                id: format!("posture/{account}/"),
            },
            invocations: [Invocation {
                execution_successful: true,
                start_time_utc: report
                    .started_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                tool_execution_notifications: notifications,
            }],
            results,
            properties: RunProperties {
                account,
                partition: &report.account.partition,
                regions: &report.target.regions,
                endpoint_url: report.target.endpoint_url.as_deref(),
                resolved,
            },
        }],
    };
    write_json(&log, out)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::output::{Format, fixtures};

    fn sarif_validator() -> jsonschema::Validator {
        let mut schema: Value =
            serde_json::from_str(include_str!("../../tests/schemas/sarif-schema-2.1.0.json"))
                .expect("schema is JSON");
        // A known defect of the published schema: the `language` patterns (of a run and of a tool
        // component) end in a stray `]` that strict ECMA-262 syntax rejects, so the validator would
        // refuse the schema itself. They are corrected here, in memory, so that the vendored file
        // stays as published; posture emits no `language`.
        let definitions = schema["definitions"].as_object_mut().expect("definitions");
        for definition in ["run", "toolComponent"] {
            let pattern = &mut definitions[definition]["properties"]["language"]["pattern"];
            assert_eq!(
                *pattern,
                json!("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"),
                "{definition}"
            );
            *pattern = json!("^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$");
        }
        fixtures::validator(&schema)
    }

    fn rendered() -> Value {
        serde_json::from_str(&fixtures::rendered(Format::Sarif, &fixtures::report()))
            .expect("SARIF is JSON")
    }

    #[test]
    fn validates_against_the_official_schema() {
        let validator = sarif_validator();
        let violations = fixtures::violations(&validator, &rendered());
        assert!(violations.is_empty(), "{violations:#?}");
        let plain: Value = serde_json::from_str(&fixtures::rendered(
            Format::Sarif,
            &fixtures::report_without_baseline(),
        ))
        .expect("JSON");
        assert!(validator.is_valid(&plain));
    }

    #[test]
    fn the_schema_check_can_fail() {
        let validator = sarif_validator();
        let mut broken = rendered();
        broken["runs"][0]["results"][0]["level"] = json!("fatal");
        assert!(!validator.is_valid(&broken), "an unknown level is rejected");
        let mut missing = rendered();
        missing["runs"][0]["tool"]["driver"]
            .as_object_mut()
            .expect("driver")
            .remove("name");
        assert!(
            !validator.is_valid(&missing),
            "a driver without a name is rejected"
        );
        let mut unknown = rendered();
        unknown["runs"][0]["results"][0]["severity"] = json!("high");
        assert!(
            !validator.is_valid(&unknown),
            "an unknown result property is rejected"
        );
        let mut not_a_uri = rendered();
        not_a_uri["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = json!("not a uri");
        assert!(!validator.is_valid(&not_a_uri), "formats are checked too");
    }

    #[test]
    fn results_are_failures_only_and_muted_ones_are_suppressed_with_their_reason() {
        let sarif = rendered();
        let results = sarif["runs"][0]["results"].as_array().expect("results");
        let fails = fixtures::report()
            .findings
            .iter()
            .filter(|f| f.status == Status::Fail)
            .count();
        assert_eq!(results.len(), fails);
        let suppressed: Vec<&Value> = results
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .collect();
        assert_eq!(suppressed.len(), 1);
        assert_eq!(
            suppressed[0]["suppressions"],
            json!([{"kind": "external", "status": "accepted", "justification": "static website logs, reviewed by secops"}])
        );
        let notifications = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
        assert_eq!(notifications[0]["level"], "error");
        assert_eq!(
            notifications[0]["associatedRule"]["id"],
            "ssm.instances_patch_compliant"
        );
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let sarif = rendered();
        let prints: Vec<&str> = sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                r["partialFingerprints"][FINGERPRINT_KEY]
                    .as_str()
                    .expect("fingerprint")
            })
            .collect();
        let mut unique = prints.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), prints.len());
        // Pinned: a change here re-opens every alert in GitHub, so it must be deliberate.
        assert_eq!(prints[0], "4ee6c1671406f2e6");
    }

    #[test]
    fn rules_carry_severity_tags_and_indexes_point_at_them() {
        let sarif = rendered();
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules");
        for result in sarif["runs"][0]["results"].as_array().expect("results") {
            let index = result["ruleIndex"].as_u64().expect("index") as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
        let root = rules
            .iter()
            .find(|r| r["id"] == "iam.root_mfa_enabled")
            .expect("rule");
        assert_eq!(root["properties"]["security-severity"], "9.5");
        assert_eq!(
            root["properties"]["tags"],
            json!([
                "security",
                "customer",
                "iam",
                "identity",
                "aws_fsbp/IAM.9",
                "cis_aws_3_0/1.5"
            ])
        );
    }

    #[test]
    fn the_pseudo_location_is_one_safe_segment_per_part() {
        let report = fixtures::report();
        let error = report
            .findings
            .iter()
            .find(|f| f.status == Status::Error)
            .expect("an error finding");
        assert_eq!(
            pseudo_uri("123456789012", error),
            "aws/123456789012/us-east-1/ssm/123456789012%2Fus-east-1"
        );
    }
}
