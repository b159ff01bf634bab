//! Account Management checks: settings of the account itself rather than of a service in it.

crate::service_checks! {
    security_contact_registered::SecurityContactRegistered,
}
