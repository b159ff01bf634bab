//! Amazon Macie: whether it is on in the region and, if so, whether automated sensitive data
//! discovery is.

use crate::collect::calls::{Calls, client};
use crate::inventory::services::Macie;
use crate::inventory::{Collected, Gap};

const SESSION_CALL: &str = "macie2:GetMacieSession";

/// `None` when Macie is not enabled: GetMacieSession then answers AccessDeniedException saying
/// so (told apart from a real permission error by its message), or, as moto does after
/// DisableMacie, ResourceNotFoundException for the missing session.
pub async fn collect(calls: &Calls) -> Result<Option<Macie>, Gap> {
    let client = client!(aws_sdk_macie2, calls);
    let not_enabled = |code: Option<&str>, message: Option<&str>| match code {
        Some("ResourceNotFoundException") => true,
        Some("AccessDeniedException") => message.is_some_and(|text| text.contains("not enabled")),
        _ => false,
    };
    let session = calls
        .call_unless_absent(SESSION_CALL, not_enabled, client.get_macie_session().send())
        .await?;
    let Some(session) = session else {
        return Ok(None);
    };
    let discovery = calls
        .call(
            "macie2:GetAutomatedDiscoveryConfiguration",
            client.get_automated_discovery_configuration().send(),
        )
        .await;
    Ok(Some(Macie {
        status: session
            .status()
            .map(|status| status.as_str().to_string())
            .unwrap_or_default(),
        automated_discovery: Collected::from(discovery).map(|output| {
            output
                .status()
                .map(|status| status.as_str().to_string())
                .unwrap_or_default()
        }),
    }))
}
