//! EventBridge checks. AWS runs the event buses; which other accounts may put events on one (its
//! resource-based policy) is the customer's.

crate::service_checks! {
    bus_not_public::BusNotPublic,
}

use crate::checks::Subject;
use crate::finding::Resource;
use crate::inventory::AccountInfo;
use crate::inventory::services::EventBus;

impl Subject for EventBus {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        Resource::new("AwsEventsEventbus", self.name.clone(), arn, region)
    }
}
