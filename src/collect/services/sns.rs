//! SNS: every topic in the region with its access policy, encryption key and subscriptions.

use aws_sdk_sns::Client;
use aws_sdk_sns::operation::get_topic_attributes::GetTopicAttributesOutput;
use aws_sdk_sns::types::Subscription;

use crate::collect::calls::{Calls, client};
use crate::collect::{bounded, parse_policy_json};
use crate::inventory::services::{SnsSubscription, SnsTopic, SnsTopicAttributes};
use crate::inventory::{Collected, Gap};

/// The topics with their attributes, and their subscriptions when `subscriptions` (calls per topic
/// and per subscription, made only for a check that reads them).
pub async fn collect(calls: &Calls, subscriptions: bool) -> Result<Vec<SnsTopic>, Gap> {
    let client = client!(aws_sdk_sns, calls);
    let pages = client.list_topics().into_paginator().send().collect();
    let arns: Vec<Option<String>> = calls
        .listing(
            "sns:ListTopics",
            pages,
            |page| page.topics(),
            |topic| topic.topic_arn().map(str::to_string),
        )
        .await?;
    let client = &client;
    Ok(bounded(arns.into_iter().flatten(), |arn| async move {
        topic(calls, client, arn, subscriptions).await
    })
    .await)
}

async fn topic(calls: &Calls, client: &Client, arn: String, subscriptions: bool) -> SnsTopic {
    let (attributes, subscriptions) = tokio::join!(
        calls.call(
            "sns:GetTopicAttributes",
            client.get_topic_attributes().topic_arn(&arn).send()
        ),
        async {
            if !subscriptions {
                return None;
            }
            let pages = client
                .list_subscriptions_by_topic()
                .topic_arn(&arn)
                .into_paginator()
                .send()
                .collect::<Result<Vec<_>, _>>();
            Some(calls.call("sns:ListSubscriptionsByTopic", pages).await)
        },
    );
    let attributes = Collected::from(attributes.and_then(|output| {
        topic_attributes(&output).map_err(|reason| Gap::new("sns:GetTopicAttributes", reason))
    }));
    let subscriptions = match subscriptions {
        Some(Ok(pages)) => {
            let listed = pages.iter().flat_map(|page| page.subscriptions());
            Collected::Ok(bounded(listed, |listed| subscription(calls, client, listed)).await)
        }
        Some(Err(gap)) => Collected::Failed(gap),
        None => Collected::NotCollected,
    };
    SnsTopic {
        subscriptions,
        attributes,
        arn,
    }
}

/// The attributes later checks read. A policy that is not JSON is a gap, never "no policy".
fn topic_attributes(output: &GetTopicAttributesOutput) -> Result<SnsTopicAttributes, String> {
    let attribute = |name: &str| {
        output
            .attributes()
            .and_then(|attributes| attributes.get(name))
            .filter(|value| !value.is_empty())
    };
    let policy = attribute("Policy")
        .map(|text| {
            parse_policy_json(text)
                .map_err(|error| format!("the topic policy is not JSON: {error}"))
        })
        .transpose()?;
    Ok(SnsTopicAttributes {
        policy,
        kms_master_key_id: attribute("KmsMasterKeyId").cloned(),
    })
}

/// AWS lists an unconfirmed subscription with the placeholder `PendingConfirmation` instead of an
/// ARN; LocalStack lists a real ARN either way, so a listed ARN is confirmed only once the
/// subscription's own `PendingConfirmation` attribute says `false`.
async fn subscription(calls: &Calls, client: &Client, listed: &Subscription) -> SnsSubscription {
    let arn = listed.subscription_arn().unwrap_or_default().to_string();
    let confirmed = if arn.starts_with("arn:") {
        let request = client
            .get_subscription_attributes()
            .subscription_arn(&arn)
            .send();
        let attributes = calls.call("sns:GetSubscriptionAttributes", request).await;
        Collected::from(attributes).map(|output| {
            output
                .attributes()
                .and_then(|attributes| attributes.get("PendingConfirmation"))
                .is_none_or(|pending| pending != "true")
        })
    } else {
        Collected::Ok(false)
    };
    SnsSubscription {
        confirmed,
        protocol: listed.protocol().unwrap_or_default().to_string(),
        endpoint: listed.endpoint().unwrap_or_default().to_string(),
        arn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_parse_the_policy_and_keep_the_key() {
        let output = GetTopicAttributesOutput::builder()
            .attributes("Policy", r#"{"Version":"2012-10-17","Statement":[]}"#)
            .attributes("KmsMasterKeyId", "alias/aws/sns")
            .build();
        let attributes = topic_attributes(&output).expect("valid");
        assert_eq!(
            attributes.kms_master_key_id.as_deref(),
            Some("alias/aws/sns")
        );
        assert!(attributes.policy.is_some());
        let broken = GetTopicAttributesOutput::builder()
            .attributes("Policy", "{not json")
            .build();
        assert!(topic_attributes(&broken).is_err());
        let plain = topic_attributes(&GetTopicAttributesOutput::builder().build()).expect("valid");
        assert_eq!(plain.kms_master_key_id, None);
    }
}
