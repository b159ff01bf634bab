//! AWS Shield Advanced: whether the account subscribes, and which resources its protections
//! cover. A global service whose API answers in us-east-1. Shield Standard needs no API: AWS
//! applies it to every account. The protections are the facts a verdict rests on; the
//! subscription is read beside them, since a protection guards nothing once it has ended.

use aws_sdk_shield::operation::list_protections::ListProtectionsOutput;

use super::calls::{Calls, client};
use super::to_chrono;
use crate::inventory::shield::{ShieldAdvanced, ShieldSubscription};
use crate::inventory::{Collected, Gap};

const API_REGION: &str = "us-east-1";

/// What Shield answers when there is no subscription, or no protection, to describe.
const NONE_FOUND: &[&str] = &["ResourceNotFoundException"];

pub async fn shield_advanced(calls: &Calls) -> Collected<ShieldAdvanced> {
    Collected::from(read(&calls.in_region(API_REGION)).await)
}

async fn read(calls: &Calls) -> Result<ShieldAdvanced, Gap> {
    let client = client!(aws_sdk_shield, calls);
    let (described, listed) = tokio::join!(
        calls.call_optional(
            "shield:DescribeSubscription",
            NONE_FOUND,
            client.describe_subscription().send(),
        ),
        calls.call_optional(
            "shield:ListProtections",
            NONE_FOUND,
            client.list_protections().into_paginator().send().collect(),
        ),
    );
    let pages: Vec<ListProtectionsOutput> = listed?.unwrap_or_default();
    let subscription = described.map(|output| {
        output
            .and_then(|output| output.subscription().cloned())
            .map(|subscription| ShieldSubscription {
                start_time: subscription.start_time().and_then(to_chrono),
                end_time: subscription.end_time().and_then(to_chrono),
            })
    });
    Ok(ShieldAdvanced {
        subscription: Collected::from(subscription),
        protected_resources: pages
            .iter()
            .flat_map(ListProtectionsOutput::protections)
            .filter_map(|protection| protection.resource_arn().map(str::to_string))
            .collect(),
    })
}
