//! `cloudfront.s3_origin_access_control`: every S3 origin of a distribution is read through origin access control (CloudFront.13).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudfront::per_distribution;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct S3OriginAccessControl;

impl Check for S3OriginAccessControl {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudfront/s3_origin_access_control")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_distribution(inventory, self.meta(), |name, settings| {
            let s3: Vec<_> = settings.origins.iter().filter(|origin| origin.s3).collect();
            (!s3.is_empty()).then(|| {
                let without: Vec<&str> = s3
                    .iter()
                    .filter(|origin| origin.origin_access_control_id.is_none())
                    .map(|origin| origin.id.as_str())
                    .collect();
                Verdict::holds(
                    without.is_empty(),
                    if without.is_empty() {
                        format!("{name} reads every S3 origin through origin access control")
                    } else {
                        format!(
                            "{name} has S3 origins without origin access control: {}",
                            without.join(", ")
                        )
                    },
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
        let message = assert_verdicts(&S3OriginAccessControl, |settings| {
            settings.origins[0].origin_access_control_id = None;
        });
        assert_eq!(
            message,
            "distribution BAD has S3 origins without origin access control: site"
        );
    }
}
