//! Amazon Inspector: which scan types (EC2, ECR, Lambda standard and code) are on for this
//! account in the region.

use aws_sdk_inspector2::operation::batch_get_account_status::BatchGetAccountStatusOutput;
use aws_sdk_inspector2::types::State;

use crate::collect::calls::{Calls, client};
use crate::inventory::Gap;
use crate::inventory::services::InspectorScanning;

const CALL: &str = "inspector2:BatchGetAccountStatus";

pub async fn collect(calls: &Calls, account_id: &str) -> Result<InspectorScanning, Gap> {
    let request = client!(aws_sdk_inspector2, calls)
        .batch_get_account_status()
        .account_ids(account_id)
        .send();
    let output = calls.call(CALL, request).await?;
    scanning(&output, account_id)
}

/// The account's row; an answer without one (moto's empty list, or the account among the failed
/// ones) is a gap, never "all off".
fn scanning(
    output: &BatchGetAccountStatusOutput,
    account_id: &str,
) -> Result<InspectorScanning, Gap> {
    let Some(account) = output
        .accounts()
        .iter()
        .find(|account| account.account_id() == account_id)
    else {
        let why = output
            .failed_accounts()
            .iter()
            .find(|failed| failed.account_id() == account_id)
            .map_or_else(
                || "the answer has no status for this account".to_string(),
                |failed| {
                    format!(
                        "{}: {}",
                        failed.error_code().as_str(),
                        failed.error_message()
                    )
                },
            );
        return Err(Gap::new(CALL, why));
    };
    let status = |state: Option<&State>| {
        state
            .map(|state| state.status().as_str().to_string())
            .unwrap_or_default()
    };
    let resources = account.resource_state();
    Ok(InspectorScanning {
        ec2: status(resources.and_then(|r| r.ec2())),
        ecr: status(resources.and_then(|r| r.ecr())),
        lambda: status(resources.and_then(|r| r.lambda())),
        lambda_code: status(resources.and_then(|r| r.lambda_code())),
    })
}

#[cfg(test)]
mod tests {
    use aws_sdk_inspector2::types::{
        AccountState, ErrorCode, FailedAccount, ResourceState, Status,
    };

    use super::*;

    fn state(status: Status) -> State {
        State::builder()
            .status(status)
            .error_code(ErrorCode::AccessDenied)
            .error_message("")
            .build()
            .expect("fields set")
    }

    #[test]
    fn reads_each_scan_type_of_the_account() {
        let output = BatchGetAccountStatusOutput::builder()
            .accounts(
                AccountState::builder()
                    .account_id("111122223333")
                    .state(state(Status::Enabled))
                    .resource_state(
                        ResourceState::builder()
                            .ec2(state(Status::Enabled))
                            .ecr(state(Status::Disabled))
                            .lambda(state(Status::Enabled))
                            .build(),
                    )
                    .build()
                    .expect("fields set"),
            )
            .build()
            .expect("fields set");
        let scanning = scanning(&output, "111122223333").expect("row present");
        assert_eq!(scanning.ec2, "ENABLED");
        assert_eq!(scanning.ecr, "DISABLED");
        assert_eq!(scanning.lambda_code, "");
    }

    #[test]
    fn a_missing_row_is_a_gap_with_the_reason_when_given() {
        let empty = BatchGetAccountStatusOutput::builder()
            .set_accounts(Some(Vec::new()))
            .build()
            .expect("fields set");
        let gap = scanning(&empty, "111122223333").expect_err("no row");
        assert!(gap.message.contains("no status for this account"));
        let failed = BatchGetAccountStatusOutput::builder()
            .set_accounts(Some(Vec::new()))
            .failed_accounts(
                FailedAccount::builder()
                    .account_id("111122223333")
                    .error_code(ErrorCode::AccessDenied)
                    .error_message("not allowed")
                    .build()
                    .expect("fields set"),
            )
            .build()
            .expect("fields set");
        let gap = scanning(&failed, "111122223333").expect_err("failed row");
        assert!(gap.message.contains("not allowed"), "{}", gap.message);
    }
}
