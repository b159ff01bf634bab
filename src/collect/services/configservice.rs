//! AWS Config: the region's configuration recorders, each with whether it is recording.

use aws_sdk_config::operation::describe_configuration_recorder_status::DescribeConfigurationRecorderStatusOutput;

use crate::collect::calls::{Calls, client};
use crate::inventory::services::ConfigRecorder;
use crate::inventory::{Collected, Gap};

const STATUS_CALL: &str = "config:DescribeConfigurationRecorderStatus";

pub async fn collect(calls: &Calls) -> Result<Vec<ConfigRecorder>, Gap> {
    let client = client!(aws_sdk_config, calls);
    let (recorders, statuses) = tokio::join!(
        calls.call(
            "config:DescribeConfigurationRecorders",
            client.describe_configuration_recorders().send()
        ),
        calls.call(
            STATUS_CALL,
            client.describe_configuration_recorder_status().send()
        ),
    );
    let recorders = recorders?;
    let statuses = Collected::from(statuses);
    Ok(recorders
        .configuration_recorders()
        .iter()
        .map(|recorder| {
            let name = recorder.name().unwrap_or_default().to_string();
            let group = recorder.recording_group();
            ConfigRecorder {
                recording: recording(&statuses, &name),
                all_supported: group.is_some_and(|g| g.all_supported()),
                include_global_resource_types: group
                    .is_some_and(|g| g.include_global_resource_types()),
                name,
            }
        })
        .collect())
}

/// The recorder's `recording` flag from the status call; a recorder the status omits is unknown.
fn recording(
    statuses: &Collected<DescribeConfigurationRecorderStatusOutput>,
    name: &str,
) -> Collected<bool> {
    let output = match statuses.get() {
        Ok(output) => output,
        Err(gap) => return Collected::Failed(gap),
    };
    match output
        .configuration_recorders_status()
        .iter()
        .find(|status| status.name() == Some(name))
    {
        Some(status) => Collected::Ok(status.recording()),
        None => Collected::Failed(Gap::new(
            STATUS_CALL,
            format!("no status reported for recorder {name}"),
        )),
    }
}
