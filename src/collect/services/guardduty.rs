//! GuardDuty: the region's detectors (at most one per region on AWS) and their status.

use crate::collect::bounded;
use crate::collect::calls::{Calls, client};
use crate::inventory::services::GuardDutyDetector;
use crate::inventory::{Collected, Gap};

pub async fn collect(calls: &Calls) -> Result<Vec<GuardDutyDetector>, Gap> {
    let client = client!(aws_sdk_guardduty, calls);
    let client = &client;
    let listing = client.list_detectors().into_paginator().send().collect();
    let pages: Vec<aws_sdk_guardduty::operation::list_detectors::ListDetectorsOutput> =
        calls.call("guardduty:ListDetectors", listing).await?;
    let ids = pages.iter().flat_map(|page| page.detector_ids());
    // Each detector keeps its own outcome: one unreadable detector hides none of the others.
    Ok(bounded(ids, |id| async move {
        let status = calls
            .call(
                "guardduty:GetDetector",
                client.get_detector().detector_id(id).send(),
            )
            .await
            .map(|output| {
                output
                    .status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default()
            });
        GuardDutyDetector {
            id: id.clone(),
            status: Collected::from(status),
        }
    })
    .await)
}
