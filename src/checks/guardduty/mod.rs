//! GuardDuty checks.

crate::service_checks! {
    detector_enabled::DetectorEnabled,
}
