//! `cloudfront.default_root_object_configured`: a distribution with an S3 origin returns a default root object (CloudFront.1).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudfront::per_distribution;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct DefaultRootObjectConfigured;

impl Check for DefaultRootObjectConfigured {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudfront/default_root_object_configured")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_distribution(inventory, self.meta(), |name, settings| {
            settings.origins.iter().any(|origin| origin.s3).then(|| {
                let object = &settings.default_root_object;
                Verdict::holds(
                    !object.is_empty(),
                    if object.is_empty() {
                        format!("{name} serves an S3 origin and has no default root object")
                    } else {
                        format!("{name} returns {object} for its root URL")
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
        let message = assert_verdicts(&DefaultRootObjectConfigured, |settings| {
            settings.default_root_object.clear();
        });
        assert_eq!(
            message,
            "distribution BAD serves an S3 origin and has no default root object"
        );
    }
}
