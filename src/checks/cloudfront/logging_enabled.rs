//! `cloudfront.logging_enabled`: every distribution writes standard access logs (CloudFront.5).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudfront::per_distribution;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;

pub struct LoggingEnabled;

impl Check for LoggingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudfront/logging_enabled")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_distribution(inventory, self.meta(), |name, settings| {
            Some(Verdict::holds(
                settings.logging_enabled,
                format!(
                    "{name} has standard access logging {}",
                    if settings.logging_enabled {
                        "on"
                    } else {
                        "off"
                    }
                ),
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
        let message = assert_verdicts(&LoggingEnabled, |settings| {
            settings.logging_enabled = false;
        });
        assert_eq!(message, "distribution BAD has standard access logging off");
    }
}
