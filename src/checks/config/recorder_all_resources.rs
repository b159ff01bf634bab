//! `config.recorder_all_resources`: every audited region has an AWS Config recorder that records all supported resource types and is running.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_region;
use crate::finding::{Finding, Verdict};
use crate::inventory::Inventory;
use crate::inventory::services::ConfigRecorder;

pub struct RecorderAllResources;

impl Check for RecorderAllResources {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("config/recorder_all_resources")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        per_region(
            inventory,
            meta,
            |r| &r.services.config_recorders,
            |region, recorders| {
                let qualifies =
                    |r: &&ConfigRecorder| r.all_supported && r.recording.ok() == Some(&true);
                if let Some(recorder) = recorders.iter().find(qualifies) {
                    let global = if recorder.include_global_resource_types {
                        ", global resource types (IAM) included"
                    } else {
                        "; global resource types (IAM) are left to another region's recorder"
                    };
                    let message = format!(
                        "AWS Config recorder {} records all supported resource types in {region} and is running{global}",
                        recorder.name
                    );
                    return Verdict::Pass(message);
                }
                // Nothing qualifies for sure: a recorder whose state is unknown might.
                let unknown = recorders
                    .iter()
                    .filter(|r| r.all_supported)
                    .find_map(|r| r.recording.get().err());
                if let Some(gap) = unknown {
                    return Verdict::Unknown(gap);
                }
                let shortfalls: Vec<String> = recorders.iter().map(shortfall).collect();
                let message = if shortfalls.is_empty() {
                    format!("{region} has no AWS Config configuration recorder")
                } else {
                    format!("in {region}, {}", shortfalls.join("; "))
                };
                Verdict::Fail(message)
            },
        )
    }
}

fn shortfall(recorder: &ConfigRecorder) -> String {
    let name = &recorder.name;
    let stopped = recorder.recording.ok() == Some(&false);
    match (recorder.all_supported, stopped) {
        (false, true) => {
            format!("recorder {name} records only selected resource types and is stopped")
        }
        (false, false) => format!("recorder {name} records only selected resource types"),
        (true, _) => format!("recorder {name} is stopped"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, REGION, failed, regional, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn recorder(name: &str, all_supported: bool, recording: Collected<bool>) -> ConfigRecorder {
        ConfigRecorder {
            name: name.into(),
            all_supported,
            include_global_resource_types: true,
            recording,
        }
    }

    fn run(recorders: Collected<Vec<ConfigRecorder>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.config_recorders = recorders);
        RecorderAllResources.evaluate(&inventory, &Settings::default())
    }

    fn region_id() -> String {
        format!("{ACCOUNT}/{REGION}")
    }

    #[test]
    fn passes_for_a_running_recorder_of_everything() {
        let findings = run(Collected::Ok(vec![recorder(
            "default",
            true,
            Collected::Ok(true),
        )]));
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Pass)]);
        assert_eq!(
            findings[0].message,
            "AWS Config recorder default records all supported resource types in us-east-1 and is \
             running, global resource types (IAM) included"
        );
    }

    #[test]
    fn fails_for_no_recorder_a_partial_one_or_a_stopped_one() {
        let findings = run(Collected::Ok(vec![]));
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Fail)]);
        assert_eq!(
            findings[0].message,
            "us-east-1 has no AWS Config configuration recorder"
        );
        let findings = run(Collected::Ok(vec![recorder(
            "s3-only",
            false,
            Collected::Ok(true),
        )]));
        assert_eq!(
            findings[0].message,
            "in us-east-1, recorder s3-only records only selected resource types"
        );
        let findings = run(Collected::Ok(vec![recorder(
            "default",
            true,
            Collected::Ok(false),
        )]));
        assert_eq!(
            findings[0].message,
            "in us-east-1, recorder default is stopped"
        );
    }

    #[test]
    fn errors_when_recorders_or_their_status_were_not_read() {
        let findings = run(failed("config:DescribeConfigurationRecorders"));
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Error)]);
        let unknown = recorder(
            "default",
            true,
            failed("config:DescribeConfigurationRecorderStatus"),
        );
        let findings = run(Collected::Ok(vec![unknown]));
        assert_eq!(verdicts(&findings), vec![(region_id(), Status::Error)]);
        assert!(
            findings[0]
                .message
                .contains("config:DescribeConfigurationRecorderStatus")
        );
    }
}
