//! One self-contained HTML page: the verdict; the counts by owner, severity and account as SVG
//! charts; the shared responsibility diagram of the account; every finding in one table with
//! filters, a text search and an expandable learning card; the resolved findings and notes.
//!
//! Nothing is loaded from outside: the style and the small script are embedded, and a Content
//! Security Policy forbids the page from fetching anything. Without the script the page still
//! reads in full (every row is present, the learning cards are listed at the end), and it prints
//! without the controls.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::catalog::{CheckMeta, ServiceModel, Severity};
use crate::finding::{Finding, StatusCounts};
use crate::output::{
    RESPONSIBILITY_LEGEND, STATUS_ORDER, account_label, account_of, baseline_label, compliance_ids,
    count_tables, has_baseline, resource_label, status_counts,
};
use crate::report::Report;
use crate::responsibility::ServiceResponsibility;

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// Inline style and script only; no request of any kind may leave the page.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

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

/// The colour of each status in the charts, in [`STATUS_ORDER`].
const STATUS_COLOURS: [&str; 4] = ["#cf222e", "#bf8700", "#8c959f", "#2da44e"];

const CHART_LABEL: u32 = 110;
const CHART_BAR: u32 = 220;
const CHART_ROW: u32 = 24;

/// A horizontal stacked bar per row, scaled to the largest row so that rows compare.
fn bar_chart(out: &mut String, title: &str, rows: &[(String, StatusCounts)]) {
    let largest = rows
        .iter()
        .map(|(_, counts)| status_counts(counts).iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = CHART_ROW * u32::try_from(rows.len()).unwrap_or(0) + 4;
    let width = CHART_LABEL + CHART_BAR + 210;
    let summary: Vec<String> = rows
        .iter()
        .map(|(label, counts)| {
            let [fail, error, muted, pass] = status_counts(counts);
            format!("{label}: {fail} FAIL, {error} ERROR, {muted} MUTED, {pass} PASS")
        })
        .collect();
    let _ = write!(
        out,
        "<figure><figcaption>{title}</figcaption>\
         <svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">",
        escape(&summary.join("; "))
    );
    for (index, (label, counts)) in rows.iter().enumerate() {
        let y = CHART_ROW * u32::try_from(index).unwrap_or(0) + 2;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\">{}</text>",
            y + 15,
            escape(label)
        );
        let mut x = f64::from(CHART_LABEL);
        let counts = status_counts(counts);
        for ((count, colour), status) in counts.iter().zip(STATUS_COLOURS).zip(STATUS_ORDER) {
            if *count == 0 {
                continue;
            }
            let share = f64::from(CHART_BAR) * (*count as f64) / (largest as f64);
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{share:.1}\" height=\"{}\" fill=\"{colour}\"><title>{count} {}</title></rect>",
                CHART_ROW - 6,
                status.as_str()
            );
            x += share;
        }
        let [fail, error, _, pass] = counts;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{fail} FAIL · {error} ERROR · {pass} PASS</text>",
            CHART_LABEL + CHART_BAR + 8,
            y + 15
        );
    }
    out.push_str("</svg></figure>\n");
}

fn charts(out: &mut String, report: &Report) {
    out.push_str("<section id=\"summary\"><h2>Summary</h2>\n<p class=\"legend\">");
    for (status, colour) in STATUS_ORDER.iter().zip(STATUS_COLOURS) {
        let _ = write!(
            out,
            "<span><i style=\"background:{colour}\"></i>{}</span>",
            status.as_str()
        );
    }
    out.push_str("</p>\n<div class=\"charts\">\n");
    for table in count_tables(report) {
        let rows: Vec<(String, StatusCounts)> = table
            .rows
            .iter()
            .map(|(label, counts)| (label.to_string(), counts.clone()))
            .collect();
        bar_chart(out, table.title, &rows);
    }
    let by_account: Vec<(String, StatusCounts)> = if report.accounts.is_empty() {
        vec![(report.account.id.clone(), report.counts())]
    } else {
        report
            .counts_by_account()
            .into_iter()
            .map(|(id, counts)| (account_label(report, id), counts))
            .collect()
    };
    bar_chart(out, "By account", &by_account);
    out.push_str("</div></section>\n");
}

/// The stack from what is always yours (top) to what is always AWS's (bottom).
const STACK: [&str; 8] = [
    "Customer data",
    "Identities and access (IAM)",
    "Configuration: firewall rules, bucket and key settings",
    "Application code",
    "Guest operating system, runtime, database engine",
    "Virtualisation and host operating system",
    "Hardware and global network",
    "Facilities (data centres)",
];

