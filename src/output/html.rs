//! One self-contained HTML page (inline CSS, no scripts, no external assets): the verdict, counts by
//! owner and by severity, then every finding in a table per owner, coloured by status, failures
//! first, with the remediation one click away.

use std::fmt::Write;

use crate::finding::{Finding, Report, Status};
use crate::output::{
    CountTable, RESPONSIBILITY_LEGEND, baseline_label, count_tables, has_baseline, owner_groups,
    owner_heading, resource_label, status_counts,
};

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#1f2328;line-height:1.4}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:0 0 1.5rem;width:100%}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
td.num{text-align:right}
.summary{display:flex;gap:2rem;flex-wrap:wrap;align-items:flex-start}
.nowrap{white-space:nowrap}
.summary table{width:auto}
.FAIL{background:#ffebe9;color:#a40e26;font-weight:600}
.ERROR{background:#fff8c5;color:#7d4e00;font-weight:600}
.MUTED{background:#eaeef2;color:#57606a}
.PASS{background:#dafbe1;color:#116329}
small{color:#57606a;word-break:break-all}
pre{white-space:pre-wrap;background:#f6f8fa;padding:.3rem}
footer{color:#57606a;font-size:90%;margin-top:2rem}
";

/// Text made safe for element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn count_table(out: &mut String, table: &CountTable) {
    let _ = writeln!(
        out,
        "<table><caption>{}</caption>\n<thead><tr><th>{}</th><th>FAIL</th><th>ERROR</th><th>MUTED</th><th>PASS</th></tr></thead>\n<tbody>",
        table.title, table.label
    );
    for (label, counts) in &table.rows {
        let _ = write!(out, "<tr><th>{label}</th>");
        for count in status_counts(counts) {
            let _ = write!(out, "<td class=\"num\">{count}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

fn finding_row(out: &mut String, finding: &Finding, with_baseline: bool) {
    let meta = finding.meta;
    let resource = &finding.resource;
    let status = finding.reported_status().as_str();
    let _ = write!(
        out,
        "<tr><td class=\"{status}\">{status}</td><td class=\"nowrap\">{}</td><td><code>{}</code><br>{}</td><td>{}",
        meta.severity.as_str(),
        escape(&meta.id),
        escape(&meta.title),
        escape(&resource_label(resource)),
    );
    if let Some(arn) = &resource.arn {
        let _ = write!(out, "<br><small>{}</small>", escape(arn));
    }
    let _ = write!(
        out,
        "</td><td class=\"nowrap\">{}</td><td>{}",
        escape(&resource.region),
        escape(&finding.message)
    );
    if let Some(reason) = &finding.muted_reason {
        let _ = write!(out, "<br><em>muted: {}</em>", escape(reason));
    }
    if finding.reported_status() == Status::Fail {
        let _ = write!(
            out,
            "<details><summary>Fix ({} owns it)</summary><p>{}</p><p>{}</p>",
            meta.owner.as_str(),
            escape(&meta.why_owner),
            escape(&meta.remediation)
        );
        if let Some(cli) = &meta.remediation_cli {
            let _ = write!(out, "<pre>{}</pre>", escape(cli));
        }
        out.push_str("</details>");
    }
    out.push_str("</td>");
    if with_baseline {
        let _ = write!(out, "<td>{}</td>", baseline_label(finding.baseline));
    }
    out.push_str("</tr>\n");
}

fn header(out: &mut String, report: &Report) {
    let account = escape(&report.account.id);
    let counts = report.counts();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>posture audit of account {account}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <h1>posture audit of account {account}</h1>"
    );
    let _ = writeln!(
        out,
        "<p>Regions: {} · Endpoint: {} · Started: {} · Duration: {} ms</p>",
        escape(&report.target.regions.join(", ")),
        escape(report.target.endpoint_url.as_deref().unwrap_or("AWS")),
        report
            .started_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        report.duration_ms,
    );
    let _ = writeln!(
        out,
        "<p><strong class=\"FAIL\">{} FAIL</strong> · {} ERROR · {} MUTED · {} PASS</p>",
        counts.fail, counts.error, counts.muted, counts.pass
    );
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    header(&mut out, report);
    out.push_str("<div class=\"summary\">\n");
    for table in count_tables(report) {
        count_table(&mut out, &table);
    }
    out.push_str("</div>\n");

    let with_baseline = has_baseline(report);
    for (owner, findings) in owner_groups(&report.findings) {
        let _ = writeln!(out, "<h2>{}</h2>", owner_heading(owner));
        out.push_str(
            "<table>\n<thead><tr><th>Status</th><th>Severity</th><th>Check</th><th>Resource</th><th>Region</th><th>Message</th>",
        );
        out.push_str(if with_baseline {
            "<th>Baseline</th></tr></thead>\n<tbody>\n"
        } else {
            "</tr></thead>\n<tbody>\n"
        });
        for finding in findings {
            finding_row(&mut out, finding, with_baseline);
        }
        out.push_str("</tbody></table>\n");
    }
    if report.findings.is_empty() {
        out.push_str("<p>No findings.</p>\n");
    }

    if let Some(resolved) = report
        .resolved
        .as_ref()
        .filter(|resolved| !resolved.is_empty())
    {
        let _ = writeln!(
            out,
            "<h2>Resolved since the baseline ({})</h2>\n<ul>",
            resolved.len()
        );
        for r in resolved {
            let _ = writeln!(
                out,
                "<li><code>{}</code> {} ({}): {}</li>",
                escape(&r.check_id),
                escape(&r.resource.id),
                escape(&r.resource.region),
                escape(&r.title)
            );
        }
        out.push_str("</ul>\n");
    }
    if !report.notes.is_empty() {
        out.push_str("<h2>Notes</h2>\n<ul>\n");
        for note in &report.notes {
            let _ = writeln!(out, "<li>{}</li>", escape(note));
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(
        out,
        "<footer><p>{}</p><p>posture {}</p></footer>\n</body>\n</html>",
        escape(RESPONSIBILITY_LEGEND),
        crate::output::VERSION
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures;

    #[test]
    fn untrusted_text_is_escaped_and_nothing_is_loaded_from_outside() {
        let html = render(&fixtures::report());
        assert!(html.contains("&quot;AllUsers&quot; &lt;http://acs.amazonaws.com/groups/global/AllUsers&gt; | via ACL &amp; policy"));
        assert!(!html.contains("<http://"));
        for external in ["<script", "<link", "src=", "@import", "url("] {
            assert!(!html.contains(external), "{external}");
        }
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }

    #[test]
    fn every_finding_has_a_row() {
        let report = fixtures::report();
        let html = render(&report);
        assert_eq!(
            html.matches("<tr><td class=\"").count(),
            report.findings.len()
        );
    }
}
