//! Markdown for a pull-request comment or a CI step summary: the verdict, counts by owner and by
//! severity, the failing findings (FAIL and ERROR) grouped by owner, then muted and resolved counts,
//! notes and the responsibility legend.
//!
//! GitHub rejects comments over 65,536 characters, so the output stays under [`LIMIT`]: at most
//! [`MAX_ROWS`] finding rows, long cells cut, and a line saying how much was left out.

use std::fmt::Write;

use crate::finding::{BaselineState, Finding, Status};
use crate::output::{
    CountTable, RESPONSIBILITY_LEGEND, account_label, account_of, baseline_label, count_tables,
    has_baseline, owner_groups, owner_heading, resource_label, status_counts,
};
use crate::report::Report;

/// Finding rows shown at most; the rest are counted.
pub const MAX_ROWS: usize = 200;
/// Characters the body may use; the closing lines need far less than the 65,536 GitHub allows.
pub const LIMIT: usize = 60_000;
/// Characters the body may use before the resolved findings and notes, which keep the rest.
const ROWS_LIMIT: usize = 50_000;
/// Characters a message or resource cell shows at most.
const CELL_MAX: usize = 300;
/// Notes and resolved findings listed at most.
const MAX_LIST: usize = 25;

/// Text made safe for a table cell: one line, Markdown and HTML punctuation escaped, long text cut.
pub fn cell(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut shown: String = flat.chars().take(CELL_MAX).collect();
    if shown.len() < flat.len() {
        shown.push('…');
    }
    let mut escaped = String::with_capacity(shown.len());
    for c in shown.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Appends `text` unless the output would grow past `limit`; says whether it did.
fn push_within(out: &mut String, limit: usize, text: &str) -> bool {
    let fits = out.len() + text.len() <= limit;
    if fits {
        out.push_str(text);
    }
    fits
}

fn count_table(out: &mut String, table: &CountTable) {
    let _ = writeln!(out, "| {} | FAIL | ERROR | MUTED | PASS |", table.label);
    out.push_str("|---|--:|--:|--:|--:|\n");
    for (label, counts) in &table.rows {
        let [fail, error, muted, pass] = status_counts(counts);
        let _ = writeln!(out, "| {label} | {fail} | {error} | {muted} | {pass} |");
    }
    out.push('\n');
}

/// `account` names the resource's account when the report spans several.
fn finding_row(finding: &Finding, with_baseline: bool, account: Option<&str>) -> String {
    let resource = match account {
        Some(account) => format!("{account}: {}", resource_label(&finding.resource)),
        None => resource_label(&finding.resource),
    };
    let mut row = format!(
        "| {} | {} | `{}` | {} | {} | {} |",
        finding.reported_status().as_str(),
        finding.severity().as_str(),
        finding.meta.id,
        cell(&resource),
        cell(&finding.resource.region),
        cell(&finding.message),
    );
    if with_baseline {
        let _ = write!(row, " {} |", baseline_label(finding.baseline));
    }
    row.push('\n');
    row
}

/// One row per account of a run over several: its counts, and why it could not be audited.
fn account_table(out: &mut String, report: &Report) {
    out.push_str("**By account**\n\n| Account | FAIL | ERROR | MUTED | PASS | Note |\n|---|---|---|---|---|---|\n");
    let counts = report.counts_by_account();
    for audited in &report.accounts {
        let id = audited.account.id.as_str();
        let row = counts.get(id).cloned().unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&account_label(report, id)),
            row.fail,
            row.error,
            row.muted,
            row.pass,
            cell(audited.error.as_deref().unwrap_or_default())
        );
    }
    out.push('\n');
}

fn header_line(report: &Report) -> String {
    let counts = report.counts();
    let mut line = format!(
        "**{} FAIL** · {} ERROR · {} MUTED · {} PASS — account {}, regions {} ({}), started {}",
        counts.fail,
        counts.error,
        counts.muted,
        counts.pass,
        cell(&report.account.id),
        cell(&report.target.regions.join(", ")),
        cell(report.target.endpoint_url.as_deref().unwrap_or("AWS")),
        report
            .started_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    );
    if has_baseline(report) {
        let new = report
            .findings
            .iter()
            .filter(|f| {
                f.reported_status() == Status::Fail && f.baseline == Some(BaselineState::New)
            })
            .count();
        let resolved = report.resolved.as_ref().map_or(0, Vec::len);
        let _ = write!(
            line,
            " — against the baseline: {new} new FAIL, {resolved} resolved"
        );
    }
    line
}

