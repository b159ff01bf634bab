//! CloudFront checks. AWS runs the edge network, its capacity, TLS termination and Shield Standard;
//! the customer decides whether viewers must use HTTPS, with which certificate and TLS policy,
//! what the root URL returns, whether requests are logged and filtered by AWS WAF, and whether S3
//! origins can be read only through the distribution, and how CloudFront itself talks to custom
//! origins.

crate::service_checks! {
    custom_certificate_used::CustomCertificateUsed,
    custom_origin_no_deprecated_ssl::CustomOriginNoDeprecatedSsl,
    custom_origin_traffic_encrypted::CustomOriginTrafficEncrypted,
    default_root_object_configured::DefaultRootObjectConfigured,
    logging_enabled::LoggingEnabled,
    s3_origin_access_control::S3OriginAccessControl,
    sni_used::SniUsed,
    viewer_https_required::ViewerHttpsRequired,
    viewer_tls_policy_recommended::ViewerTlsPolicyRecommended,
    waf_associated::WafAssociated,
}

use crate::catalog::CheckMeta;
use crate::checks::{Subject, per_account_resource};
use crate::finding::{Finding, Resource, Verdict};
use crate::inventory::cloudfront::{
    CustomOrigin, Distribution, DistributionOrigin, DistributionSettings,
};
use crate::inventory::{AccountInfo, Gap, Inventory};

impl Subject for Distribution {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        let mut resource = Resource::new("AwsCloudFrontDistribution", self.id.clone(), arn, region);
        // Distribution ids are opaque; the comment is what people name them by.
        resource.name = (!self.comment.is_empty()).then(|| self.comment.clone());
        resource
    }
}

/// The shared evaluator: one finding per distribution `judge` covers (`None`: not its business),
/// an ERROR for a distribution whose configuration was not read, one on the account when the
/// listing failed.
pub fn per_distribution(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    judge: impl Fn(&str, &DistributionSettings) -> Option<Verdict>,
) -> Vec<Finding> {
    per_account_resource(inventory, meta, &inventory.cloudfront, |distribution| {
        let name = format!("distribution {}", distribution.id);
        match distribution.settings.get() {
            Ok(settings) => judge(&name, settings).map(Ok),
            Err(gap) => Some(Err::<Verdict, Gap>(gap)),
        }
    })
}

