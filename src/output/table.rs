//! The human view, read top to bottom: what needs attention first (failures by owner, then by
//! severity), then what could not be audited (one line per failed call), what was muted, one line
//! per check for what passed, and the summary with the two next steps.
//!
//! Laid out as indented lines rather than a bordered grid: a grid as wide as its longest message
//! does not fit a terminal, and wrapping inside narrow cells breaks identifiers apart. Here text
//! wraps only at spaces, so a check id or an ARN is never split.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::catalog::{Owner, Severity};
use crate::finding::{BaselineState, Finding, Status, StatusCounts};
use crate::output::{
    RenderOptions, account_groups, account_label, failed_call, owner_heading, resource_label,
};
use crate::report::Report;

/// Columns used when neither `COLUMNS` nor a terminal says otherwise.
pub const DEFAULT_WIDTH: usize = 100;
/// The narrowest layout: below it, indentation would leave too little room for text.
pub const MIN_WIDTH: usize = 80;

/// Where a finding row's text starts: the status word and its padding, wider when a baseline
/// adds "(new)" to it.
const STATUS_COLUMN: usize = 7;
const STATUS_COLUMN_WITH_BASELINE: usize = 13;

/// What the attention section is indented by, per level.
const OWNER_INDENT: usize = 0;
const SEVERITY_INDENT: usize = 2;
const ROW_INDENT: usize = 4;

/// ANSI styles, applied after layout so that escape codes never count towards the width.
#[derive(Clone, Copy)]
enum Style {
    Bold,
    Red,
    Yellow,
    Green,
    Dim,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Bold => "1",
            Style::Red => "1;31",
            Style::Yellow => "33",
            Style::Green => "32",
            Style::Dim => "2",
        }
    }

    fn of(status: Status) -> Style {
        match status {
            Status::Fail => Style::Red,
            Status::Error => Style::Yellow,
            Status::Muted => Style::Dim,
            Status::Pass => Style::Green,
        }
    }
}

/// Writes lines at a fixed width, colouring only when asked.
struct Layout {
    out: String,
    width: usize,
    color: bool,
    /// Findings' status column: wider against a baseline, where a status may read "FAIL (new)".
    finding_status_column: usize,
}

