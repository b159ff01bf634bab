//! `cloudfront.custom_origin_traffic_encrypted`: CloudFront reaches every custom origin over HTTPS (CloudFront.9).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudfront::per_custom_origins;
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct CustomOriginTrafficEncrypted;

impl Check for CustomOriginTrafficEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudfront/custom_origin_traffic_encrypted")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_custom_origins(
            inventory,
            self.meta(),
            "is reached over HTTPS",
            |custom, origin| {
                match custom.protocol_policy.as_str() {
                "http-only" => Some("is reached over plain HTTP (http-only)".to_string()),
                // match-viewer repeats the viewer's protocol: plain HTTP exactly when a
                // behaviour routing to this origin lets viewers in over HTTP.
                "match-viewer"
                    if origin
                        .viewer_protocol_policies
                        .iter()
                        .any(|policy| policy == "allow-all") =>
                {
                    Some(
                        "follows the viewer's protocol (match-viewer) behind a cache behaviour that allows HTTP"
                            .to_string(),
                    )
                }
                _ => None,
            }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Check;
    use crate::checks::cloudfront::fixtures::{assert_verdicts, distribution, hardened};
    use crate::checks::fixtures::{inventory, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    #[test]
    fn http_only_fails() {
        let message = assert_verdicts(&CustomOriginTrafficEncrypted, |settings| {
            settings.origins[1].custom.as_mut().unwrap().protocol_policy = "http-only".into();
        });
        assert_eq!(
            message,
            "distribution BAD: origin api is reached over plain HTTP (http-only)"
        );
    }

    /// match-viewer is judged by the behaviours that route to the origin, not by the others.
    #[test]
    fn match_viewer_follows_the_behaviours_routing_to_the_origin() {
        let judge = |own: &str, elsewhere: &str| {
            let mut settings = hardened();
            settings.viewer_protocol_policies = vec![elsewhere.into(), own.into()];
            settings.origins[0].viewer_protocol_policies = vec![elsewhere.into()];
            let api = &mut settings.origins[1];
            api.custom.as_mut().unwrap().protocol_policy = "match-viewer".into();
            api.viewer_protocol_policies = vec![own.into()];
            let mut audited = inventory();
            audited.cloudfront = Collected::Ok(vec![distribution("D", settings)]);
            verdicts(&CustomOriginTrafficEncrypted.evaluate(&audited, &Settings::default()))[0].1
        };
        assert_eq!(judge("allow-all", "https-only"), Status::Fail);
        assert_eq!(judge("redirect-to-https", "allow-all"), Status::Pass);
        assert_eq!(judge("https-only", "allow-all"), Status::Pass);
    }

    #[test]
    fn a_distribution_with_only_s3_origins_is_not_judged() {
        let mut settings = hardened();
        settings.origins.truncate(1);
        let mut audited = inventory();
        audited.cloudfront = Collected::Ok(vec![distribution("S3ONLY", settings)]);
        assert!(
            CustomOriginTrafficEncrypted
                .evaluate(&audited, &Settings::default())
                .is_empty()
        );
    }
}
