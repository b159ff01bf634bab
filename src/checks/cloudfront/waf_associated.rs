//! `cloudfront.waf_associated`: every distribution is associated with an AWS WAF web ACL (CloudFront.6).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudfront::per_distribution;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct WafAssociated;

impl Check for WafAssociated {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudfront/waf_associated")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_distribution(inventory, self.meta(), |name, settings| {
            let acl = &settings.web_acl_id;
            Some(Verdict::holds(
                !acl.is_empty(),
                if acl.is_empty() {
                    format!("{name} has no AWS WAF web ACL")
                } else {
                    format!("{name} is protected by web ACL {acl}")
                },
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudfront::fixtures::assert_verdicts;

    #[test]
    fn pass_fail_and_error() {
        let message = assert_verdicts(&WafAssociated, |settings| {
            settings.web_acl_id.clear();
        });
        assert_eq!(message, "distribution BAD has no AWS WAF web ACL");
    }
}
