//! `cloudfront.sni_used`: a distribution with a custom certificate serves HTTPS with SNI, not dedicated IP addresses (CloudFront.8).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudfront::per_distribution;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct SniUsed;

impl Check for SniUsed {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudfront/sni_used")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_distribution(inventory, self.meta(), |name, settings| {
            (!settings.default_certificate).then(|| {
                let method = settings.ssl_support_method.as_deref().unwrap_or("sni-only");
                Verdict::holds(
                    method != "vip",
                    format!(
                        "{name} serves its custom certificate with SSL support method {method}"
                    ),
                )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudfront::fixtures::assert_verdicts;

    #[test]
    fn pass_fail_and_error() {
        let message = assert_verdicts(&SniUsed, |settings| {
            settings.ssl_support_method = Some("vip".into());
        });
        assert_eq!(
            message,
            "distribution BAD serves its custom certificate with SSL support method vip"
        );
    }
}