pub fn render(report: &Report) -> String {
    let mut out = String::from("## posture audit\n\n");
    let _ = writeln!(out, "{}\n", header_line(report));
    for table in count_tables(report) {
        let _ = writeln!(out, "**{}**\n", table.title);
        count_table(&mut out, &table);
    }
    if report.spans_accounts() {
        account_table(&mut out, report);
    }

    let failing = report
        .findings
        .iter()
        .filter(|f| matches!(f.reported_status(), Status::Fail | Status::Error));
    let groups = owner_groups(failing);
    let with_baseline = has_baseline(report);
    let mut shown = 0;
    let mut hidden = 0;
    if groups.is_empty() {
        out.push_str("No failing findings.\n\n");
    } else {
        out.push_str("### Failing findings\n\n");
    }
    for (owner, findings) in &groups {
        let _ = writeln!(out, "#### {}\n", owner_heading(*owner));
        out.push_str("| Status | Severity | Check | Resource | Region | Message |");
        out.push_str(if with_baseline { " Baseline |\n" } else { "\n" });
        out.push_str(if with_baseline {
            "|---|---|---|---|---|---|---|\n"
        } else {
            "|---|---|---|---|---|---|\n"
        });
        for finding in findings {
            if shown < MAX_ROWS
                && push_within(
                    &mut out,
                    ROWS_LIMIT,
                    &finding_row(
                        finding,
                        with_baseline,
                        report.spans_accounts().then(|| account_of(report, finding)),
                    ),
                )
            {
                shown += 1;
            } else {
                hidden += 1;
            }
        }
        out.push('\n');
    }
    if hidden > 0 {
        let _ = writeln!(
            out,
            "…and {hidden} more failing findings not shown here; see the full report.\n"
        );
    }

    let muted: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.reported_status() == Status::Muted)
        .collect();
    if !muted.is_empty() {
        let _ = writeln!(out, "### Muted findings ({})\n", muted.len());
        out.push_str("| Status | Severity | Check | Resource | Reason |\n|---|---|---|---|---|\n");
        let mut listed = 0;
        for finding in &muted {
            let row = format!(
                "| MUTED | {} | `{}` | {} | {} |\n",
                finding.severity().as_str(),
                finding.meta.id,
                cell(&resource_label(&finding.resource)),
                cell(finding.muted_reason.as_deref().unwrap_or_default())
            );
            if listed < MAX_ROWS && push_within(&mut out, ROWS_LIMIT, &row) {
                listed += 1;
            }
        }
        if listed < muted.len() {
            let _ = writeln!(
                out,
                "\n…and {} more muted findings; see the full report.",
                muted.len() - listed
            );
        }
        out.push('\n');
    }
    if let Some(resolved) = &report.resolved {
        let items = resolved.iter().map(|r| {
            format!(
                "- `{}` {} ({}): {}\n",
                r.check_id,
                cell(&r.resource.id),
                cell(&r.resource.region),
                cell(&r.title)
            )
        });
        list(
            &mut out,
            &format!("Resolved since the baseline ({})", resolved.len()),
            items,
        );
    }
    list(
        &mut out,
        "Notes",
        report
            .notes
            .iter()
            .map(|note| format!("- {}\n", cell(note))),
    );
    let _ = writeln!(out, "> {RESPONSIBILITY_LEGEND}");
    out
}

/// A titled bullet list, capped at [`MAX_LIST`] items and [`LIMIT`]; nothing when empty.
fn list(out: &mut String, title: &str, items: impl ExactSizeIterator<Item = String>) {
    let total = items.len();
    if total == 0 {
        return;
    }
    let _ = writeln!(out, "### {title}\n");
    let mut shown = 0;
    for item in items.take(MAX_LIST) {
        if !push_within(out, LIMIT, &item) {
            break;
        }
        shown += 1;
    }
    if shown < total {
        let _ = writeln!(out, "- …and {} more", total - shown);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures;

    #[test]
    fn snapshot_without_baseline() {
        insta::assert_snapshot!(render(&fixtures::report_without_baseline()));
    }

    #[test]
    fn cells_cannot_break_the_table_or_inject_markup() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(cell("<img src=x>"), "\\<img src=x\\>");
        assert_eq!(
            cell("[x](http://e) *y* `z`"),
            "\\[x\\](http://e) \\*y\\* \\`z\\`"
        );
        let long = "x".repeat(1000);
        assert_eq!(cell(&long).chars().count(), CELL_MAX + 1);
    }

    #[test]
    fn a_huge_report_stays_under_the_github_comment_limit() {
        let mut report = fixtures::report();
        let template = report.findings[0].clone();
        report.findings = (0..5000)
            .map(|i| {
                let mut finding = template.clone();
                finding.resource.id = format!("resource-{i:05}-{}", "y".repeat(200));
                finding.message = "m".repeat(2000);
                finding
            })
            .collect();
        report.notes = (0..500)
            .map(|i| format!("note {i} {}", "n".repeat(500)))
            .collect();
        let text = render(&report);
        assert!(
            text.chars().count() < 65_536,
            "{} characters",
            text.chars().count()
        );
        assert!(text.contains("more failing findings not shown here"));
        assert!(
            text.contains("- note 0 nnn"),
            "notes keep room of their own"
        );
        assert!(
            text.contains(&format!("- …and {} more", 500 - MAX_LIST)),
            "notes are capped too"
        );
        assert!(text.ends_with(&format!("> {RESPONSIBILITY_LEGEND}\n")));
    }

    #[test]
    fn a_clean_report_says_so() {
        let mut report = fixtures::report_without_baseline();
        report
            .findings
            .retain(|f| f.reported_status() == Status::Pass);
        report.notes.clear();
        let text = render(&report);
        assert!(text.contains("No failing findings."));
        assert!(!text.contains("### Failing findings"));
    }
}
