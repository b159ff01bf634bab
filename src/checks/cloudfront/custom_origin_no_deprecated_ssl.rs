//! `cloudfront.custom_origin_no_deprecated_ssl`: no custom origin lets CloudFront negotiate SSLv3 (CloudFront.10).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudfront::per_custom_origins;
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct CustomOriginNoDeprecatedSsl;

impl Check for CustomOriginNoDeprecatedSsl {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudfront/custom_origin_no_deprecated_ssl")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_custom_origins(inventory, self.meta(), "excludes SSLv3", |custom, _| {
            custom
                .ssl_protocols
                .iter()
                .any(|protocol| protocol == "SSLv3")
                .then(|| format!("allows SSLv3 ({})", custom.ssl_protocols.join(", ")))
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
    fn a_pass_says_how_many_origins_it_judged() {
        let mut audited = inventory();
        audited.cloudfront = Collected::Ok(vec![distribution("GOOD", hardened())]);
        let findings = CustomOriginNoDeprecatedSsl.evaluate(&audited, &Settings::default());
        assert_eq!(
            findings[0].message,
            "distribution GOOD: every custom origin excludes SSLv3 (1 checked)"
        );
    }

    #[test]
    fn sslv3_fails() {
        let message = assert_verdicts(&CustomOriginNoDeprecatedSsl, |settings| {
            settings.origins[1].custom.as_mut().unwrap().ssl_protocols =
                vec!["SSLv3".into(), "TLSv1".into()];
        });
        assert_eq!(
            message,
            "distribution BAD: origin api allows SSLv3 (SSLv3, TLSv1)"
        );
    }
}
