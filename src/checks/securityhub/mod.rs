//! Security Hub checks.

crate::service_checks! {
    hub_enabled::HubEnabled,
}
