//! GuardDuty: the region's detectors (at most one per region on AWS) and their status.

use aws_config::SdkConfig;
use aws_sdk_guardduty::Client;

use super::failed;
use crate::collect::bounded;
use crate::inventory::Gap;
use crate::inventory::services::GuardDutyDetector;

pub async fn collect(config: &SdkConfig) -> Result<Vec<GuardDutyDetector>, Gap> {
    let client = Client::new(config);
    let client = &client;
    let pages = client
        .list_detectors()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(failed("guardduty:ListDetectors"))?;
    let ids = pages.iter().flat_map(|page| page.detector_ids());
    // A detector's status is the whole point of listing it: an unreadable one fails the region.
    bounded(ids, |id| async move {
        let output = client
            .get_detector()
            .detector_id(id)
            .send()
            .await
            .map_err(failed("guardduty:GetDetector"))?;
        Ok(GuardDutyDetector {
            id: id.clone(),
            status: output
                .status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
        })
    })
    .await
    .into_iter()
    .collect()
}
