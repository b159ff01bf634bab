//! SNS checks. AWS runs the topics and delivers their messages; who may publish or subscribe (the
//! access policy) and whether stored messages are encrypted with a KMS key are the customer's.

crate::service_checks! {
    topic_encrypted::TopicEncrypted,
    topic_not_public::TopicNotPublic,
}

use crate::checks::{Subject, parse_policy};
use crate::finding::Resource;
use crate::inventory::services::SnsTopic;
use crate::inventory::{AccountInfo, Gap};
use crate::policy::PolicyDocument;

/// The call whose answer carries a topic's policy and key.
pub const ATTRIBUTES_CALL: &str = "sns:GetTopicAttributes";

/// A topic's name: the last part of its ARN (`arn:aws:sns:<region>:<account>:<name>`).
pub fn topic_name(topic: &SnsTopic) -> &str {
    topic.arn.rsplit(':').next().unwrap_or(&topic.arn)
}

/// The topic's access policy, parsed; `None` when it has none.
pub fn topic_policy(topic: &SnsTopic) -> Result<Option<PolicyDocument>, Gap> {
    parse_policy(topic.attributes.get()?.policy.as_ref(), ATTRIBUTES_CALL)
}

impl Subject for SnsTopic {
    fn resource(&self, _account: &AccountInfo, region: &str) -> Resource {
        let arn = (!self.arn.is_empty()).then(|| self.arn.clone());
        Resource::new("AwsSnsTopic", topic_name(self).to_string(), arn, region)
    }
}

#[cfg(test)]
pub mod fixtures {
    use serde_json::Value;

    use crate::check::{Check, Settings};
    use crate::checks::fixtures::{ACCOUNT, REGION, regional};
    use crate::finding::Finding;
    use crate::inventory::Collected;
    use crate::inventory::services::{SnsTopic, SnsTopicAttributes};

    /// A topic with the given access policy and KMS key, and no subscribers.
    pub fn topic(name: &str, policy: Option<Value>, kms_master_key_id: Option<&str>) -> SnsTopic {
        SnsTopic {
            arn: format!("arn:aws:sns:{REGION}:{ACCOUNT}:{name}"),
            attributes: Collected::Ok(SnsTopicAttributes {
                policy,
                kms_master_key_id: kms_master_key_id.map(str::to_string),
            }),
            subscriptions: Collected::Ok(Vec::new()),
        }
    }

    pub fn run(check: &dyn Check, topics: Collected<Vec<SnsTopic>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.sns_topics = topics);
        check.evaluate(&inventory, &Settings::default())
    }
}
