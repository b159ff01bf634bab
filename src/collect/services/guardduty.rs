//! GuardDuty: the region's detectors (at most one per region on AWS), their status, and for an
//! enabled one the administrator account that manages it (a delegated administrator of the
//! organization, which a member can see).

use crate::collect::bounded;
use crate::collect::calls::{Calls, client};
use crate::inventory::services::{Administrator, GuardDutyDetector};
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
        let enabled = status
            .as_ref()
            .is_ok_and(|status| status.eq_ignore_ascii_case("ENABLED"));
        let administrator = if enabled {
            let answer = calls
                .call(
                    "guardduty:GetAdministratorAccount",
                    client.get_administrator_account().detector_id(id).send(),
                )
                .await;
            Collected::from(answer.map(|output| {
                output.administrator().and_then(|admin| {
                    Some(Administrator {
                        account_id: admin.account_id()?.to_string(),
                        relationship: admin.relationship_status().unwrap_or_default().to_string(),
                    })
                })
            }))
        } else {
            Collected::NotCollected
        };
        GuardDutyDetector {
            id: id.clone(),
            status: Collected::from(status),
            administrator,
        }
    })
    .await)
}
