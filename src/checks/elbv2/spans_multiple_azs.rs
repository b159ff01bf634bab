//! `elbv2.spans_multiple_azs`: every load balancer serves from at least two Availability Zones.
//!
//! ELB.13: a load balancer in one zone goes down with that zone. AWS keeps each zone's nodes
//! running; choosing more than one zone is the customer's part of availability.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::elbv2::label;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::{Inventory, Source};

pub struct SpansMultipleAzs;

impl Check for SpansMultipleAzs {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("elbv2/spans_multiple_azs")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Elbv2]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.load_balancers,
            |_, balancer| {
                let zones = &balancer.availability_zones;
                let listed = if zones.is_empty() {
                    "no zone".to_string()
                } else {
                    zones.join(", ")
                };
                Some(Verdict::holds(
                    zones.len() >= 2,
                    format!("{} serves from {listed}", label(balancer)),
                ))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::elbv2::fixtures::{alb, assert_region_error, run};
    use crate::checks::fixtures::verdicts;
    use crate::finding::Status;

    #[test]
    fn one_zone_fails_two_pass() {
        let mut single = alb("single", &[], vec![]);
        single.availability_zones = vec!["us-east-1a".into()];
        let findings = run(&SpansMultipleAzs, vec![alb("two", &[], vec![]), single]);
        assert_eq!(
            verdicts(&findings),
            vec![
                ("two".into(), Status::Pass),
                ("single".into(), Status::Fail)
            ]
        );
        assert_eq!(
            findings[1].message,
            "application load balancer single (internet-facing) serves from us-east-1a"
        );
        assert_region_error(&SpansMultipleAzs);
    }
}