impl Layout {
    fn paint(&self, text: &str, style: Style) -> String {
        if self.color {
            format!("\u{1b}[{}m{text}\u{1b}[0m", style.code())
        } else {
            text.to_string()
        }
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    /// A heading: its text wrapped, all of it styled.
    fn heading(&mut self, indent: usize, text: &str, style: Style) {
        for line in wrap(text, self.width, indent, indent + 2) {
            let (pad, words) = line.split_at(line.len() - line.trim_start().len());
            let painted = self.paint(words, style);
            let _ = writeln!(self.out, "{pad}{painted}");
        }
    }

    /// Plain text, wrapped, with continuation lines indented by `rest`.
    fn text(&mut self, first: usize, rest: usize, text: &str) {
        for line in wrap(text, self.width, first, rest) {
            let _ = writeln!(self.out, "{line}");
        }
    }

    /// `parts` joined by `separator`, a line broken only between parts.
    fn parts(&mut self, first: usize, rest: usize, parts: &[String], separator: &str) {
        let mut line = " ".repeat(first);
        let mut started = false;
        for part in parts {
            let joined = line.chars().count() + separator.len() + part.chars().count();
            if started && joined > self.width {
                let _ = writeln!(self.out, "{}{}", line, separator.trim_end());
                line = " ".repeat(rest);
            } else if started {
                line.push_str(separator);
            }
            line.push_str(part);
            started = true;
        }
        let _ = writeln!(self.out, "{line}");
    }

    /// A row led by a status word: `head` follows it, and `body` joins it on the same line when
    /// both fit, or follows on lines of its own under the head.
    fn row(&mut self, indent: usize, status: &str, style: Style, head: &str, body: &str) {
        self.row_at(indent, STATUS_COLUMN, status, style, head, body);
    }

    fn row_at(
        &mut self,
        indent: usize,
        status_column: usize,
        status: &str,
        style: Style,
        head: &str,
        body: &str,
    ) {
        let lead = format!("{status:<width$}", width = status_column - 1);
        let column = indent + status_column;
        let one_line = format!("{lead} {head}  {body}");
        let fits = indent + one_line.chars().count() <= self.width;
        let mut lines = if fits || body.is_empty() {
            wrap(one_line.trim_end(), self.width, indent, column)
        } else {
            let mut lines = wrap(&format!("{lead} {head}"), self.width, indent, column);
            lines.extend(wrap(body, self.width, column, column));
            lines
        };
        if let Some(first) = lines.first_mut() {
            let painted = self.paint(status, style);
            *first = first.replacen(status, &painted, 1);
        }
        for line in lines {
            let _ = writeln!(self.out, "{line}");
        }
    }
}

/// Splits `text` at spaces into lines of at most `width` columns, the first indented by `first`
/// and the rest by `rest`. Runs of spaces inside a line are kept (they align columns); a word
/// longer than a line stands alone on its line, unbroken.
pub(crate) fn wrap(text: &str, width: usize, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = " ".repeat(first);
    let mut has_word = false;
    let mut gap = 0;
    for word in text.split(' ') {
        if word.is_empty() {
            gap += 1;
            continue;
        }
        let spaces = if has_word { gap + 1 } else { 0 };
        gap = 0;
        let needed = line.chars().count() + spaces + word.chars().count();
        if has_word && needed > width {
            lines.push(std::mem::replace(&mut line, " ".repeat(rest)));
        } else {
            line.push_str(&" ".repeat(spaces));
        }
        line.push_str(word);
        has_word = true;
    }
    if has_word || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn counts_phrase(counts: &StatusCounts) -> String {
    format!(
        "{} FAIL, {} ERROR, {} MUTED, {} PASS",
        counts.fail, counts.error, counts.muted, counts.pass
    )
}

/// The verdict in one line, also printed on stderr when the reports go to files.
pub fn summary_line(report: &Report) -> String {
    summary_parts(report).join(" | ")
}

fn summary_parts(report: &Report) -> Vec<String> {
    let mut parts = vec![format!("Summary: {}", counts_phrase(&report.counts()))];
    parts.extend(
        report
            .counts_by_owner()
            .iter()
            .filter(|(_, counts)| **counts != StatusCounts::default())
            .map(|(owner, counts)| format!("{}: {}", owner.as_str(), counts_phrase(counts))),
    );
    if report.spans_accounts() {
        let unentered = report
            .accounts
            .iter()
            .filter(|audited| audited.error.is_some())
            .count();
        parts.push(format!(
            "accounts: {} audited, {unentered} not",
            report.accounts.len() - unentered
        ));
    }
    if let Some(resolved) = &report.resolved {
        let new = report
            .findings
            .iter()
            .filter(|f| {
                f.reported_status() == Status::Fail && f.baseline == Some(BaselineState::New)
            })
            .count();
        parts.push(format!(
            "baseline: {new} new FAIL, {} resolved",
            resolved.len()
        ));
    }
    parts
}

/// What a row says about the resource: its label, and its region when several were audited and
/// the label does not already name it.
fn resource_phrase(finding: &Finding, several_regions: bool) -> String {
    let label = resource_label(&finding.resource);
    let region = &finding.resource.region;
    if several_regions
        && region != crate::finding::GLOBAL_REGION
        && !label.contains(region.as_str())
    {
        format!("{label} [{region}]")
    } else {
        label
    }
}

/// `FAIL`, or `FAIL (new)` against a baseline, where what is new is what a reviewer reads first.
fn status_word(finding: &Finding) -> String {
    let status = finding.reported_status();
    if finding.baseline == Some(BaselineState::New) && status != Status::Pass {
        format!("{} (new)", status.as_str())
    } else {
        status.as_str().to_string()
    }
}

fn finding_row(layout: &mut Layout, indent: usize, finding: &Finding, several_regions: bool) {
    let status = finding.reported_status();
    let head = format!(
        "{}  {}",
        finding.meta.id,
        resource_phrase(finding, several_regions)
    );
    let body = match &finding.muted_reason {
        Some(reason) => format!("{} (muted: {reason})", finding.message),
        None => finding.message.clone(),
    };
    let column = layout.finding_status_column;
    layout.row_at(
        indent,
        column,
        &status_word(finding),
        Style::of(status),
        &head,
        &body,
    );
}

/// Failures by owner, then by severity: the section a reader acts on.
fn attention(layout: &mut Layout, failures: &[&Finding], several_regions: bool) {
    for owner in Owner::ALL {
        let of_owner: Vec<&Finding> = failures
            .iter()
            .copied()
            .filter(|f| f.owner() == owner)
            .collect();
        if of_owner.is_empty() {
            continue;
        }
        layout.blank();
        let heading = format!("{} - {} FAIL", owner_heading(owner), of_owner.len());
        layout.heading(OWNER_INDENT, &heading, Style::Bold);
        for severity in Severity::ALL {
            let rows: Vec<&Finding> = of_owner
                .iter()
                .copied()
                .filter(|f| f.severity() == severity)
                .collect();
            if rows.is_empty() {
                continue;
            }
            let heading = format!("{}: {}", severity.as_str(), rows.len());
            layout.heading(SEVERITY_INDENT, &heading, Style::Bold);
            for finding in rows {
                finding_row(layout, ROW_INDENT, finding, several_regions);
            }
        }
    }
}

/// ERROR findings that share a cause (the same failed call and reason) become one line.
struct Cause<'a> {
    message: &'a str,
    checks: Vec<&'a str>,
}

fn causes<'a>(errors: &[&'a Finding]) -> Vec<Cause<'a>> {
    let mut by_message: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for finding in errors {
        let checks = by_message.entry(finding.message.as_str()).or_default();
        if !checks.contains(&finding.meta.id.as_str()) {
            checks.push(finding.meta.id.as_str());
        }
    }
    let mut causes: Vec<Cause> = by_message
        .into_iter()
        .map(|(message, mut checks)| {
            checks.sort_unstable();
            Cause { message, checks }
        })
        .collect();
    causes.sort_by_key(|cause| std::cmp::Reverse(cause.checks.len()));
    causes
}

