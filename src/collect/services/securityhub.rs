//! Security Hub: the hub ARN when the region has Security Hub enabled, and then the administrator
//! account that manages the hub (a delegated administrator of the organization, which a member
//! can see).

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::collect::calls::{Calls, client};
use crate::inventory::services::Administrator;
use crate::inventory::{Collected, Gap};

/// The hub, and into `administrator` its administrator when the hub is enabled.
pub async fn collect(
    calls: &Calls,
    administrator: &mut Collected<Option<Administrator>>,
) -> Result<Option<String>, Gap> {
    let client = client!(aws_sdk_securityhub, calls);
    // "Not enabled" is an answer, not a failure: it is told apart before the error becomes a gap.
    let answer = async {
        match client.describe_hub().send().await {
            Ok(output) => Ok(Some(output)),
            Err(error) if not_enabled(&error) => Ok(None),
            Err(error) => Err(error),
        }
    };
    let hub = calls.call("securityhub:DescribeHub", answer).await?;
    if hub.is_some() {
        let answer = calls
            .call(
                "securityhub:GetAdministratorAccount",
                client.get_administrator_account().send(),
            )
            .await;
        *administrator = Collected::from(answer.map(|output| {
            output.administrator().and_then(|admin| {
                Some(Administrator {
                    account_id: admin.account_id()?.to_string(),
                    relationship: admin.member_status().unwrap_or_default().to_string(),
                })
            })
        }));
    }
    Ok(hub.map(|output| output.hub_arn().unwrap_or_default().to_string()))
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