/// The service models drawn as columns, with how many layers of [`STACK`], from the top, each
/// leaves to the customer: the line sits lower the more of the stack you run.
const COLUMNS: [(ServiceModel, &str, usize); 3] = [
    (ServiceModel::Iaas, "IaaS (e.g. EC2)", 5),
    (ServiceModel::Paas, "PaaS (e.g. RDS, Lambda)", 4),
    (ServiceModel::Saas, "SaaS-like (e.g. S3, DynamoDB)", 3),
];

/// The worst status among a service's findings, which colours it on the diagram.
fn service_status(counts: &StatusCounts) -> &'static str {
    if counts.fail > 0 {
        "FAIL"
    } else if counts.error > 0 {
        "ERROR"
    } else if counts.pass > 0 {
        "PASS"
    } else {
        ""
    }
}

/// The services as a list; a service whose findings are in the table is a button that filters the
/// table to them.
fn service_items(out: &mut String, report: &Report, services: &[&ServiceResponsibility]) {
    out.push_str("<ul class=\"services\">");
    for service in services {
        let name = escape(service.name);
        let key = escape(service.service);
        let label = if report
            .findings
            .iter()
            .any(|finding| finding.meta.service == service.service)
        {
            format!(
                "<button type=\"button\" class=\"svc\" data-filter=\"{key}\" \
                 title=\"Show the findings of this service\">{name}</button>"
            )
        } else {
            name
        };
        let counts = &service.customer_status;
        let detail = match &service.usage_unknown {
            Some(gap) => format!("use unknown: {gap}"),
            None => format!(
                "{} FAIL, {} ERROR, {} PASS",
                counts.fail, counts.error, counts.pass
            ),
        };
        let _ = write!(
            out,
            "<li class=\"{}\" data-service=\"{key}\">{label}<small>{}</small></li>",
            service_status(counts),
            escape(&detail)
        );
    }
    out.push_str("</ul>");
}

