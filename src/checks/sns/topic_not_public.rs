//! `sns.topic_not_public`: no topic's access policy lets anyone, or any AWS account, publish to,
//! subscribe to or manage the topic.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::sns::{ATTRIBUTES_CALL, topic_name};
use crate::checks::{per_regional_resource, policy_not_public};
use crate::finding::Finding;
use crate::inventory::{Inventory, Source};
use crate::policy::UnpinnedService;

pub struct TopicNotPublic;

impl Check for TopicNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("sns/topic_not_public")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Sns]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.sns_topics,
            |_, topic| {
                Some(topic.attributes.get().and_then(|attributes| {
                    policy_not_public(
                        attributes.policy.as_ref(),
                        ATTRIBUTES_CALL,
                        &inventory.account.id,
                        UnpinnedService::IsNotPublic,
                        &format!("topic {}", topic_name(topic)),
                    )
                }))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{ACCOUNT, assert_failed_region, failed, verdicts};
    use crate::checks::sns::fixtures::{run, topic};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::SnsTopic;

    fn policy(statement: Value) -> Option<Value> {
        Some(json!({"Version": "2012-10-17", "Statement": [statement]}))
    }

    #[test]
    fn fails_a_topic_anyone_may_subscribe_to() {
        let open = topic(
            "open",
            policy(
                json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sns:Subscribe", "sns:Receive"], "Resource": "*"}),
            ),
            None,
        );
        let findings = run(&TopicNotPublic, Collected::Ok(vec![open]));
        assert_eq!(verdicts(&findings), vec![("open".into(), Status::Fail)]);
        assert!(
            findings[0]
                .message
                .starts_with("topic open is public: statement #1 allows sns:Subscribe"),
            "{}",
            findings[0].message
        );
    }

    /// SNS's own default policy lets every principal act only when aws:SourceOwner is the topic's
    /// account; a bucket publishing events is pinned by aws:SourceArn; a named partner is the
    /// external-access check's business.
    #[test]
    fn passes_the_default_policy_pinned_services_and_named_accounts() {
        let default = topic(
            "default",
            policy(json!({"Effect": "Allow", "Principal": {"AWS": "*"},
                          "Action": ["SNS:GetTopicAttributes", "SNS:Publish", "SNS:Subscribe"], "Resource": "*",
                          "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}}})),
            None,
        );
        let bucket = topic(
            "from-bucket",
            policy(
                json!({"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                          "Action": "sns:Publish", "Resource": "*",
                          "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::uploads"}}}),
            ),
            None,
        );
        let partner = topic(
            "partner",
            policy(
                json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                          "Action": "sns:Publish", "Resource": "*"}),
            ),
            None,
        );
        let findings = run(
            &TopicNotPublic,
            Collected::Ok(vec![topic("plain", None, None), default, bucket, partner]),
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("plain".into(), Status::Pass),
                ("default".into(), Status::Pass),
                ("from-bucket".into(), Status::Pass),
                ("partner".into(), Status::Pass),
            ]
        );
        assert_eq!(findings[0].message, "topic plain has no resource policy");
    }

    #[test]
    fn a_wildcard_source_owner_does_not_pin_the_caller() {
        let loose = topic(
            "loose",
            policy(
                json!({"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "*",
                          "Condition": {"StringLike": {"aws:SourceOwner": "*"}}}),
            ),
            None,
        );
        let findings = run(&TopicNotPublic, Collected::Ok(vec![loose]));
        assert_eq!(verdicts(&findings), vec![("loose".into(), Status::Fail)]);
    }

    #[test]
    fn errors_on_unread_attributes_a_broken_policy_or_unlisted_topics() {
        let unread = SnsTopic {
            attributes: failed("sns:GetTopicAttributes"),
            ..topic("unread", None, None)
        };
        let broken = topic(
            "broken",
            Some(json!({"Statement": "not a statement"})),
            None,
        );
        let findings = run(&TopicNotPublic, Collected::Ok(vec![unread, broken]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("unread".into(), Status::Error),
                ("broken".into(), Status::Error)
            ]
        );
        assert!(
            findings[1].message.contains("sns:GetTopicAttributes"),
            "{}",
            findings[1].message
        );
        assert_failed_region(
            &run(&TopicNotPublic, failed("sns:ListTopics")),
            "sns:ListTopics",
        );
    }
}
