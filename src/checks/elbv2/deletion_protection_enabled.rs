//! `elbv2.deletion_protection_enabled`: every load balancer has deletion protection on.
//!
//! ELB.6 covers Application, Network and Gateway Load Balancers alike.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::elbv2::attribute_check;
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};

pub struct DeletionProtectionEnabled;

impl Check for DeletionProtectionEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("elbv2/deletion_protection_enabled")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Elbv2, Source::Elbv2Attributes]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        attribute_check(
            inventory,
            self.meta(),
            |_| true,
            "deletion_protection.enabled",
            "deletion protection",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::elbv2::fixtures::assert_attribute_verdicts;

    #[test]
    fn the_attribute_decides_for_every_kind() {
        for kind in ["application", "network", "gateway"] {
            assert_attribute_verdicts(
                &DeletionProtectionEnabled,
                kind,
                "deletion_protection.enabled",
            );
        }
    }
}
