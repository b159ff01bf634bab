//! AWS Shield Advanced: the account's subscription and the resources its protections cover,
//! collected once for the account (a global service).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Collected, Gap};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShieldAdvanced {
    /// The subscription (`shield:DescribeSubscription`); `None` when the account has none.
    pub subscription: Collected<Option<ShieldSubscription>>,
    /// The ARNs of the resources a protection covers (`shield:ListProtections`).
    pub protected_resources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShieldSubscription {
    pub start_time: Option<DateTime<Utc>>,
    /// When the commitment ends; `None` while it runs on.
    pub end_time: Option<DateTime<Utc>>,
}

impl ShieldAdvanced {
    /// Whether a subscription was in force at `at`.
    pub fn active_at(&self, at: DateTime<Utc>) -> Result<bool, Gap> {
        Ok(self
            .subscription
            .get()?
            .as_ref()
            .is_some_and(|s| s.end_time.is_none_or(|end| end > at)))
    }
}
