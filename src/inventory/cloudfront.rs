//! CloudFront distributions, collected once for the account (a global service).

use serde::{Deserialize, Serialize};

use super::Collected;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    pub id: String,
    pub arn: String,
    /// `d111111abcdef8.cloudfront.net`.
    pub domain_name: String,
    /// The distribution's comment, which the console shows as its description.
    pub comment: String,
    /// The distribution's configuration (`cloudfront:GetDistributionConfig`).
    pub settings: Collected<DistributionSettings>,
}

/// What the checks read of a distribution's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionSettings {
    /// Empty when none is set.
    pub default_root_object: String,
    /// Standard (legacy) access logging to S3.
    pub logging_enabled: bool,
    /// The AWS WAF web ACL (an ARN, or a WAF Classic id); empty when none.
    pub web_acl_id: String,
    /// The viewer protocol policy of the default cache behaviour, then of each other behaviour:
    /// `allow-all`, `redirect-to-https` or `https-only`.
    pub viewer_protocol_policies: Vec<String>,
    /// Whether viewers get CloudFront's own `*.cloudfront.net` certificate.
    pub default_certificate: bool,
    /// `sni-only`, `vip` or `static-ip`, for a custom certificate.
    pub ssl_support_method: Option<String>,
    /// The viewer security policy, e.g. `TLSv1.2_2021`.
    pub minimum_protocol_version: Option<String>,
    pub origins: Vec<DistributionOrigin>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionOrigin {
    pub id: String,
    pub domain_name: String,
    /// An S3 REST origin (`S3OriginConfig`); a website endpoint is a custom origin.
    pub s3: bool,
    pub origin_access_control_id: Option<String>,
    /// How CloudFront connects to a custom origin (`CustomOriginConfig`); `None` for an S3 REST
    /// origin, and in snapshots written before it was collected.
    #[serde(default)]
    pub custom: Option<CustomOrigin>,
    /// The viewer protocol policies of the cache behaviours that send requests to this origin,
    /// directly or through an origin group: what `match-viewer` follows.
    #[serde(default)]
    pub viewer_protocol_policies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomOrigin {
    /// `http-only`, `match-viewer` or `https-only`.
    pub protocol_policy: String,
    /// The SSL/TLS protocols CloudFront may use with the origin over HTTPS: `SSLv3`, `TLSv1`,
    /// `TLSv1.1`, `TLSv1.2`.
    pub ssl_protocols: Vec<String>,
}
