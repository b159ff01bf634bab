//! Security Hub: the hub ARN when the region has Security Hub enabled.

use aws_config::SdkConfig;
use aws_sdk_securityhub::Client;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};

use super::failed;
use crate::inventory::Gap;

pub async fn collect(config: &SdkConfig) -> Result<Option<String>, Gap> {
    match Client::new(config).describe_hub().send().await {
        Ok(output) => Ok(Some(output.hub_arn().unwrap_or_default().to_string())),
        Err(error) if not_enabled(&error) => Ok(None),
        Err(error) => Err(failed("securityhub:DescribeHub")(error)),
    }
}

/// How DescribeHub says "Security Hub is not enabled here". AWS (and moto) answer
/// `InvalidAccessException: Account ... is not subscribed to AWS Security Hub`; the same code
/// with another message is a real permission problem and stays a gap. The API reference also
/// lists `ResourceNotFoundException` for a hub that does not exist.
fn not_enabled<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> bool {
    let SdkError::ServiceError(service) = error else {
        return false;
    };
    let error = service.err();
    match error.code() {
        Some("ResourceNotFoundException") => true,
        Some("InvalidAccessException") => error
            .message()
            .is_some_and(|message| message.to_ascii_lowercase().contains("not subscribed")),
        _ => false,
    }
}
