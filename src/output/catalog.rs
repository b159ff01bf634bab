//! Views of the catalog itself: the check list, a check's learning card, framework coverage, and
//! the responsibility map. Reports of findings live in `output`.

use std::fmt::Write;

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use crate::catalog::CheckMeta;
use crate::check::Check;
use crate::compliance::Assessment;
use crate::compliance::Framework;
use crate::inventory::Inventory;
use crate::output::{RenderError, to_json};
use crate::responsibility::ServiceResponsibility;

const TABLE_WIDTH: u16 = 160;

fn table(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    let width = table.width().unwrap_or(TABLE_WIDTH);
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(header);
    table
}

fn compliance_ids(meta: &CheckMeta) -> String {
    meta.compliance
        .iter()
        .flat_map(|(framework, ids)| ids.iter().map(move |id| format!("{framework} {id}")))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Serialize)]
struct CatalogJson<'a> {
    schema: &'static str,
    checks: Vec<CatalogEntry<'a>>,
}

#[derive(Serialize)]
struct CatalogEntry<'a> {
    id: &'a str,
    title: &'a str,
    service: &'a str,
    severity: crate::catalog::Severity,
    owner: crate::catalog::Owner,
    layer: crate::catalog::Layer,
    service_model: crate::catalog::ServiceModel,
    compliance: &'a std::collections::BTreeMap<String, Vec<String>>,
}

/// How `posture checks` and `posture responsibility` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogFormat {
    Table,
    Json,
    Markdown,
}

/// `posture checks`: the registry as a table, `posture.checks/v1` JSON, or Markdown.
pub fn list(checks: &[&'static dyn Check], format: CatalogFormat) -> Result<String, RenderError> {
    let metas: Vec<&CheckMeta> = checks.iter().map(|check| check.meta()).collect();
    match format {
        CatalogFormat::Json => to_json(&CatalogJson {
            schema: "posture.checks/v1",
            checks: metas
                .iter()
                .map(|m| CatalogEntry {
                    id: &m.id,
                    title: &m.title,
                    service: &m.service,
                    severity: m.severity,
                    owner: m.owner,
                    layer: m.layer,
                    service_model: m.service_model,
                    compliance: &m.compliance,
                })
                .collect(),
        }),
        CatalogFormat::Markdown => {
            let mut out = String::from(
                "| Check | Severity | Owner | Model | Title | Compliance |\n|---|---|---|---|---|---|\n",
            );
            for m in &metas {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    m.id,
                    m.severity.as_str(),
                    m.owner.as_str(),
                    m.service_model.as_str(),
                    m.title,
                    compliance_ids(m)
                );
            }
            Ok(out)
        }
        CatalogFormat::Table => {
            let mut t = table(vec![
                "Check",
                "Severity",
                "Owner",
                "Model",
                "Title",
                "Compliance",
            ]);
            for m in &metas {
                t.add_row(vec![
                    m.id.as_str(),
                    m.severity.as_str(),
                    m.owner.as_str(),
                    m.service_model.as_str(),
                    m.title.as_str(),
                    &compliance_ids(m),
                ]);
            }
            Ok(format!("{t}\n{} checks\n", metas.len()))
        }
    }
}

/// `posture explain`: the learning card.
pub fn explain(meta: &CheckMeta) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  [{}]", meta.id, meta.severity.as_str());
    let _ = writeln!(out, "{}\n", meta.title);
    let _ = writeln!(
        out,
        "Owner: {} (layer: {}, service model: {})",
        meta.owner.as_str(),
        meta.layer.as_str(),
        meta.service_model.as_str()
    );
    let _ = writeln!(out, "Where the line sits: {}", meta.service_model.line());
    let _ = writeln!(out, "Why this side of the line: {}\n", meta.why_owner);
    let _ = writeln!(out, "Risk: {}\n", meta.risk);
    let _ = writeln!(out, "Remediation: {}", meta.remediation);
    if let Some(cli) = &meta.remediation_cli {
        let _ = writeln!(out, "  $ {cli}");
    }
    let _ = writeln!(out, "\nLearn: {}", meta.learn);
    if !meta.compliance.is_empty() {
        let _ = writeln!(out, "\nCompliance: {}", compliance_ids(meta));
    }
    for reference in &meta.references {
        let _ = writeln!(out, "See: {reference}");
    }
    out
}

#[derive(Serialize)]
struct CoverageRow<'a> {
    id: &'a str,
    title: &'a str,
    assessment: Assessment,
    checks: Vec<&'a str>,
}

