//! OCSF 1.1.0 Detection Findings (class 2004, the `cloud` and `datetime` profiles): a JSON array with
//! one event per finding, PASS included, in the shape Prowler's `json-ocsf` output uses and that
//! Security Hub and Security Lake ingest.
//!
//! The verdict is `status_code` (PASS, FAIL, ERROR); `status` is the finding's workflow state, New, or
//! Suppressed when muted. Detection Finding has no compliance or owner attributes in OCSF 1.1.0, so
//! those (and the baseline state) travel in `unmapped`, as Prowler does.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::catalog::Severity;
use crate::finding::Finding;
use crate::output::{
    RenderError, VERSION, account_of, baseline_label, severity_caption, write_json,
};
use crate::report::Report;

pub const OCSF_VERSION: &str = "1.1.0";

#[derive(Serialize)]
struct DetectionFinding<'a> {
    metadata: Metadata<'a>,
    time: i64,
    time_dt: &'a str,
    severity_id: u8,
    severity: &'static str,
    status_id: u8,
    status: &'static str,
    status_code: &'static str,
    status_detail: &'a str,
    message: &'a str,
    activity_id: u8,
    activity_name: &'static str,
    category_uid: u8,
    category_name: &'static str,
    class_uid: u16,
    class_name: &'static str,
    type_uid: u32,
    type_name: &'static str,
    finding_info: FindingInfo<'a>,
    resources: [ResourceDetails<'a>; 1],
    cloud: Cloud<'a>,
    remediation: Remediation<'a>,
    unmapped: Unmapped<'a>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    event_code: &'a str,
    product: Product,
    profiles: [&'static str; 2],
    version: &'static str,
}

#[derive(Serialize)]
struct Product {
    name: &'static str,
    uid: &'static str,
    vendor_name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct FindingInfo<'a> {
    uid: String,
    title: &'a str,
    desc: &'a str,
    types: [&'static str; 1],
    product_uid: &'static str,
    created_time: i64,
    created_time_dt: &'a str,
}

#[derive(Serialize)]
struct ResourceDetails<'a> {
    uid: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    region: &'a str,
    cloud_partition: &'a str,
    group: Group<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    labels: Vec<String>,
}

#[derive(Serialize)]
struct Group<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Cloud<'a> {
    provider: &'static str,
    account: Account<'a>,
    region: &'a str,
}

#[derive(Serialize)]
struct Account<'a> {
    uid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    type_id: u8,
}

#[derive(Serialize)]
struct Remediation<'a> {
    desc: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    references: &'a [String],
}

#[derive(Serialize)]
struct Unmapped<'a> {
    check_id: &'a str,
    owner: &'static str,
    layer: &'static str,
    service_model: &'static str,
    why_owner: &'a str,
    risk: &'a str,
    learn: &'a str,
    compliance: &'a BTreeMap<String, Vec<String>>,
    /// posture's own status (PASS, FAIL, ERROR or MUTED), as in every other format.
    posture_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    muted_reason: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    baseline: &'static str,
}

fn severity_id(severity: Severity) -> u8 {
    match severity {
        Severity::Informational => 1,
        Severity::Low => 2,
        Severity::Medium => 3,
        Severity::High => 4,
        Severity::Critical => 5,
    }
}

