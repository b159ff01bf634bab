//! `sqs.queue_encrypted`: every queue encrypts its messages at rest (SSE-SQS or SSE-KMS).

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::services::Queue;
use crate::inventory::{Gap, Inventory};

pub struct QueueEncrypted;

impl Check for QueueEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("sqs/queue_encrypted")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.queues,
            |_, queue| Some(judge(queue)),
        )
    }
}

fn judge(queue: &Queue) -> Result<Verdict, Gap> {
    let encryption = queue.encryption.get()?;
    let name = &queue.name;
    Ok(match (&encryption.kms_key_id, encryption.sqs_managed_sse) {
        (Some(key), _) => {
            Verdict::Pass(format!("queue {name} encrypts messages with KMS key {key}"))
        }
        (None, true) => Verdict::Pass(format!(
            "queue {name} encrypts messages with SQS-managed keys (SSE-SQS)"
        )),
        (None, false) => Verdict::Fail(format!(
            "queue {name} stores messages unencrypted (neither SSE-SQS nor SSE-KMS)"
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{assert_failed_region, failed, verdicts};
    use crate::checks::sqs::fixtures::{queue, run};
    use crate::finding::Status;
    use crate::inventory::Collected;
    use crate::inventory::services::{Queue, QueueEncryption};

    fn encrypted(name: &str, kms_key_id: Option<&str>, sqs_managed_sse: bool) -> Queue {
        Queue {
            encryption: Collected::Ok(QueueEncryption {
                kms_key_id: kms_key_id.map(str::to_string),
                sqs_managed_sse,
            }),
            ..queue(name)
        }
    }

    #[test]
    fn passes_sse_sqs_and_sse_kms_and_fails_plain_queues() {
        let findings = run(
            &QueueEncrypted,
            Collected::Ok(vec![
                encrypted("sqs-keys", None, true),
                encrypted("kms", Some("alias/aws/sqs"), false),
                encrypted("plain", None, false),
            ]),
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("sqs-keys".into(), Status::Pass),
                ("kms".into(), Status::Pass),
                ("plain".into(), Status::Fail),
            ]
        );
        assert_eq!(
            findings[2].message,
            "queue plain stores messages unencrypted (neither SSE-SQS nor SSE-KMS)"
        );
    }

    #[test]
    fn errors_on_unread_attributes_or_unlisted_queues() {
        let unread = Queue {
            encryption: failed("sqs:GetQueueAttributes"),
            ..queue("unread")
        };
        let findings = run(&QueueEncrypted, Collected::Ok(vec![unread]));
        assert_eq!(verdicts(&findings), vec![("unread".into(), Status::Error)]);
        assert_failed_region(
            &run(&QueueEncrypted, failed("sqs:ListQueues")),
            "sqs:ListQueues",
        );
    }
}
