//! The human view: one table per owner (customer first), failures first within it, then a summary.

use std::fmt::Write;

use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use crate::check::Owner;
use crate::finding::{BaselineState, Finding, Report, Status, StatusCounts};
use crate::output::{RenderOptions, owner_heading};

/// Width used when stdout is not a terminal, so that piped output still wraps predictably.
const DEFAULT_WIDTH: u16 = 160;

fn status_rank(status: Status) -> u8 {
    match status {
        Status::Fail => 0,
        Status::Error => 1,
        Status::Muted => 2,
        Status::Pass => 3,
    }
}

fn status_cell(finding: &Finding) -> Cell {
    let status = finding.reported_status();
    let color = match status {
        Status::Fail => Color::Red,
        Status::Error => Color::Yellow,
        Status::Muted => Color::DarkGrey,
        Status::Pass => Color::Green,
    };
    // Against a baseline, what is new is what a reviewer reads first.
    let marker = if finding.baseline == Some(BaselineState::New) && status != Status::Pass {
        " (new)"
    } else {
        ""
    };
    Cell::new(format!("{}{marker}", status.as_str())).fg(color)
}

fn counts_phrase(counts: &StatusCounts) -> String {
    format!(
        "{} FAIL, {} ERROR, {} MUTED, {} PASS",
        counts.fail, counts.error, counts.muted, counts.pass
    )
}

pub fn summary_line(report: &Report) -> String {
    let by_owner = report.counts_by_owner();
    let owners: Vec<String> = by_owner
        .iter()
        .filter(|(_, counts)| **counts != StatusCounts::default())
        .map(|(owner, counts)| format!("{}: {}", owner.as_str(), counts_phrase(counts)))
        .collect();
    let mut line = format!("Summary: {}", counts_phrase(&report.counts()));
    if !owners.is_empty() {
        let _ = write!(line, " | {}", owners.join(" | "));
    }
    if let Some(resolved) = &report.resolved {
        let new = report
            .findings
            .iter()
            .filter(|f| {
                f.reported_status() == Status::Fail && f.baseline == Some(BaselineState::New)
            })
            .count();
        let _ = write!(
            line,
            " | baseline: {new} new FAIL, {} resolved",
            resolved.len()
        );
    }
    line
}

pub fn render(report: &Report, options: RenderOptions) -> String {
    let mut out = String::new();
    if !options.summary_only {
        let _ = writeln!(
            out,
            "posture audit of account {} ({}), regions: {}",
            report.account.id,
            report.target.endpoint_url.as_deref().unwrap_or("AWS"),
            report.target.regions.join(", ")
        );
        for owner in Owner::ALL {
            let mut rows: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.owner() == owner)
                .collect();
            if rows.is_empty() {
                continue;
            }
            rows.sort_by(|a, b| {
                (status_rank(a.reported_status()), a.sort_key())
                    .cmp(&(status_rank(b.reported_status()), b.sort_key()))
            });
            let _ = writeln!(out, "\n{}", owner_heading(owner));
            let _ = writeln!(out, "{}", findings_table(&rows));
        }
        for note in &report.notes {
            let _ = writeln!(out, "note: {note}");
        }
        if let Some(line) = collection_line(report) {
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = writeln!(out, "{}", summary_line(report));
    out
}

/// What collection cost, in one line; none for an inventory without counts (an older snapshot).
fn collection_line(report: &Report) -> Option<String> {
    let stats = &report.stats;
    if stats.by_service.is_empty() {
        return None;
    }
    let total = stats.total();
    let slowest = stats
        .wall_time_ms
        .iter()
        .max_by_key(|(_, ms)| **ms)
        .map(|(part, ms)| format!(", slowest {part} {:.1} s", *ms as f64 / 1000.0))
        .unwrap_or_default();
    Some(format!(
        "Collection: {} API calls, {} retries, {} throttled, {} failed{slowest}",
        total.calls,
        total.retries(),
        total.throttled_attempts,
        total.failed
    ))
}

fn findings_table(rows: &[&Finding]) -> Table {
    let mut table = Table::new();
    let width = table.width().unwrap_or(DEFAULT_WIDTH);
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(vec![
            "Status", "Severity", "Check", "Resource", "Region", "Message",
        ]);
    for finding in rows {
        let message = match &finding.muted_reason {
            Some(reason) => format!("{} (muted: {reason})", finding.message),
            None => finding.message.clone(),
        };
        table.add_row(vec![
            status_cell(finding),
            Cell::new(finding.severity().as_str()),
            Cell::new(&finding.meta.id),
            Cell::new(
                finding
                    .resource
                    .name
                    .as_deref()
                    .unwrap_or(&finding.resource.id),
            ),
            Cell::new(&finding.resource.region),
            Cell::new(message),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::ServiceStats;
    use crate::output::fixtures;

    #[test]
    fn collection_costs_are_one_line() {
        let mut report = fixtures::report();
        assert_eq!(collection_line(&report), None);
        report.stats.by_service.insert(
            "s3".into(),
            ServiceStats {
                calls: 40,
                attempts: 45,
                throttled_attempts: 4,
                timed_out_attempts: 0,
                failed: 0,
            },
        );
        report.stats.wall_time_ms.insert("s3".into(), 2_500);
        report.stats.wall_time_ms.insert("us-east-1".into(), 900);
        assert_eq!(
            collection_line(&report).as_deref(),
            Some("Collection: 40 API calls, 5 retries, 4 throttled, 0 failed, slowest s3 2.5 s")
        );
    }
}