fn event<'a>(
    report: &'a Report,
    finding: &'a Finding,
    time: i64,
    time_dt: &'a str,
) -> DetectionFinding<'a> {
    let meta = finding.meta;
    let resource = &finding.resource;
    let (status_id, status) = match finding.muted_reason {
        Some(_) => (3, "Suppressed"),
        None => (1, "New"),
    };
    let mut remediation = meta.remediation.clone();
    if let Some(cli) = &meta.remediation_cli {
        remediation.push_str(&format!("\nCLI: {cli}"));
    }
    DetectionFinding {
        metadata: Metadata {
            event_code: &meta.id,
            product: Product {
                name: "posture",
                uid: "posture",
                vendor_name: "posture",
                version: VERSION,
            },
            profiles: ["cloud", "datetime"],
            version: OCSF_VERSION,
        },
        time,
        time_dt,
        severity_id: severity_id(meta.severity),
        severity: severity_caption(meta.severity),
        status_id,
        status,
        // The check's own verdict; muting changes `status`, not the verdict.
        status_code: finding.status.as_str(),
        status_detail: &finding.message,
        message: &finding.message,
        activity_id: 1,
        activity_name: "Create",
        category_uid: 2,
        category_name: "Findings",
        class_uid: 2004,
        class_name: "Detection Finding",
        type_uid: 200_401,
        type_name: "Detection Finding: Create",
        finding_info: FindingInfo {
            uid: format!(
                "posture-{}-{}-{}-{}-{}",
                report.account.partition,
                account_of(report, finding),
                resource.region,
                meta.id,
                resource.id
            ),
            title: &meta.title,
            desc: &meta.risk,
            types: ["Software and Configuration Checks/AWS Security Best Practices"],
            product_uid: "posture",
            created_time: time,
            created_time_dt: time_dt,
        },
        resources: [ResourceDetails {
            uid: resource.arn.as_deref().unwrap_or(&resource.id),
            name: resource.name.as_deref().unwrap_or(&resource.id),
            kind: &resource.kind,
            region: &resource.region,
            cloud_partition: &report.account.partition,
            group: Group {
                name: &meta.service,
            },
            labels: resource
                .tags
                .iter()
                .map(|(key, value)| format!("{key}:{value}"))
                .collect(),
        }],
        cloud: Cloud {
            provider: "AWS",
            account: Account {
                uid: account_of(report, finding),
                name: report.account_name(account_of(report, finding)),
                kind: "AWS Account",
                type_id: 10,
            },
            region: &resource.region,
        },
        remediation: Remediation {
            desc: remediation,
            references: &meta.references,
        },
        unmapped: Unmapped {
            check_id: &meta.id,
            owner: meta.owner.as_str(),
            layer: meta.layer.as_str(),
            service_model: meta.service_model.as_str(),
            why_owner: &meta.why_owner,
            risk: &meta.risk,
            learn: &meta.learn,
            compliance: &meta.compliance,
            posture_status: finding.reported_status().as_str(),
            muted_reason: finding.muted_reason.as_deref(),
            baseline: baseline_label(finding.baseline),
        },
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> Result<(), RenderError> {
    let time = report.started_at.timestamp_millis();
    let time_dt = report
        .started_at
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let events: Vec<DetectionFinding> = report
        .findings
        .iter()
        .map(|finding| event(report, finding, time, &time_dt))
        .collect();
    write_json(&events, out)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::output::{Format, fixtures};

    fn ocsf_validator() -> jsonschema::Validator {
        let schema: Value = serde_json::from_str(include_str!(
            "../../tests/schemas/ocsf-1.1.0-detection_finding.json"
        ))
        .expect("schema is JSON");
        fixtures::validator(&schema)
    }

    fn events() -> Vec<Value> {
        let value: Value =
            serde_json::from_str(&fixtures::rendered(Format::Ocsf, &fixtures::report()))
                .expect("OCSF is JSON");
        value.as_array().expect("an array").clone()
    }

    #[test]
    fn every_event_validates_against_the_detection_finding_schema() {
        let validator = ocsf_validator();
        let events = events();
        assert_eq!(events.len(), fixtures::report().findings.len());
        for event in &events {
            let violations = fixtures::violations(&validator, event);
            let uid = &event["finding_info"]["uid"];
            assert!(violations.is_empty(), "{uid}: {violations:#?}");
        }
    }

    #[test]
    fn the_schema_check_can_fail() {
        let validator = ocsf_validator();
        let mut wrong_class = events()[0].clone();
        wrong_class["class_uid"] = json!(2001);
        assert!(
            !validator.is_valid(&wrong_class),
            "another class is rejected"
        );
        let mut no_cloud = events()[0].clone();
        no_cloud.as_object_mut().expect("object").remove("cloud");
        assert!(
            !validator.is_valid(&no_cloud),
            "the cloud profile's required attribute is enforced"
        );
        let mut stray = events()[0].clone();
        stray["compliance_status"] = json!("Fail");
        assert!(
            !validator.is_valid(&stray),
            "attributes outside the class are rejected"
        );
        let mut bad_severity = events()[0].clone();
        bad_severity["severity_id"] = json!(7);
        assert!(
            !validator.is_valid(&bad_severity),
            "severity ids are an enum"
        );
    }

    #[test]
    fn muted_findings_are_suppressed_and_keep_their_verdict() {
        let events = events();
        let muted: Vec<&Value> = events
            .iter()
            .filter(|e| e["status"] == "Suppressed")
            .collect();
        assert_eq!(muted.len(), 1);
        assert_eq!(muted[0]["status_id"], 3);
        assert_eq!(muted[0]["status_code"], "FAIL");
        assert_eq!(
            muted[0]["unmapped"]["muted_reason"],
            "static website logs, reviewed by secops"
        );
        let errored: Vec<&Value> = events
            .iter()
            .filter(|e| e["status_code"] == "ERROR")
            .collect();
        assert_eq!(errored.len(), 1);
    }
}