/// "rds:DescribeDBInstances is not emulated", from a gap's `<call> failed: <reason>` message.
fn cause_phrase(message: &str) -> String {
    let Some((call, reason)) = failed_call(message) else {
        // Not a failed call (a part of the inventory this run never collected): said as it is.
        let mut phrase: Vec<char> = message.chars().collect();
        if let Some(first) = phrase.first_mut() {
            *first = first.to_ascii_uppercase();
        }
        return phrase.into_iter().collect();
    };
    let code = reason.split(':').next().unwrap_or(reason).trim();
    if reason.contains("emulated") || reason.contains("is not enabled") {
        format!("{call} is not emulated")
    } else if code.contains("AccessDenied") || code.contains("Unauthorized") {
        format!("{call} was denied ({code})")
    } else {
        format!("{call} failed ({code})")
    }
}

fn not_audited(layout: &mut Layout, errors: &[&Finding]) {
    if errors.is_empty() {
        return;
    }
    let causes = causes(errors);
    layout.blank();
    layout.heading(
        OWNER_INDENT,
        &format!(
            "Not audited: {} ERROR, {} {} (each finding's reason is in --format json)",
            errors.len(),
            causes.len(),
            if causes.len() == 1 { "cause" } else { "causes" }
        ),
        Style::Bold,
    );
    for cause in causes {
        let count = cause.checks.len();
        let head = format!(
            "{}: {count} {} could not run",
            cause_phrase(cause.message),
            if count == 1 { "check" } else { "checks" }
        );
        layout.row(
            SEVERITY_INDENT,
            Status::Error.as_str(),
            Style::Yellow,
            &head,
            &cause.checks.join(", "),
        );
    }
}

fn muted(layout: &mut Layout, muted: &[&Finding], several_regions: bool) {
    if muted.is_empty() {
        return;
    }
    layout.blank();
    layout.heading(
        OWNER_INDENT,
        &format!(
            "Muted: {} (still in every report, with the reason)",
            muted.len()
        ),
        Style::Bold,
    );
    for finding in muted {
        finding_row(layout, SEVERITY_INDENT, finding, several_regions);
    }
}

