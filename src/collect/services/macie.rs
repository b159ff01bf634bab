//! Amazon Macie: whether it is on in the region and, if so, whether automated sensitive data
//! discovery is.

use aws_config::SdkConfig;
use aws_sdk_macie2::Client;
use aws_sdk_macie2::error::ProvideErrorMetadata;

use crate::collect::{describe, record};
use crate::inventory::Gap;
use crate::inventory::services::Macie;

const SESSION_CALL: &str = "macie2:GetMacieSession";

/// `None` when Macie is not enabled: GetMacieSession then answers AccessDeniedException saying
/// so (told apart from a real permission error by its message), or, as moto does after
/// DisableMacie, ResourceNotFoundException for the missing session.
pub async fn collect(config: &SdkConfig) -> Result<Option<Macie>, Gap> {
    let client = Client::new(config);
    let session = match client.get_macie_session().send().await {
        Ok(session) => session,
        Err(error) => {
            let not_enabled = match error.code() {
                Some("ResourceNotFoundException") => true,
                Some("AccessDeniedException") => error
                    .message()
                    .is_some_and(|message| message.contains("not enabled")),
                _ => false,
            };
            if not_enabled {
                return Ok(None);
            }
            return Err(Gap::new(SESSION_CALL, describe(&error)));
        }
    };
    let discovery = client.get_automated_discovery_configuration().send().await;
    Ok(Some(Macie {
        status: session
            .status()
            .map(|status| status.as_str().to_string())
            .unwrap_or_default(),
        automated_discovery: record("macie2:GetAutomatedDiscoveryConfiguration", discovery).map(
            |output| {
                output
                    .status()
                    .map(|status| status.as_str().to_string())
                    .unwrap_or_default()
            },
        ),
    }))
}
