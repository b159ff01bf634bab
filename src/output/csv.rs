//! CSV: a header and one row per finding, in report order, for spreadsheets and ad-hoc queries.

use crate::output::{RenderError, account_of, baseline_label, compliance_ids};
use crate::report::Report;

pub const HEADER: [&str; 15] = [
    "check_id",
    "status",
    "severity",
    "owner",
    "service",
    "resource_id",
    "resource_arn",
    "resource_type",
    "region",
    "message",
    "compliance",
    "muted_reason",
    "baseline",
    "account_id",
    "account_name",
];

pub fn render(report: &Report) -> Result<String, RenderError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    // The `csv` crate quotes fields as needed.
    writer.write_record(HEADER).map_err(RenderError::from)?;
    for finding in &report.findings {
        let meta = finding.meta;
        let resource = &finding.resource;
        writer
            .write_record([
                meta.id.as_str(),
                finding.reported_status().as_str(),
                meta.severity.as_str(),
                meta.owner.as_str(),
                meta.service.as_str(),
                resource.id.as_str(),
                resource.arn.as_deref().unwrap_or_default(),
                resource.kind.as_str(),
                resource.region.as_str(),
                finding.message.as_str(),
                compliance_ids(meta, ":").join(";").as_str(),
                finding.muted_reason.as_deref().unwrap_or_default(),
                baseline_label(finding.baseline),
                account_of(report, finding),
                report
                    .account_name(account_of(report, finding))
                    .unwrap_or_default(),
            ])
            .map_err(RenderError::from)?;
    }
    let bytes = writer.into_inner().map_err(RenderError::from)?;
    String::from_utf8(bytes).map_err(RenderError::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures;

    #[test]
    fn reads_back_with_one_row_per_finding() {
        let text = render(&fixtures::report()).expect("renders");
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(header, HEADER);
        let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), fixtures::report().findings.len());
        let assets = rows
            .iter()
            .find(|r| &r[5] == "public-site-assets")
            .expect("row");
        assert!(
            assets[9].contains("| via ACL & policy"),
            "quoted, not mangled"
        );
        assert_eq!(&assets[10], "aws_fsbp:S3.2;aws_fsbp:S3.3");
        assert_eq!(&assets[12], "new");
    }
}
