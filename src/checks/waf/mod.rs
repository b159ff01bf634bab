//! AWS WAF checks. AWS runs the web application firewall and maintains managed rule groups; the
//! customer creates web ACLs, fills them with rules, associates them with what faces the internet
//! and decides whether the requests they inspect are logged. Both scopes are judged: each
//! region's REGIONAL web ACLs (load balancers, API Gateway) and the account's CLOUDFRONT ones.

crate::service_checks! {
    web_acl_has_rules::WebAclHasRules,
    web_acl_logging_enabled::WebAclLoggingEnabled,
}

use crate::catalog::CheckMeta;
use crate::checks::{Subject, per_account_resource, per_regional_resource};
use crate::finding::{Finding, Resource, Verdict};
use crate::inventory::services::WebAcl;
use crate::inventory::{AccountInfo, Gap, Inventory};

/// One finding per web ACL of either scope: every audited region's REGIONAL ones, then the
/// account's CLOUDFRONT ones; an ERROR where a listing failed.
pub fn per_web_acl(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    judge: impl Fn(&WebAcl) -> Result<Verdict, Gap>,
) -> Vec<Finding> {
    let mut findings = per_regional_resource(
        inventory,
        meta,
        |r| &r.services.web_acls,
        |_, acl| Some(judge(acl)),
    );
    findings.extend(per_account_resource(
        inventory,
        meta,
        &inventory.cloudfront_web_acls,
        |acl| Some(judge(acl)),
    ));
    findings
}

impl Subject for WebAcl {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        Resource::new("AwsWafv2WebAcl", self.name.clone(), arn, region)
    }
}

#[cfg(test)]
pub mod fixtures {
    use crate::checks::fixtures::{ACCOUNT, REGION, regional};
    use crate::inventory::services::WebAcl;
    use crate::inventory::{Collected, Inventory};

    /// An account whose REGIONAL web ACLs in the fixture region are `acls` and which has no
    /// CLOUDFRONT ones.
    pub fn in_one_region(acls: Collected<Vec<WebAcl>>) -> Inventory {
        let mut inventory = regional(|region| region.services.web_acls = acls);
        inventory.cloudfront_web_acls = Collected::Ok(Vec::new());
        inventory
    }

    /// A regional web ACL with `rules` rules and the given log destinations.
    pub fn web_acl(name: &str, rules: usize, logs: Option<&str>) -> WebAcl {
        WebAcl {
            name: name.into(),
            id: format!("{name}-id"),
            arn: format!("arn:aws:wafv2:{REGION}:{ACCOUNT}:regional/webacl/{name}/{name}-id"),
            rule_count: Collected::Ok(rules),
            log_destinations: Collected::Ok(logs.map(|log| vec![log.to_string()])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{in_one_region, web_acl};
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, failed, verdicts};
    use crate::finding::{GLOBAL_REGION, Status};
    use crate::inventory::Collected;
    use crate::inventory::services::WebAcl;

    /// CLOUDFRONT-scope web ACLs are judged once for the account, beside each region's own; a
    /// failed listing of either scope is an ERROR where it failed, never a silent PASS.
    #[test]
    fn both_scopes_are_judged() {
        let edge = WebAcl {
            arn: format!("arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/edge/edge-id"),
            ..web_acl("edge", 0, None)
        };
        let mut inventory = in_one_region(Collected::Ok(vec![web_acl("api", 1, Some("logs"))]));
        inventory.cloudfront_web_acls = Collected::Ok(vec![edge]);
        for check in [
            &super::web_acl_has_rules::WebAclHasRules as &dyn Check,
            &super::web_acl_logging_enabled::WebAclLoggingEnabled,
        ] {
            let findings = check.evaluate(&inventory, &Settings::default());
            assert_eq!(
                verdicts(&findings),
                vec![("api".into(), Status::Pass), ("edge".into(), Status::Fail)]
            );
            assert_eq!(findings[1].resource.region, GLOBAL_REGION);
        }
        inventory.cloudfront_web_acls = failed("wafv2:ListWebACLs");
        let findings =
            super::web_acl_has_rules::WebAclHasRules.evaluate(&inventory, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("api".into(), Status::Pass),
                (ACCOUNT.into(), Status::Error)
            ]
        );
    }
}
