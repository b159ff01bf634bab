//! `cloudfront.viewer_https_required`: no cache behaviour of a distribution lets viewers use plain HTTP (CloudFront.3).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudfront::per_distribution;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct ViewerHttpsRequired;

impl Check for ViewerHttpsRequired {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudfront/viewer_https_required")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_distribution(inventory, self.meta(), |name, settings| {
            let open = settings
                .viewer_protocol_policies
                .iter()
                .filter(|policy| policy.as_str() == "allow-all")
                .count();
            Some(Verdict::holds(
                open == 0,
                if open == 0 {
                    format!("{name} requires HTTPS or redirects to it in every cache behaviour")
                } else {
                    format!(
                        "{name} allows plain HTTP (allow-all) in {open} of its {} cache behaviours",
                        settings.viewer_protocol_policies.len()
                    )
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
        let message = assert_verdicts(&ViewerHttpsRequired, |settings| {
            settings.viewer_protocol_policies[1] = "allow-all".into();
        });
        assert_eq!(
            message,
            "distribution BAD allows plain HTTP (allow-all) in 1 of its 2 cache behaviours"
        );
    }
}
