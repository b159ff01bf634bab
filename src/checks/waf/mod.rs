//! AWS WAF checks. AWS runs the web application firewall and maintains managed rule groups; the
//! customer creates web ACLs, fills them with rules, associates them with what faces the internet
//! and decides whether the requests they inspect are logged.

crate::service_checks! {
    web_acl_has_rules::WebAclHasRules,
    web_acl_logging_enabled::WebAclLoggingEnabled,
}

use crate::checks::Subject;
use crate::finding::Resource;
use crate::inventory::AccountInfo;
use crate::inventory::services::WebAcl;

impl Subject for WebAcl {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        Resource::new("AwsWafv2WebAcl", self.name.clone(), arn, region)
    }
}

#[cfg(test)]
pub mod fixtures {
    use crate::checks::fixtures::{ACCOUNT, REGION};
    use crate::inventory::Collected;
    use crate::inventory::services::WebAcl;

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