/// CloudFront.9 and .10: judges only distributions with custom origins; FAIL naming what
/// `fault` finds wrong with each custom origin, PASS saying `pass` (singular) of every one.
pub fn per_custom_origins(
    inventory: &Inventory,
    meta: &'static CheckMeta,
    pass: &str,
    fault: impl Fn(&CustomOrigin, &DistributionOrigin) -> Option<String>,
) -> Vec<Finding> {
    per_distribution(inventory, meta, |name, settings| {
        let custom: Vec<(&CustomOrigin, &DistributionOrigin)> = settings
            .origins
            .iter()
            .filter_map(|origin| origin.custom.as_ref().map(|custom| (custom, origin)))
            .collect();
        if custom.is_empty() {
            return None;
        }
        let faults: Vec<String> = custom
            .iter()
            .filter_map(|(custom, origin)| {
                fault(custom, origin).map(|why| format!("origin {} {why}", origin.id))
            })
            .collect();
        Some(if faults.is_empty() {
            Verdict::Pass(format!(
                "{name}: every custom origin {pass} ({} checked)",
                custom.len()
            ))
        } else {
            Verdict::Fail(format!("{name}: {}", faults.join("; ")))
        })
    })
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::cloudfront::{
        CustomOrigin, Distribution, DistributionOrigin, DistributionSettings,
    };

    /// A distribution in front of an S3 origin and a custom (API) origin, as hardened as
    /// CloudFront allows.
    pub fn hardened() -> DistributionSettings {
        DistributionSettings {
            default_root_object: "index.html".into(),
            logging_enabled: true,
            web_acl_id: format!("arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/edge/1"),
            viewer_protocol_policies: vec!["redirect-to-https".into(), "https-only".into()],
            default_certificate: false,
            ssl_support_method: Some("sni-only".into()),
            minimum_protocol_version: Some("TLSv1.2_2021".into()),
            origins: vec![
                DistributionOrigin {
                    id: "site".into(),
                    domain_name: "site.s3.us-east-1.amazonaws.com".into(),
                    s3: true,
                    origin_access_control_id: Some("E2OAC".into()),
                    custom: None,
                    viewer_protocol_policies: vec!["redirect-to-https".into()],
                },
                DistributionOrigin {
                    id: "api".into(),
                    domain_name: "api.example.com".into(),
                    s3: false,
                    origin_access_control_id: None,
                    custom: Some(CustomOrigin {
                        protocol_policy: "https-only".into(),
                        ssl_protocols: vec!["TLSv1.2".into()],
                    }),
                    viewer_protocol_policies: vec!["https-only".into()],
                },
            ],
        }
    }

    pub fn distribution(id: &str, settings: DistributionSettings) -> Distribution {
        Distribution {
            id: id.into(),
            arn: format!("arn:aws:cloudfront::{ACCOUNT}:distribution/{id}"),
            domain_name: format!("{}.cloudfront.net", id.to_lowercase()),
            comment: String::new(),
            settings: Collected::Ok(settings),
        }
    }

    /// Runs `check` over `good` (hardened), `bad` (hardened, then `spoil`), an unread one, and
    /// a failed listing; asserts PASS, FAIL, ERROR and the account ERROR, and returns the FAIL's
    /// message.
    pub fn assert_verdicts(check: &dyn Check, spoil: impl Fn(&mut DistributionSettings)) -> String {
        let mut bad = hardened();
        spoil(&mut bad);
        let unread = Distribution {
            settings: failed("cloudfront:GetDistributionConfig"),
            ..distribution("UNREAD", hardened())
        };
        let mut listed = inventory();
        listed.cloudfront = Collected::Ok(vec![
            distribution("GOOD", hardened()),
            distribution("BAD", bad),
            unread,
        ]);
        let findings = check.evaluate(&listed, &Settings::default());
        assert_eq!(
            verdicts(&findings),
            vec![
                ("GOOD".into(), Status::Pass),
                ("BAD".into(), Status::Fail),
                ("UNREAD".into(), Status::Error)
            ],
            "{findings:#?}"
        );
        assert!(
            findings[2]
                .message
                .contains("cloudfront:GetDistributionConfig failed")
        );
        let mut unlisted = inventory();
        unlisted.cloudfront = failed("cloudfront:ListDistributions");
        let findings = check.evaluate(&unlisted, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        check.evaluate(&listed, &Settings::default())[1]
            .message
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{distribution, hardened};
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::inventory;
    use crate::inventory::Collected;

    /// CloudFront.1 and .13 judge only distributions with S3 origins, CloudFront.8 only those with
    /// a custom certificate, as Security Hub does.
    #[test]
    fn origin_and_certificate_checks_skip_what_they_do_not_cover() {
        let mut custom = hardened();
        custom.origins[0].s3 = false;
        custom.origins[0].origin_access_control_id = None;
        custom.default_root_object.clear();
        custom.default_certificate = true;
        let mut audited = inventory();
        audited.cloudfront = Collected::Ok(vec![distribution("WEB", custom)]);
        let judged = |check: &dyn Check| check.evaluate(&audited, &Settings::default()).len();
        assert_eq!(
            judged(&super::default_root_object_configured::DefaultRootObjectConfigured),
            0
        );
        assert_eq!(
            judged(&super::s3_origin_access_control::S3OriginAccessControl),
            0
        );
        assert_eq!(judged(&super::sni_used::SniUsed), 0);
        assert_eq!(judged(&super::logging_enabled::LoggingEnabled), 1);
    }
}
