//! `waf.web_acl_has_rules`: every web ACL holds at least one rule or rule group (WAF.10).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::waf::per_web_acl;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct WebAclHasRules;

impl Check for WebAclHasRules {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("waf/web_acl_has_rules")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_web_acl(inventory, self.meta(), |acl| {
            acl.rule_count.get().map(|&count| {
                Verdict::holds(
                    count > 0,
                    format!("web ACL {} has {count} rules or rule groups", acl.name),
                )
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
        WebAclHasRules.evaluate(&in_one_region(acls), &Settings::default())
    }

    #[test]
    fn an_empty_web_acl_fails_and_an_unread_one_errors() {
        let unread = WebAcl {
            rule_count: failed("wafv2:GetWebACL"),
            ..web_acl("unread", 0, None)
        };
        let findings = run(Collected::Ok(vec![
            web_acl("ruled", 2, None),
            web_acl("empty", 0, None),
            unread,
        ]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("ruled".into(), Status::Pass),
                ("empty".into(), Status::Fail),
                ("unread".into(), Status::Error)
            ]
        );
        assert_eq!(
            findings[1].message,
            "web ACL empty has 0 rules or rule groups"
        );
        assert_failed_region(&run(failed("wafv2:ListWebACLs")), "wafv2:ListWebACLs");
    }
}
