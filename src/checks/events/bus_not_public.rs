//! `events.bus_not_public`: no event bus's policy lets anyone, or any AWS account, put events on it.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::{per_regional_resource, resource_policy_not_public};
use crate::finding::Finding;
use crate::inventory::Inventory;
use crate::policy::UnpinnedService;

pub struct BusNotPublic;

impl Check for BusNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("events/bus_not_public")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.event_buses,
            |_, item| {
                Some(resource_policy_not_public(
                    &item.policy,
                    "events:ListEventBuses",
                    &inventory.account.id,
                    UnpinnedService::IsNotPublic,
                    &format!("event bus {}", item.name),
                ))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::checks::fixtures::{
        ACCOUNT, REGION, assert_failed_region, assert_policy_reach_verdicts, failed, regional,
        verdicts,
    };
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::EventBus;

    fn item(name: &str, policy: Option<Value>) -> EventBus {
        EventBus {
            name: name.into(),
            arn: format!("arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{name}"),
            policy: Collected::Ok(policy),
        }
    }

    fn run(items: Collected<Vec<EventBus>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.event_buses = items);
        BusNotPublic.evaluate(&inventory, &Settings::default())
    }

    #[test]
    fn open_policies_fail_and_private_partner_and_organization_ones_pass() {
        assert_policy_reach_verdicts("event bus", "events:PutEvents", |items| {
            run(Collected::Ok(
                items
                    .into_iter()
                    .map(|(name, policy)| item(name, policy))
                    .collect(),
            ))
        });
    }

    #[test]
    fn errors_on_an_unread_policy_or_an_unlisted_region() {
        let unread = EventBus {
            policy: failed("events:ListEventBuses"),
            ..item("unread", None)
        };
        let findings = run(Collected::Ok(vec![unread]));
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert!(findings[0].message.contains("events:ListEventBuses failed"));
        assert_failed_region(
            &run(failed("events:ListEventBuses")),
            "events:ListEventBuses",
        );
    }
}
