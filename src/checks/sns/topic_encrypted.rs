//! `sns.topic_encrypted`: every topic encrypts the messages it stores with a KMS key (SSE).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::checks::sns::topic_name;
use crate::finding::{Finding, Verdict};
use crate::inventory::services::SnsTopic;
use crate::inventory::{Gap, Inventory, Source};

pub struct TopicEncrypted;

impl Check for TopicEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("sns/topic_encrypted")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Sns]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.sns_topics,
            |_, topic| Some(judge(topic)),
        )
    }
}

/// SNS.1 asks for a KMS key, any KMS key: the AWS managed alias/aws/sns passes too. The disk
/// encryption SNS applies to every topic regardless does not count.
fn judge(topic: &SnsTopic) -> Result<Verdict, Gap> {
    let name = topic_name(topic);
    Ok(match &topic.attributes.get()?.kms_master_key_id {
        Some(key) => Verdict::Pass(format!("topic {name} encrypts messages with KMS key {key}")),
        None => Verdict::Fail(format!(
            "topic {name} has no KMS key for server-side encryption"
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{assert_failed_region, failed, verdicts};
    use crate::checks::sns::fixtures::{run, topic};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::SnsTopic;

    #[test]
    fn passes_aws_managed_and_customer_keys_and_fails_topics_without_one() {
        let findings = run(
            &TopicEncrypted,
            Collected::Ok(vec![
                topic("managed", None, Some("alias/aws/sns")),
                topic(
                    "customer",
                    None,
                    Some("arn:aws:kms:us-east-1:111122223333:key/1234"),
                ),
                topic("plain", None, None),
            ]),
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("managed".into(), Status::Pass),
                ("customer".into(), Status::Pass),
                ("plain".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[0].message,
            "topic managed encrypts messages with KMS key alias/aws/sns"
        );
        assert_eq!(
            findings[2].message,
            "topic plain has no KMS key for server-side encryption"
        );
    }

    #[test]
    fn errors_on_unread_attributes_or_unlisted_topics() {
        let unread = SnsTopic {
            attributes: failed("sns:GetTopicAttributes"),
            ..topic("unread", None, None)
        };
        let findings = run(&TopicEncrypted, Collected::Ok(vec![unread]));
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("sns:GetTopicAttributes failed")
        );
        assert_failed_region(
            &run(&TopicEncrypted, failed("sns:ListTopics")),
            "sns:ListTopics",
        );
    }
}