/// What passed: a row per finding when asked, otherwise a line per check with how many of the
/// resources it examined passed.
fn passed(layout: &mut Layout, shown: &[&Finding], every_pass: bool, several_regions: bool) {
    let passes: Vec<&Finding> = shown
        .iter()
        .copied()
        .filter(|f| f.reported_status() == Status::Pass)
        .collect();
    if passes.is_empty() {
        return;
    }
    let mut per_check: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for finding in shown.iter().copied() {
        let (pass, total) = per_check.entry(finding.meta.id.as_str()).or_default();
        *total += 1;
        if finding.reported_status() == Status::Pass {
            *pass += 1;
        }
    }
    per_check.retain(|_, (pass, _)| *pass > 0);
    layout.blank();
    let hint = if every_pass {
        ""
    } else {
        "; --verbose lists each"
    };
    layout.heading(
        OWNER_INDENT,
        &format!(
            "Passed: {} findings over {} checks{hint}",
            passes.len(),
            per_check.len()
        ),
        Style::Bold,
    );
    if every_pass {
        for finding in passes {
            finding_row(layout, SEVERITY_INDENT, finding, several_regions);
        }
        return;
    }
    let id_width = per_check.keys().map(|id| id.len()).max().unwrap_or(0);
    for (id, (pass, total)) in per_check {
        let tally = if pass == total {
            format!("all {total}")
        } else {
            format!("{pass} of {total}")
        };
        let head = format!("{id:<id_width$}  {tally}");
        layout.row(
            SEVERITY_INDENT,
            Status::Pass.as_str(),
            Style::Green,
            &head,
            "",
        );
    }
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
    let paced = if total.rate_limit_wait_ms > 0 {
        format!(
            ", {:.1} s waited on rate limits",
            total.rate_limit_wait_ms as f64 / 1000.0
        )
    } else {
        String::new()
    };
    Some(format!(
        "Collection: {} API calls, {} retries, {} throttled, {} failed{paced}{slowest}",
        total.calls,
        total.retries(),
        total.throttled_attempts,
        total.failed
    ))
}

/// The first unmuted failure in report order, which is severity first.
fn most_severe_failure(report: &Report) -> Option<&Finding> {
    report
        .findings
        .iter()
        .chain(&report.hidden)
        .filter(|f| f.reported_status() == Status::Fail)
        .min_by(|a, b| a.sort_key().cmp(&b.sort_key()))
}

fn next_steps(layout: &mut Layout, report: &Report) {
    let explain = match most_severe_failure(report) {
        Some(finding) => format!(
            "posture explain {}   the most severe failure: who fixes it, and how",
            finding.meta.id
        ),
        None => "posture explain <check>   any check's learning card: owner, risk, fix".to_string(),
    };
    layout.text(0, 6, &format!("Next: {explain}"));
    layout.text(
        6,
        6,
        "posture learn   a guided tour of this account's findings; --quiz tests you",
    );
}

/// One account's findings (or the whole report's): what failed, what could not be audited, what
/// is muted, and what passed.
fn section(layout: &mut Layout, findings: &[&Finding], every_pass: bool, several_regions: bool) {
    let by_status = |status: Status| -> Vec<&Finding> {
        findings
            .iter()
            .copied()
            .filter(|f| f.reported_status() == status)
            .collect()
    };
    let (failures, errors, muted_findings) = (
        by_status(Status::Fail),
        by_status(Status::Error),
        by_status(Status::Muted),
    );
    if failures.is_empty() && !findings.is_empty() {
        layout.blank();
        layout.text(0, 2, "Nothing shown failed.");
    }
    attention(layout, &failures, several_regions);
    not_audited(layout, &errors);
    muted(layout, &muted_findings, several_regions);
    passed(layout, findings, every_pass, several_regions);
}

