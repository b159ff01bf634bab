//! Amazon Macie checks, judged per audited region.

crate::service_checks! {
    automated_discovery_enabled::AutomatedDiscoveryEnabled,
    macie_enabled::MacieEnabled,
}

#[cfg(test)]
pub mod fixtures {
    use crate::check::{Check, Settings};
    use crate::checks::fixtures::regional;
    use crate::finding::Finding;
    use crate::inventory::Collected;
    use crate::inventory::services::Macie;

    pub fn macie(status: &str, discovery: Collected<String>) -> Option<Macie> {
        Some(Macie {
            status: status.into(),
            automated_discovery: discovery,
        })
    }

    pub fn run(check: &dyn Check, macie: Collected<Option<Macie>>) -> Vec<Finding> {
        let inventory = regional(|region| region.services.macie = macie);
        check.evaluate(&inventory, &Settings::default())
    }
}
