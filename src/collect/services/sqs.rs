//! SQS: the region's queues with their access policy and encryption at rest.

use aws_sdk_sqs::types::QueueAttributeName;

use super::policy_document;
use crate::collect::bounded;
use crate::collect::calls::{Calls, client};
use crate::inventory::services::{Queue, QueueEncryption};
use crate::inventory::{Collected, Gap};

const GET_QUEUE_ATTRIBUTES: &str = "sqs:GetQueueAttributes";

pub async fn collect(calls: &Calls) -> Result<Vec<Queue>, Gap> {
    let client = client!(aws_sdk_sqs, calls);
    let client = &client;
    let listing = client.list_queues().into_paginator().send().collect();
    let pages: Vec<_> = calls.call("sqs:ListQueues", listing).await?;
    let urls: Vec<String> = pages
        .iter()
        .flat_map(|page| page.queue_urls())
        .cloned()
        .collect();
    Ok(bounded(urls, |url| async move {
        let request = client
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::All)
            .send();
        let attributes = Collected::from(calls.call(GET_QUEUE_ATTRIBUTES, request).await)
            .map(|output| output.attributes().cloned().unwrap_or_default());
        let value = |name: QueueAttributeName| {
            attributes
                .ok()
                .and_then(|attributes| attributes.get(&name).cloned())
        };
        let encryption = attributes.clone().map(|attributes| QueueEncryption {
            kms_key_id: attributes
                .get(&QueueAttributeName::KmsMasterKeyId)
                .filter(|id| !id.is_empty())
                .cloned(),
            sqs_managed_sse: attributes
                .get(&QueueAttributeName::SqsManagedSseEnabled)
                .is_some_and(|flag| flag.eq_ignore_ascii_case("true")),
        });
        let policy = policy_document(
            GET_QUEUE_ATTRIBUTES,
            attributes
                .clone()
                .map(|attributes| attributes.get(&QueueAttributeName::Policy).cloned()),
        );
        Queue {
            // The URL's last segment is the queue's name.
            name: url.rsplit('/').next().unwrap_or_default().to_string(),
            arn: value(QueueAttributeName::QueueArn).unwrap_or_default(),
            url,
            policy,
            encryption,
        }
    })
    .await)
}
