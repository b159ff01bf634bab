//! `elbv2.drops_invalid_headers`: every Application Load Balancer drops HTTP headers with invalid names.
//!
//! ELB.4: a header the targets would parse differently from the load balancer is a request-smuggling vector; only Application Load Balancers parse HTTP.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::elbv2::{attribute_check, is_application};
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};

pub struct DropsInvalidHeaders;

impl Check for DropsInvalidHeaders {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("elbv2/drops_invalid_headers")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Elbv2, Source::Elbv2Attributes]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        attribute_check(
            inventory,
            self.meta(),
            is_application,
            "routing.http.drop_invalid_header_fields.enabled",
            "dropping of invalid headers",
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
            &DropsInvalidHeaders,
            "application",
            "routing.http.drop_invalid_header_fields.enabled",
        );
    }
}
