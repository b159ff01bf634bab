//! The shared-responsibility map of an audited account: for each service in use, what AWS secures
//! (inherited, never a failure), what both sides share, what the customer secures, and how the
//! customer's side fared in this audit.

use serde::Serialize;

use crate::check::ServiceModel;
use crate::finding::StatusCounts;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceResponsibility {
    pub service: String,
    pub model: ServiceModel,
    pub aws: Vec<String>,
    pub shared: Vec<String>,
    pub customer: Vec<String>,
    /// Findings of this audit for the service's customer and shared checks.
    pub customer_status: StatusCounts,
}
