//! `cloudfront.custom_certificate_used`: every distribution serves viewers a custom SSL/TLS certificate (CloudFront.7).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudfront::per_distribution;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct CustomCertificateUsed;

impl Check for CustomCertificateUsed {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudfront/custom_certificate_used")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_distribution(inventory, self.meta(), |name, settings| {
            Some(Verdict::holds(
                !settings.default_certificate,
                if settings.default_certificate {
                    format!("{name} uses the default *.cloudfront.net certificate")
                } else {
                    format!("{name} uses a custom certificate")
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
        let message = assert_verdicts(&CustomCertificateUsed, |settings| {
            settings.default_certificate = true;
        });
        assert_eq!(
            message,
            "distribution BAD uses the default *.cloudfront.net certificate"
        );
    }
}
