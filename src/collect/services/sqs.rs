//! SQS: the region's queues with their access policy and encryption at rest.

use aws_config::SdkConfig;
use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::QueueAttributeName;

use super::{failed, policy_document};
use crate::collect::{bounded, record};
use crate::inventory::Gap;
use crate::inventory::services::{Queue, QueueEncryption};

const GET_QUEUE_ATTRIBUTES: &str = "sqs:GetQueueAttributes";

pub async fn collect(config: &SdkConfig) -> Result<Vec<Queue>, Gap> {
    let client = Client::new(config);
    let client = &client;
    let pages = client
        .list_queues()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(failed("sqs:ListQueues"))?;
    let urls: Vec<String> = pages
        .iter()
        .flat_map(|page| page.queue_urls())
        .cloned()
        .collect();
    Ok(bounded(urls, |url| async move {
        let answer = client
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::All)
            .send()
            .await;
        let attributes = record(GET_QUEUE_ATTRIBUTES, answer)
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