fn responsibility(out: &mut String, report: &Report) {
    out.push_str(
        "<section id=\"responsibility\"><h2>Shared responsibility in this account</h2>\n\
         <p>Blue layers are yours (security IN the cloud), orange ones AWS's (security OF the cloud); \
         the thick rule in each column is where the line sits for that service model. The services \
         this account uses sit under their model, edged red where a check fails, amber where one \
         could not run, green where all pass.</p>\n\
         <table class=\"srm\"><thead><tr><th>Layer</th>",
    );
    for (_, caption, _) in COLUMNS {
        let _ = write!(out, "<th scope=\"col\">{caption}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (depth, layer) in STACK.iter().enumerate() {
        let _ = write!(out, "<tr><th scope=\"row\">{layer}</th>");
        for (_, _, yours) in COLUMNS {
            let (class, who) = if depth < yours {
                ("you", "You")
            } else {
                ("aws", "AWS")
            };
            let line = if depth == yours { " line" } else { "" };
            let _ = write!(out, "<td class=\"{class}{line}\">{who}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n<tfoot><tr><th scope=\"row\">Services in use</th>");
    for (model, _, _) in COLUMNS {
        out.push_str("<td>");
        let services: Vec<&ServiceResponsibility> = report
            .responsibility
            .iter()
            .filter(|service| service.model == model)
            .collect();
        service_items(out, report, &services);
        out.push_str("</td>");
    }
    out.push_str("</tr></tfoot></table>\n");
    let account_wide: Vec<&ServiceResponsibility> = report
        .responsibility
        .iter()
        .filter(|service| service.model == ServiceModel::Account)
        .collect();
    if !account_wide.is_empty() {
        out.push_str(
            "<h3>Account-wide, whatever the model: AWS provides the feature, using it is yours</h3>",
        );
        service_items(out, report, &account_wide);
    }
    if report.responsibility.is_empty() {
        out.push_str("<p>This report carries no map of the services in use.</p>");
    }
    out.push_str("</section>\n");
}

/// One filter: a label, the row attribute it reads, and the values on offer in the order given.
fn filter(out: &mut String, label: &str, key: &str, values: &[String]) {
    let _ = write!(
        out,
        "<label>{label}<select data-key=\"{key}\" id=\"f-{key}\"><option value=\"\">All</option>"
    );
    for value in values {
        let value = escape(value);
        let _ = write!(out, "<option value=\"{value}\">{value}</option>");
    }
    out.push_str("</select></label>");
}

fn filters(out: &mut String, report: &Report, rows: &[&Finding]) {
    // The values present, sorted; statuses and severities then take their natural order instead.
    let present = |value: fn(&Finding) -> Vec<String>| -> Vec<String> {
        let set: BTreeSet<String> = rows.iter().flat_map(|finding| value(finding)).collect();
        set.into_iter().collect()
    };
    let in_order = |order: Vec<&str>, values: Vec<String>| -> Vec<String> {
        order
            .into_iter()
            .filter(|name| values.iter().any(|value| value == name))
            .map(str::to_string)
            .collect()
    };
    out.push_str(
        "<form class=\"filters\" id=\"filters\" role=\"search\" aria-label=\"Filter the findings\">",
    );
    let statuses = in_order(
        STATUS_ORDER.iter().map(|s| s.as_str()).collect(),
        present(|f| vec![f.reported_status().as_str().to_string()]),
    );
    let severities = in_order(
        Severity::ALL.iter().map(|s| s.as_str()).collect(),
        present(|f| vec![f.severity().as_str().to_string()]),
    );
    filter(out, "Status", "status", &statuses);
    filter(
        out,
        "Owner",
        "owner",
        &present(|f| vec![f.owner().as_str().to_string()]),
    );
    filter(out, "Severity", "severity", &severities);
    filter(
        out,
        "Service",
        "service",
        &present(|f| vec![f.meta.service.clone()]),
    );
    let accounts: BTreeSet<&str> = rows
        .iter()
        .map(|finding| account_of(report, finding))
        .collect();
    filter(
        out,
        "Account",
        "account",
        &accounts
            .into_iter()
            .map(|id| account_label(report, id))
            .collect::<Vec<_>>(),
    );
    filter(
        out,
        "Framework",
        "fw",
        &present(|f| f.meta.compliance.keys().cloned().collect()),
    );
    let _ = writeln!(
        out,
        "<label>Search<input type=\"search\" id=\"f-text\" placeholder=\"check, resource, message\"></label>\
         <button type=\"reset\">Clear</button>\
         <output id=\"shown\" aria-live=\"polite\">{n} of {n} findings shown</output></form>",
        n = rows.len()
    );
}

fn finding_row(out: &mut String, report: &Report, finding: &Finding, with_baseline: bool) {
    let meta = finding.meta;
    let resource = &finding.resource;
    let status = finding.reported_status().as_str();
    let frameworks: Vec<&str> = meta.compliance.keys().map(String::as_str).collect();
    let _ = write!(
        out,
        "<tr class=\"f\" data-status=\"{status}\" data-owner=\"{}\" data-severity=\"{}\" data-service=\"{}\" \
         data-account=\"{}\" data-fw=\"{}\" data-check=\"{}\">\
         <td><button type=\"button\" class=\"more\" aria-expanded=\"false\" aria-label=\"Learning card for {} on {}\">+</button></td>\
         <td class=\"st nw {status}\">{status}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td><code>{}</code></td><td>{}",
        meta.owner.as_str(),
        meta.severity.as_str(),
        escape(&meta.service),
        escape(&account_label(report, account_of(report, finding))),
        frameworks.join(" "),
        escape(&meta.id),
        escape(&meta.id),
        escape(&resource.id),
        meta.severity.as_str(),
        meta.owner.as_str(),
        escape(&meta.id),
        escape(&resource_label(resource)),
    );
    if let Some(arn) = &resource.arn {
        let _ = write!(out, "<br><small>{}</small>", escape(arn));
    }
    let _ = write!(
        out,
        "</td><td class=\"nw\">{}</td><td>{}",
        escape(&resource.region),
        escape(&finding.message)
    );
    if let Some(reason) = &finding.muted_reason {
        let _ = write!(out, "<br><em>muted: {}</em>", escape(reason));
    }
    out.push_str("</td>");
    if with_baseline {
        let label = baseline_label(finding.baseline);
        let _ = write!(out, "<td><span class=\"bl {label}\">{label}</span></td>");
    }
    out.push_str("</tr>\n");
}

fn findings_table(out: &mut String, report: &Report) {
    // What needs action first: FAIL, ERROR, MUTED, then PASS, each in report order.
    let mut rows: Vec<&Finding> = report.findings.iter().collect();
    rows.sort_by_key(|f| STATUS_ORDER.iter().position(|s| *s == f.reported_status()));
    out.push_str("<section id=\"findings\"><h2>Findings</h2>\n");
    filters(out, report, &rows);
    let with_baseline = has_baseline(report);
    out.push_str(
        "<table id=\"findings-table\"><thead><tr><th><span class=\"skip\">Details</span></th><th>Status</th><th>Severity</th><th>Owner</th>\
         <th>Check</th><th>Resource</th><th>Region</th><th>Message</th>",
    );
    if with_baseline {
        out.push_str("<th>Baseline</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for finding in &rows {
        finding_row(out, report, finding, with_baseline);
    }
    out.push_str("</tbody></table>\n");
    if rows.is_empty() {
        out.push_str("<p>No findings.</p>\n");
    }
    out.push_str("</section>\n");
}

/// One learning card per check in the report, which the rows' buttons open in place.
fn cards(out: &mut String, report: &Report) {
    let mut metas: BTreeMap<&str, &CheckMeta> = BTreeMap::new();
    for finding in &report.findings {
        metas.insert(finding.meta.id.as_str(), finding.meta);
    }
    if metas.is_empty() {
        return;
    }
    out.push_str("<section id=\"cards\"><h2>Learning cards of the checks in this report</h2>\n");
    for meta in metas.values() {
        let _ = write!(
            out,
            "<article class=\"card\" id=\"card-{}\"><h3><code>{}</code> {}</h3>\
             <p><strong>Owner: {}</strong> ({} layer, {} model). {}</p>\
             <p><strong>Where the line sits:</strong> {}</p>\
             <p><strong>Risk:</strong> {}</p><p><strong>Remediation:</strong> {}</p>",
            escape(&meta.id),
            escape(&meta.id),
            escape(&meta.title),
            meta.owner.as_str(),
            meta.layer.as_str(),
            meta.service_model.as_str(),
            escape(&meta.why_owner),
            escape(meta.service_model.line()),
            escape(&meta.risk),
            escape(&meta.remediation),
        );
        if let Some(cli) = &meta.remediation_cli {
            let _ = write!(
                out,
                "<div class=\"cli\"><pre><code>{}</code></pre><button type=\"button\" class=\"copy\">Copy</button></div>",
                escape(cli)
            );
        }
        let _ = write!(
            out,
            "<p><strong>Learn:</strong> {}</p>",
            escape(&meta.learn)
        );
        let ids = compliance_ids(meta, " ");
        if !ids.is_empty() {
            let _ = write!(
                out,
                "<p><strong>Compliance:</strong> {}</p>",
                escape(&ids.join(", "))
            );
        }
        for reference in &meta.references {
            let reference = escape(reference);
            let _ = write!(out, "<p><a href=\"{reference}\">{reference}</a></p>");
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
}

fn header(out: &mut String, report: &Report) {
    let account = escape(&report.account.id);
    let counts = report.counts();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>posture audit of account {account}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#findings\">Skip to the findings</a>\n\
         <header><h1>posture audit of account {account}</h1>"
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
        "<p class=\"verdict\"><span class=\"FAIL\">{} FAIL</span><span class=\"ERROR\">{} ERROR</span>\
         <span class=\"MUTED\">{} MUTED</span><span class=\"PASS\">{} PASS</span></p>",
        counts.fail, counts.error, counts.muted, counts.pass
    );
    out.push_str(
        "<nav aria-label=\"Sections\"><a href=\"#summary\">Summary</a><a href=\"#responsibility\">Responsibility</a>\
         <a href=\"#findings\">Findings</a><a href=\"#cards\">Learning cards</a></nav></header>\n<main>\n",
    );
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    header(&mut out, report);
    charts(&mut out, report);
    responsibility(&mut out, report);
    findings_table(&mut out, report);

    if let Some(resolved) = report
        .resolved
        .as_ref()
        .filter(|resolved| !resolved.is_empty())
    {
        let _ = writeln!(
            out,
            "<section id=\"resolved\"><h2>Resolved since the baseline ({})</h2>\n<ul>",
            resolved.len()
        );
        for r in resolved {
            let _ = writeln!(
                out,
                "<li><span class=\"bl resolved\">resolved</span> <code>{}</code> {} ({}): {}</li>",
                escape(&r.check_id),
                escape(&r.resource.id),
                escape(&r.resource.region),
                escape(&r.title)
            );
        }
        out.push_str("</ul></section>\n");
    }
    if !report.notes.is_empty() {
        out.push_str("<section id=\"notes\"><h2>Notes</h2>\n<ul>\n");
        for note in &report.notes {
            let _ = writeln!(out, "<li>{}</li>", escape(note));
        }
        out.push_str("</ul></section>\n");
    }
    cards(&mut out, report);
    let _ = writeln!(
        out,
        "</main>\n<footer><p>{}</p><p>posture {}</p></footer>\n<script>\n{SCRIPT}</script>\n</body>\n</html>",
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
        for external in [
            "src=",
            "<link",
            "@import",
            "url(",
            "fetch(",
            "XMLHttpRequest",
            "<iframe",
        ] {
            assert!(!html.contains(external), "{external}");
        }
        assert!(html.contains("default-src 'none'"));
        assert_eq!(html.matches("<script>").count(), 1);
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }

    #[test]
    fn every_finding_has_a_row_with_its_filter_attributes() {
        let report = fixtures::report();
        let html = render(&report);
        assert_eq!(
            html.matches("<tr class=\"f\"").count(),
            report.findings.len()
        );
        assert!(html.contains(
            "data-status=\"MUTED\" data-owner=\"customer\" data-severity=\"high\" data-service=\"s3\""
        ));
        assert!(html.contains("<em>muted: static website logs, reviewed by secops</em>"));
        assert!(html.contains("<span class=\"bl new\">new</span>"));
        assert!(html.contains("<span class=\"bl resolved\">resolved</span>"));
        // Failures come first.
        let first_pass = html.find("data-status=\"PASS\"").unwrap_or(0);
        let last_fail = html.rfind("data-status=\"FAIL\"").unwrap_or(usize::MAX);
        assert!(last_fail < first_pass);
    }

    #[test]
    fn each_check_has_one_learning_card_with_its_fix_and_a_copy_button() {
        let report = fixtures::report();
        let html = render(&report);
        let checks: BTreeSet<&str> = report.findings.iter().map(|f| f.meta.id.as_str()).collect();
        for id in &checks {
            assert_eq!(
                html.matches(&format!("id=\"card-{id}\"")).count(),
                1,
                "{id}"
            );
        }
        let with_cli = checks
            .iter()
            .filter(|id| {
                report
                    .findings
                    .iter()
                    .any(|f| f.meta.id == **id && f.meta.remediation_cli.is_some())
            })
            .count();
        assert_eq!(html.matches("class=\"copy\"").count(), with_cli);
    }

    #[test]
    fn the_diagram_draws_the_line_per_model_and_places_the_services() {
        let mut report = fixtures::report();
        let mut inventory = crate::checks::fixtures::inventory();
        inventory.s3.buckets =
            crate::inventory::Collected::Ok(vec![crate::checks::s3::fixtures::bucket("data")]);
        report.responsibility = crate::responsibility::map(&inventory, &report.findings);
        let html = render(&report);
        // One line per column, at depth 5 (IaaS), 4 (PaaS) and 3 (SaaS-like).
        assert_eq!(html.matches(" line\">").count(), 3);
        let rows: Vec<&str> = html.split("<tr><th scope=\"row\">").skip(1).collect();
        assert!(
            rows[3].contains("<td class=\"aws line\">AWS</td></tr>"),
            "{}",
            rows[3]
        );
        assert!(
            rows[5].starts_with("Virtualisation") && rows[5].contains("<td class=\"aws line\">")
        );
        assert!(
            html.contains(
                "data-service=\"s3\"><button type=\"button\" class=\"svc\" data-filter=\"s3\""
            ),
            "S3 sits under SaaS-like, and filters the table to its findings"
        );
        assert!(
            html.contains("data-service=\"iam\"><button"),
            "IAM is account-wide"
        );
        assert!(
            html.contains("data-service=\"logging\">Logging and detection"),
            "no check belongs to a service called logging, so it filters nothing"
        );
    }

    #[test]
    fn the_charts_count_by_owner_severity_and_account() {
        let html = render(&fixtures::report());
        for caption in ["By owner", "By severity", "By account"] {
            assert!(
                html.contains(&format!("<figcaption>{caption}</figcaption>")),
                "{caption}"
            );
        }
        assert!(html.contains("aria-label=\"123456789012: 4 FAIL, 1 ERROR, 1 MUTED, 3 PASS\""));
    }
}
