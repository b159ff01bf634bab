//! `waf.web_acl_logging_enabled`: every web ACL has a logging configuration (WAF.11).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::waf::per_web_acl;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct WebAclLoggingEnabled;

impl Check for WebAclLoggingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("waf/web_acl_logging_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_web_acl(inventory, self.meta(), |acl| {
            let name = &acl.name;
            acl.log_destinations.get().map(|logs| match logs {
                Some(destinations) => Verdict::Pass(format!(
                    "web ACL {name} logs to {}",
                    destinations.join(", ")
                )),
                None => Verdict::Fail(format!("web ACL {name} has no logging configuration")),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{assert_failed_region, failed, verdicts};
    use crate::checks::waf::fixtures::{in_one_region, web_acl};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::WebAcl;

    fn run(acls: Collected<Vec<WebAcl>>) -> Vec<Finding> {
        WebAclLoggingEnabled.evaluate(&in_one_region(acls), &Settings::default())
    }

    #[test]
    fn a_logging_configuration_passes_none_fails_an_unread_one_errors() {
        let unread = WebAcl {
            log_destinations: failed("wafv2:GetLoggingConfiguration"),
            ..web_acl("unread", 1, None)
        };
        let logged = web_acl(
            "logged",
            1,
            Some("arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-web"),
        );
        let findings = run(Collected::Ok(vec![
            logged,
            web_acl("silent", 1, None),
            unread,
        ]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("logged".into(), Status::Pass),
                ("silent".into(), Status::Fail),
                ("unread".into(), Status::Error)
            ]
        );
        assert!(findings[0].message.ends_with("log-group:aws-waf-logs-web"));
        assert!(
            findings[2]
                .message
                .contains("wafv2:GetLoggingConfiguration failed")
        );
        assert_failed_region(&run(failed("wafv2:ListWebACLs")), "wafv2:ListWebACLs");
    }
}
