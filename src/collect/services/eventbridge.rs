//! EventBridge: the region's event buses with their resource-based policies (ListEventBuses
//! carries each bus's policy, so no call per bus is needed).

use super::policy_document;
use crate::collect::calls::{Calls, client};
use crate::inventory::services::EventBus;
use crate::inventory::{Collected, Gap};

const LIST_EVENT_BUSES: &str = "events:ListEventBuses";

pub async fn collect(calls: &Calls) -> Result<Vec<EventBus>, Gap> {
    let client = client!(aws_sdk_eventbridge, calls);
    let mut buses = Vec::new();
    let mut next_token = None;
    // ListEventBuses has no paginator in the SDK: follow NextToken by hand.
    loop {
        let request = client.list_event_buses().set_next_token(next_token).send();
        let page = calls.call(LIST_EVENT_BUSES, request).await?;
        buses.extend(page.event_buses().iter().map(|bus| EventBus {
            name: bus.name().unwrap_or_default().to_string(),
            arn: bus.arn().unwrap_or_default().to_string(),
            policy: policy_document(
                LIST_EVENT_BUSES,
                Collected::Ok(bus.policy().map(str::to_string)),
            ),
        }));
        next_token = page.next_token().map(str::to_string);
        if next_token.is_none() {
            return Ok(buses);
        }
    }
}
