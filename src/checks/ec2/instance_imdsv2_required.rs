//! `ec2.instance_imdsv2_required`: every instance requires IMDSv2 or has its metadata endpoint off.
//!
//! PASS when `http_tokens` is `required` (only session-token requests are answered) or
//! `http_endpoint` is `disabled` (no version is reachable at all). An instance whose metadata
//! options were not reported is an ERROR, never a guess. Terminated instances are skipped.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::ec2::is_live;
use crate::checks::per_regional_resource;
use crate::finding::Finding;
use crate::finding::Verdict;
use crate::inventory::ec2::Instance;
use crate::inventory::{Gap, Inventory, Source};

pub struct InstanceImdsv2Required;

impl Check for InstanceImdsv2Required {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("ec2/instance_imdsv2_required")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Ec2Instances]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        per_regional_resource(
            inventory,
            self.meta(),
            |regional| &regional.ec2.instances,
            |_, instance| is_live(instance).then(|| judge(instance)),
        )
    }
}

fn judge(instance: &Instance) -> Verdict {
    let id = &instance.id;
    let endpoint_off = instance
        .http_endpoint
        .as_deref()
        .is_some_and(|endpoint| endpoint.eq_ignore_ascii_case("disabled"));
    if endpoint_off {
        return Verdict::Pass(format!(
            "{id} has its instance metadata endpoint disabled (http_endpoint=disabled)"
        ));
    }
    match instance.http_tokens.as_deref() {
        Some(tokens) if tokens.eq_ignore_ascii_case("required") => Verdict::Pass(format!(
            "{id} accepts only IMDSv2 session requests (http_tokens={tokens})"
        )),
        Some(tokens) => Verdict::Fail(format!(
            "{id} still answers IMDSv1 requests without a session token (http_tokens={tokens})"
        )),
        None => Verdict::Unknown(Gap::new(
            "ec2:DescribeInstances",
            format!("no MetadataOptions.HttpTokens reported for {id}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ec2::fixtures::{assert_all, assert_region_error, instance, run};
    use crate::checks::fixtures::{failed, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn evaluate(instances: Vec<Instance>) -> Vec<Finding> {
        run(&InstanceImdsv2Required, |ec2| {
            ec2.instances = Collected::Ok(instances)
        })
    }

    fn with(id: &str, tokens: Option<&str>, endpoint: Option<&str>) -> Instance {
        Instance {
            http_tokens: tokens.map(str::to_string),
            http_endpoint: endpoint.map(str::to_string),
            ..instance(id, "running")
        }
    }

    #[test]
    fn passes_for_required_tokens_or_a_disabled_endpoint() {
        let findings = evaluate(vec![
            with("i-required", Some("required"), Some("enabled")),
            with("i-off", Some("optional"), Some("disabled")),
            Instance {
                state: "stopped".into(),
                ..with("i-stopped", Some("required"), None)
            },
        ]);
        assert_all(&findings, Status::Pass);
        assert_eq!(
            findings[1].message,
            "i-off has its instance metadata endpoint disabled (http_endpoint=disabled)"
        );
    }

    #[test]
    fn fails_when_imdsv1_is_still_answered_and_skips_terminated() {
        let findings = evaluate(vec![
            with("i-optional", Some("optional"), Some("enabled")),
            Instance {
                state: "terminated".into(),
                ..with("i-gone", Some("optional"), None)
            },
        ]);
        assert_eq!(
            verdicts(&findings),
            vec![("i-optional".to_string(), Status::Fail)]
        );
        assert_eq!(
            findings[0].message,
            "i-optional still answers IMDSv1 requests without a session token (http_tokens=optional)"
        );
        assert_eq!(
            findings[0].resource.arn.as_deref(),
            Some("arn:aws:ec2:us-east-1:111122223333:instance/i-optional")
        );
    }

    #[test]
    fn errors_when_instances_or_their_metadata_options_were_not_collected() {
        let findings = evaluate(vec![with("i-unknown", None, Some("enabled"))]);
        assert_eq!(
            verdicts(&findings),
            vec![("i-unknown".to_string(), Status::Error)]
        );
        assert!(findings[0].message.contains("HttpTokens"));
        assert_region_error(&InstanceImdsv2Required, |ec2| {
            ec2.instances = failed("ec2:DescribeInstances")
        });
    }
}
