//! `sqs.queue_not_public`: no queue's access policy lets anyone, or any AWS account, send, read or manage its messages.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::{per_regional_resource, resource_policy_not_public};
use crate::finding::Finding;
use crate::inventory::Inventory;
use crate::policy::UnpinnedService;

pub struct QueueNotPublic;

impl Check for QueueNotPublic {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("sqs/queue_not_public")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.queues,
            |_, queue| {
                Some(resource_policy_not_public(
                    &queue.policy,
                    "sqs:GetQueueAttributes",
                    &inventory.account.id,
                    UnpinnedService::IsNotPublic,
                    &format!("queue {}", queue.name),
                ))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{assert_failed_region, failed, verdicts};
    use crate::checks::sqs::fixtures::{queue, run};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::Queue;

    fn with_policy(name: &str, statement: Value) -> Queue {
        Queue {
            policy: Collected::Ok(Some(
                json!({"Version": "2012-10-17", "Statement": [statement]}),
            )),
            ..queue(name)
        }
    }

    #[test]
    fn fails_a_queue_anyone_may_send_to() {
        let open = with_policy(
            "open",
            json!({"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}),
        );
        let findings = run(&QueueNotPublic, Collected::Ok(vec![open]));
        assert_eq!(verdicts(&findings), vec![("open".into(), Status::Fail)]);
        assert!(
            findings[0]
                .message
                .starts_with("queue open is public: statement #1 allows sqs:SendMessage")
        );
    }

    #[test]
    fn passes_without_a_policy_or_with_a_pinned_topic() {
        let topic = with_policy(
            "from-topic",
            json!({"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*",
                   "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:events"}}}),
        );
        let findings = run(&QueueNotPublic, Collected::Ok(vec![queue("plain"), topic]));
        assert_eq!(
            verdicts(&findings),
            vec![
                ("plain".into(), Status::Pass),
                ("from-topic".into(), Status::Pass)
            ]
        );
    }

    #[test]
    fn errors_on_unread_attributes_or_unlisted_queues() {
        let unread = Queue {
            policy: failed("sqs:GetQueueAttributes"),
            ..queue("unread")
        };
        let findings = run(&QueueNotPublic, Collected::Ok(vec![unread]));
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert_failed_region(
            &run(&QueueNotPublic, failed("sqs:ListQueues")),
            "sqs:ListQueues",
        );
    }
}