pub fn render(report: &Report, options: RenderOptions) -> String {
    let mut layout = Layout {
        out: String::new(),
        width: options.width.max(MIN_WIDTH),
        color: options.color,
        finding_status_column: if report.findings.iter().any(|f| f.baseline.is_some()) {
            STATUS_COLUMN_WITH_BASELINE
        } else {
            STATUS_COLUMN
        },
    };
    if options.summary_only {
        let _ = writeln!(layout.out, "{}", summary_line(report));
        return layout.out;
    }
    let several_regions = report.target.regions.len() > 1;
    let groups: Vec<(Option<&str>, Vec<&Finding>)> = if report.spans_accounts() {
        account_groups(report)
            .into_iter()
            .map(|(id, findings)| (Some(id), findings))
            .collect()
    } else {
        vec![(None, report.findings.iter().collect())]
    };

    layout.text(
        0,
        2,
        &format!(
            "posture audit of {} ({}), regions: {}",
            if report.spans_accounts() {
                format!(
                    "{} accounts as {}",
                    report.accounts.len(),
                    report.account.id
                )
            } else {
                format!("account {}", report.account.id)
            },
            report.target.endpoint_url.as_deref().unwrap_or("AWS"),
            report.target.regions.join(", ")
        ),
    );
    let counts = report.counts_by_account();
    for (account, findings) in groups {
        if let Some(id) = account {
            layout.blank();
            let row = counts.get(id).cloned().unwrap_or_default();
            layout.heading(
                0,
                &format!(
                    "Account {}: {}",
                    account_label(report, id),
                    counts_phrase(&row)
                ),
                Style::Bold,
            );
            let error = report
                .accounts
                .iter()
                .find(|audited| audited.account.id == id)
                .and_then(|audited| audited.error.as_deref());
            if let Some(error) = error {
                layout.text(2, 4, &format!("not audited: {error}"));
            }
        }
        section(&mut layout, &findings, options.every_pass, several_regions);
    }
    layout.blank();
    for note in &report.notes {
        layout.text(0, 6, &format!("note: {note}"));
    }
    if let Some(line) = collection_line(report) {
        layout.text(0, 6, &line);
    }
    layout.parts(0, 9, &summary_parts(report), " | ");
    next_steps(&mut layout, report);
    layout.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures;

    fn options(width: usize) -> RenderOptions {
        RenderOptions {
            width,
            ..RenderOptions::default()
        }
    }

    #[test]
    fn wrapping_happens_at_spaces_and_never_inside_a_word() {
        let long = "arn:aws:s3:::a-bucket-name-that-is-longer-than-the-whole-line-allows";
        let lines = wrap(&format!("short {long} tail"), 30, 2, 4);
        assert_eq!(lines, ["  short", &format!("    {long}"), "    tail"]);
        assert_eq!(wrap("", 30, 2, 4), ["  "]);
    }

    #[test]
    fn every_line_fits_the_width_unless_one_word_is_longer() {
        for width in [80, 100, 132] {
            let text = render(&fixtures::report(), options(width));
            for line in text.lines() {
                let fits = line.chars().count() <= width;
                let one_word = !line.trim().contains(' ');
                assert!(fits || one_word, "{width}: {line}");
            }
        }
    }

    #[test]
    fn narrower_than_80_is_laid_out_at_80() {
        let report = fixtures::report();
        assert_eq!(render(&report, options(20)), render(&report, options(80)));
    }

    #[test]
    fn failures_come_first_by_owner_then_severity_and_passes_collapse_per_check() {
        let text = render(&fixtures::report(), options(100));
        let position = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle} missing from\n{text}"))
        };
        assert!(position("Customer: security IN the cloud") < position("Not audited"));
        assert!(position("critical: 1") < position("high: 2"));
        assert!(position("Not audited") < position("Muted: 1"));
        assert!(position("Muted: 1") < position("Passed: 3 findings over 3 checks"));
        assert!(
            text.lines()
                .any(|line| line.contains("PASS   s3.bucket_no_public_acl")
                    && line.ends_with(" 1 of 3")),
            "{text}"
        );
        assert!(!text.contains("PASS   s3.bucket_no_public_acl  private-data"));
        let verbose = render(
            &fixtures::report(),
            RenderOptions {
                every_pass: true,
                ..options(100)
            },
        );
        assert!(
            verbose.contains("s3.bucket_no_public_acl  private-data"),
            "{verbose}"
        );
    }

    #[test]
    fn errors_sharing_a_cause_collapse_into_one_line_naming_the_call() {
        let mut report = fixtures::report();
        let error = report
            .findings
            .iter()
            .find(|f| f.status == Status::Error)
            .cloned()
            .expect("the fixture has an ERROR");
        let mut second = error.clone();
        second.resource.id = "123456789012/eu-west-1".to_string();
        report.findings.push(second);
        let text = render(&report, options(100));
        assert!(
            text.contains(
                "ERROR  ssm:ListResourceComplianceSummaries was denied (AccessDenied): 1 check could not run"
            ),
            "{text}"
        );
        assert_eq!(
            text.matches("ssm:ListResourceComplianceSummaries").count(),
            1
        );
        assert_eq!(
            cause_phrase(
                "rds:DescribeDBInstances failed: InternalFailure: The API for service rds is either \
                 not included in your current license plan or has not yet been emulated by LocalStack."
            ),
            "rds:DescribeDBInstances is not emulated"
        );
        assert_eq!(
            cause_phrase("kms:ListKeys failed: Throttling: slow down"),
            "kms:ListKeys failed (Throttling)"
        );
        assert_eq!(
            cause_phrase("not collected in this run"),
            "Not collected in this run"
        );
    }

    #[test]
    fn ends_with_the_summary_and_the_two_next_steps() {
        let text = render(&fixtures::report(), options(100));
        let tail: Vec<&str> = text.lines().rev().take(2).collect();
        assert!(
            tail[1].starts_with("Next: posture explain iam.root_mfa_enabled"),
            "{text}"
        );
        assert!(tail[0].trim_start().starts_with("posture learn"), "{text}");
        assert!(
            text.contains("Summary: 4 FAIL, 1 ERROR, 1 MUTED, 3 PASS"),
            "{text}"
        );
    }

    #[test]
    fn colour_only_when_asked_and_never_inside_the_layout() {
        let report = fixtures::report();
        let plain = render(&report, options(100));
        assert!(!plain.contains('\u{1b}'));
        let coloured = render(
            &report,
            RenderOptions {
                color: true,
                ..options(100)
            },
        );
        assert!(coloured.contains("\u{1b}[1;31mFAIL"), "{coloured}");
        let stripped = coloured
            .split('\u{1b}')
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once('m').map_or(part, |(_, rest)| rest)
                }
            })
            .collect::<String>();
        assert_eq!(stripped, plain);
    }

    #[test]
    fn collection_costs_are_one_line() {
        let mut report = fixtures::report();
        assert_eq!(collection_line(&report), None);
        report.stats.by_service.insert(
            "s3".into(),
            crate::inventory::ServiceStats {
                calls: 40,
                attempts: 45,
                throttled_attempts: 4,
                timed_out_attempts: 0,
                failed: 0,
                rate_limit_wait_ms: 0,
            },
        );
        report.stats.wall_time_ms.insert("s3".into(), 2_500);
        report.stats.wall_time_ms.insert("us-east-1".into(), 900);
        assert_eq!(
            collection_line(&report).as_deref(),
            Some("Collection: 40 API calls, 5 retries, 4 throttled, 0 failed, slowest s3 2.5 s")
        );
        assert!(render(&report, options(100)).contains("Collection: 40 API calls"));
        report
            .stats
            .by_service
            .get_mut("s3")
            .expect("s3 counted")
            .rate_limit_wait_ms = 1_300;
        assert_eq!(
            collection_line(&report).as_deref(),
            Some(
                "Collection: 40 API calls, 5 retries, 4 throttled, 0 failed, 1.3 s waited on rate limits, slowest s3 2.5 s"
            )
        );
    }

    #[test]
    fn quiet_is_the_summary_line_alone() {
        let text = render(
            &fixtures::report(),
            RenderOptions {
                summary_only: true,
                ..options(100)
            },
        );
        assert_eq!(text.lines().count(), 1);
        assert!(text.starts_with("Summary: "));
    }
}