/// `posture checks --compliance F`: which of the framework's recommendations the registry covers.
pub fn coverage(
    framework: Framework,
    checks: &[&'static dyn Check],
    format: CatalogFormat,
) -> Result<String, RenderError> {
    let covering = |id: &str| -> Vec<&'static str> {
        checks
            .iter()
            .map(|check| check.meta())
            .filter(|meta| {
                meta.compliance
                    .get(framework.key())
                    .is_some_and(|ids| ids.iter().any(|i| i == id))
            })
            .map(|meta| meta.id.as_str())
            .collect()
    };
    let rows: Vec<CoverageRow> = match framework.recommendations() {
        Some(table) => table
            .iter()
            .map(|rec| CoverageRow {
                id: rec.id,
                title: rec.title,
                assessment: rec.assessment,
                checks: covering(rec.id),
            })
            .collect(),
        None => {
            let mut ids: Vec<&str> = checks
                .iter()
                .flat_map(|check| {
                    check
                        .meta()
                        .compliance
                        .get(framework.key())
                        .into_iter()
                        .flatten()
                })
                .map(String::as_str)
                .collect();
            ids.sort_by_key(|id| {
                let (service, number) = id.split_once('.').unwrap_or((id, "0"));
                (service.to_string(), number.parse::<u32>().unwrap_or(0))
            });
            ids.dedup();
            ids.into_iter()
                .map(|id| CoverageRow {
                    id,
                    title: "",
                    assessment: Assessment::Automated,
                    checks: covering(id),
                })
                .collect()
        }
    };
    let covered = rows.iter().filter(|row| !row.checks.is_empty()).count();
    let status = |row: &CoverageRow| match (row.checks.is_empty(), row.assessment) {
        (false, _) => "covered",
        (true, Assessment::Manual) => "manual",
        (true, Assessment::Automated) => "not covered",
    };
    match format {
        CatalogFormat::Json => to_json(&serde_json::json!({
            "schema": "posture.coverage/v1",
            "framework": framework.key(),
            "covered": covered,
            "total": rows.len(),
            "recommendations": rows,
        })),
        CatalogFormat::Markdown => {
            let mut out = String::from(
                "| Id | Recommendation | Assessment | Status | Checks |\n|---|---|---|---|---|\n",
            );
            for row in &rows {
                let _ = writeln!(
                    out,
                    "| {} | {} | {:?} | {} | {} |",
                    row.id,
                    row.title,
                    row.assessment,
                    status(row),
                    row.checks.join(", ")
                );
            }
            let _ = writeln!(out, "\n{covered} of {} recommendations covered", rows.len());
            Ok(out)
        }
        CatalogFormat::Table => {
            let mut t = table(vec![
                "Id",
                "Recommendation",
                "Assessment",
                "Status",
                "Checks",
            ]);
            for row in &rows {
                let assessment = format!("{:?}", row.assessment).to_lowercase();
                t.add_row(vec![
                    row.id,
                    row.title,
                    &assessment,
                    status(row),
                    &row.checks.join("\n"),
                ]);
            }
            Ok(format!(
                "{t}\n{covered} of {} recommendations covered\n",
                rows.len()
            ))
        }
    }
}

/// `posture responsibility --format markdown`: the same map as a Markdown table.
pub fn responsibility_markdown(inventory: &Inventory, map: &[ServiceResponsibility]) -> String {
    let cell = |items: &[&str]| items.join("<br>").replace('|', "\\|");
    let mut out = format!(
        "## Shared responsibility map of account {}\n\nAWS secures the cloud; you secure what you put in it.\n\n\
         | Service | Model | AWS secures (inherited) | Shared | You secure | Your side in this audit |\n\
         |---|---|---|---|---|---|\n",
        inventory.account.id
    );
    for line in map {
        let status = &line.customer_status;
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} | {} | {} FAIL, {} ERROR, {} PASS |",
            line.name,
            line.usage_unknown
                .as_ref()
                .map(|gap| format!(" (use unknown: {gap})"))
                .unwrap_or_default(),
            line.model.as_str(),
            cell(line.aws),
            cell(line.shared),
            cell(line.customer),
            status.fail,
            status.error,
            status.pass
        );
    }
    out
}

pub fn responsibility_json(
    inventory: &Inventory,
    map: &[ServiceResponsibility],
) -> Result<String, RenderError> {
    to_json(&serde_json::json!({
        "schema": "posture.responsibility/v1",
        "account": inventory.account,
        "services": map,
    }))
}

/// `posture responsibility`: per service in use, what AWS does, what is shared, what you do.
pub fn responsibility_text(inventory: &Inventory, map: &[ServiceResponsibility]) -> String {
    let mut out = format!(
        "Shared responsibility map of account {}: AWS secures the cloud, you secure what you put in it.\n",
        inventory.account.id
    );
    let mut t = table(vec![
        "Service",
        "Model",
        "AWS secures (inherited)",
        "Shared",
        "You secure",
        "Your side in this audit",
    ]);
    for line in map {
        let status = &line.customer_status;
        let service = match &line.usage_unknown {
            Some(gap) => format!("{}\n(use unknown: {gap})", line.name),
            None => line.name.to_string(),
        };
        t.add_row(vec![
            service,
            line.model.as_str().to_string(),
            line.aws.join("\n"),
            line.shared.join("\n"),
            line.customer.join("\n"),
            format!(
                "{} FAIL, {} ERROR, {} PASS",
                status.fail, status.error, status.pass
            ),
        ]);
    }
    let _ = writeln!(out, "{t}");
    out
}
