//! What every check is: its catalog metadata (`catalog::CheckMeta`) and a pure evaluator.

use crate::catalog::CheckMeta;
use crate::finding::Finding;
use crate::inventory::s3::S3Facet;
use crate::inventory::{Inventory, Source};

/// Thresholds a user may tune; checks read them instead of hard-coding policy choices.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Root credentials used within this many days fail `iam.root_not_used_recently`.
    pub root_recent_use_days: i64,
    /// Credentials unused for longer than this should be disabled (CIS 1.12 says 45).
    pub unused_credentials_days: i64,
    /// Active access keys older than this should be rotated (CIS 1.14 says 90).
    pub access_key_max_age_days: i64,
    /// TCP ports that should never be reachable from the whole internet.
    pub high_risk_ports: Vec<u16>,
    /// Accounts outside this one that resource and trust policies may grant without a finding
    /// from `iam.external_access_trusted_only` (partners, the organization's other accounts).
    pub trusted_accounts: std::collections::BTreeSet<String>,
    /// Log groups must keep events at least this long (Security Hub CloudWatch.16 says 365).
    pub log_retention_min_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            root_recent_use_days: 30,
            unused_credentials_days: 45,
            access_key_max_age_days: 90,
            // The ports Security Hub's EC2.19 names as high risk.
            high_risk_ports: vec![
                20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000,
                5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300,
            ],
            trusted_accounts: std::collections::BTreeSet::new(),
            log_retention_min_days: 365,
        }
    }
}

/// A registered check: metadata plus a pure function over the inventory. No I/O, no clock.
pub trait Check: Sync + Send {
    fn meta(&self) -> &'static CheckMeta;

    /// The inventory parts `evaluate` reads; override when a check reads beyond its own service.
    fn needs(&self) -> &'static [Source] {
        Source::for_service(&self.meta().service)
    }

    /// The S3 settings `evaluate` reads, when `needs` holds S3: collection calls for these only.
    fn s3_facets(&self) -> &'static [S3Facet] {
        &S3Facet::CHECKS_READ
    }

    fn evaluate(&self, inventory: &Inventory, settings: &Settings) -> Vec<Finding>;
}
