//! `cloudfront.viewer_tls_policy_recommended`: a distribution serving a custom certificate with SNI uses a security policy AWS recommends (CloudFront.15).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudfront::per_distribution;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

/// The viewer security policies CloudFront's documentation recommends, as Security Hub's
/// CloudFront.15 accepts them.
const RECOMMENDED: [&str; 3] = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

pub struct ViewerTlsPolicyRecommended;

impl Check for ViewerTlsPolicyRecommended {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudfront/viewer_tls_policy_recommended")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_distribution(inventory, self.meta(), |name, settings| {
            // The default certificate fixes the policy at TLSv1, and dedicated-IP serving exists
            // for legacy clients: neither is CloudFront.15's business.
            let sni = settings.ssl_support_method.as_deref().unwrap_or("sni-only") == "sni-only";
            (!settings.default_certificate && sni).then(|| {
                let policy = settings
                    .minimum_protocol_version
                    .as_deref()
                    .unwrap_or("none");
                Verdict::holds(
                    RECOMMENDED.contains(&policy),
                    format!("{name} uses viewer security policy {policy}"),
                )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cloudfront::fixtures::{assert_verdicts, distribution, hardened};
    use crate::checks::fixtures::inventory;
    use crate::inventory::Collected;

    #[test]
    fn an_older_policy_fails() {
        let message = assert_verdicts(&ViewerTlsPolicyRecommended, |settings| {
            settings.minimum_protocol_version = Some("TLSv1.2_2019".into());
        });
        assert_eq!(
            message,
            "distribution BAD uses viewer security policy TLSv1.2_2019"
        );
    }

    #[test]
    fn default_certificates_and_dedicated_ip_serving_are_not_judged() {
        let judged = |spoil: fn(&mut crate::inventory::cloudfront::DistributionSettings)| {
            let mut settings = hardened();
            spoil(&mut settings);
            let mut audited = inventory();
            audited.cloudfront = Collected::Ok(vec![distribution("D", settings)]);
            ViewerTlsPolicyRecommended
                .evaluate(&audited, &Settings::default())
                .len()
        };
        assert_eq!(judged(|s| s.default_certificate = true), 0);
        assert_eq!(judged(|s| s.ssl_support_method = Some("vip".into())), 0);
        assert_eq!(judged(|s| s.minimum_protocol_version = None), 1);
    }
}
