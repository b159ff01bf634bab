//! `elbv2.access_logging_enabled`: every Application Load Balancer writes access logs to S3.
//!
//! ELB.5 covers Application (and Classic) Load Balancers; a Network Load Balancer logs only its TLS connections, so it is not judged here.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::elbv2::{attribute_check, is_application};
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};

pub struct AccessLoggingEnabled;

impl Check for AccessLoggingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("elbv2/access_logging_enabled")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Elbv2, Source::Elbv2Attributes]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        attribute_check(
            inventory,
            self.meta(),
            is_application,
            "access_logs.s3.enabled",
            "access logging",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::elbv2::fixtures::assert_attribute_verdicts;

    #[test]
    fn the_attribute_decides() {
        assert_attribute_verdicts(
            &AccessLoggingEnabled,
            "application",
            "access_logs.s3.enabled",
        );
    }
}
