//! EventBridge: the region's event buses with their resource-based policies (ListEventBuses
//! carries each bus's policy, so no call per bus is needed).

use aws_config::SdkConfig;
use aws_sdk_eventbridge::Client;

use super::{failed, policy_document};
use crate::inventory::services::EventBus;
use crate::inventory::{Collected, Gap};

const LIST_EVENT_BUSES: &str = "events:ListEventBuses";

pub async fn collect(config: &SdkConfig) -> Result<Vec<EventBus>, Gap> {
    let client = Client::new(config);
    let mut buses = Vec::new();
    let mut next_token = None;
    // ListEventBuses has no paginator in the SDK: follow NextToken by hand.
    loop {
        let page = client
            .list_event_buses()
            .set_next_token(next_token)
            .send()
            .await
            .map_err(failed(LIST_EVENT_BUSES))?;
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
