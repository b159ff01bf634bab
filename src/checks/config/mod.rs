//! AWS Config checks.

crate::service_checks! {
    recorder_all_resources::RecorderAllResources,
}
