//! The questions checks ask of a parsed policy: does it grant full admin, is it open to the public,
//! does it insist on TLS.

use ipnet::IpNet;

use super::{Condition, PolicyDocument, Principal, Statement};

/// A statement granting every action on every resource, not cancelled by an unconditional Deny of
/// the same in the same document.
pub fn grants_full_admin(document: &PolicyDocument) -> bool {
    let full = |statement: &&Statement| {
        statement.covers_every_action_of("*") && statement.covers_every_resource()
    };
    let cancelled = document
        .denies()
        .filter(|s| s.conditions.is_empty())
        .any(|s| full(&s));
    !cancelled && document.allows().any(|s| full(&s))
}

/// Condition keys whose fixed values tie a statement to known sources or principals. A statement
/// granting to everyone under one of these is not public, following S3's definition of "public"
/// (the Block Public Access documentation lists them), plus the principal keys that pin the caller.
const PINNING_KEYS: &[&str] = &[
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:userid",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
];

/// IPv4 ranges broader than this (and IPv6 broader than /32) are as good as the internet.
const NARROWEST_PUBLIC_IPV4_PREFIX: u8 = 8;
const NARROWEST_PUBLIC_IPV6_PREFIX: u8 = 32;

/// The Allow statements that grant to anyone with no condition pinning them to known sources.
pub fn public_statements(document: &PolicyDocument) -> Vec<&Statement> {
    document
        .allows()
        .filter(|statement| statement.applies_to_everyone())
        .filter(|statement| !statement.conditions.iter().any(pins_to_known_source))
        .collect()
}

/// Whether one condition restricts the request to fixed, known values. Conditions are ANDed, so one
/// such condition is enough. `...IfExists` operators and negations do not pin: a request without the
/// key, or from anywhere else, still passes them.
fn pins_to_known_source(condition: &Condition) -> bool {
    let key = condition.key.to_ascii_lowercase();
    if !PINNING_KEYS.contains(&key.as_str()) || condition.values.is_empty() {
        return false;
    }
    // A policy variable such as ${aws:username} is filled from the request: not a fixed value.
    if condition.values.iter().any(|value| value.contains("${")) {
        return false;
    }
    let operator = condition
        .operator
        .strip_prefix("ForAnyValue:")
        .unwrap_or(&condition.operator);
    match operator {
        "StringEquals" | "StringEqualsIgnoreCase" | "ArnEquals" => true,
        "StringLike" | "ArnLike" => condition.values.iter().all(|v| !v.contains(['*', '?'])),
        "IpAddress" => condition.values.iter().all(|cidr| is_narrow_range(cidr)),
        _ => false,
    }
}

fn is_narrow_range(cidr: &str) -> bool {
    let parsed = cidr
        .parse::<IpNet>()
        .or_else(|_| cidr.parse::<std::net::IpAddr>().map(IpNet::from));
    match parsed {
        Ok(IpNet::V4(net)) => net.prefix_len() >= NARROWEST_PUBLIC_IPV4_PREFIX,
        Ok(IpNet::V6(net)) => net.prefix_len() >= NARROWEST_PUBLIC_IPV6_PREFIX,
        Err(_) => false,
    }
}

/// A bucket policy that denies every S3 request made without TLS: `Deny` to everyone, on all S3
/// actions, when `aws:SecureTransport` is false.
pub fn is_tls_only(document: &PolicyDocument) -> bool {
    document.denies().any(|statement| {
        // Not NotPrincipal: a Deny that exempts principals leaves them free to use plain HTTP.
        statement
            .principal
            .as_ref()
            .is_some_and(Principal::includes_everyone)
            && statement.covers_every_action_of("s3")
            && statement.conditions.iter().any(|c| {
                matches!(c.operator.as_str(), "Bool" | "BoolIfExists")
                    && c.key.eq_ignore_ascii_case("aws:SecureTransport")
                    && c.values.iter().any(|v| v.eq_ignore_ascii_case("false"))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn doc(statements: Value) -> PolicyDocument {
        PolicyDocument::parse(&json!({"Version": "2012-10-17", "Statement": statements}))
            .expect("parses")
    }

    #[test]
    fn full_admin_is_every_action_on_every_resource() {
        assert!(grants_full_admin(&doc(
            json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}])
        )));
        assert!(grants_full_admin(&doc(
            json!([{"Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": ["*"]}])
        )));
        assert!(grants_full_admin(&doc(
            json!({"Effect": "Allow", "Action": "*:*", "Resource": "*"})
        )));
    }

    #[test]
    fn service_wide_or_scoped_grants_are_not_full_admin() {
        assert!(!grants_full_admin(&doc(
            json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}])
        )));
        assert!(!grants_full_admin(&doc(
            json!([{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}])
        )));
        assert!(!grants_full_admin(&doc(
            json!([{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}])
        )));
        assert!(!grants_full_admin(&doc(
            json!([{"Effect": "Deny", "Action": "*", "Resource": "*"}])
        )));
    }

    #[test]
    fn an_unconditional_deny_of_everything_cancels_full_admin() {
        let statements = json!([
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*"}
        ]);
        assert!(!grants_full_admin(&doc(statements)));
        let conditional_deny = json!([
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
        ]);
        assert!(grants_full_admin(&doc(conditional_deny)));
    }

    fn public_with(condition: Value) -> bool {
        !public_statements(&doc(json!([{
            "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b/*", "Condition": condition
        }])))
        .is_empty()
    }

    #[test]
    fn a_fixed_source_condition_pins_a_public_principal() {
        assert!(!public_with(
            json!({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})
        ));
        assert!(!public_with(
            json!({"StringEquals": {"AWS:PrincipalOrgID": ["o-abc123"]}})
        ));
        assert!(!public_with(
            json!({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.7"]}})
        ));
        assert!(!public_with(
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/E1"}})
        ));
    }

    #[test]
    fn s3_access_point_and_caller_keys_pin_too() {
        assert!(!public_with(
            json!({"StringEquals": {"s3:DataAccessPointAccount": "111122223333"}})
        ));
        assert!(!public_with(
            json!({"ArnEquals": {"s3:DataAccessPointArn": "arn:aws:s3:us-east-1:111122223333:accesspoint/ap"}})
        ));
        assert!(!public_with(
            json!({"StringEquals": {"aws:userid": "AIDAEXAMPLE"}})
        ));
        assert!(public_with(
            json!({"StringLike": {"aws:userid": "AROAEXAMPLE:*"}})
        ));
        assert!(public_with(
            json!({"StringEquals": {"aws:userid": "${aws:userid}"}})
        ));
    }

    #[test]
    fn conditions_that_do_not_pin_leave_it_public() {
        assert!(public_with(json!({})));
        assert!(public_with(
            json!({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})
        ));
        assert!(public_with(
            json!({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "0.0.0.0/1"]}})
        ));
        assert!(public_with(
            json!({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}})
        ));
        assert!(public_with(
            json!({"StringLike": {"aws:SourceVpce": "vpce-*"}})
        ));
        assert!(public_with(
            json!({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}})
        ));
        assert!(public_with(
            json!({"Bool": {"aws:SecureTransport": "true"}})
        ));
        assert!(public_with(
            json!({"StringEquals": {"s3:prefix": "public/"}})
        ));
    }

    #[test]
    fn not_principal_with_allow_is_public_and_named_principals_are_not() {
        let not_principal = doc(
            json!([{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"}]),
        );
        assert_eq!(public_statements(&not_principal).len(), 1);
        let named = doc(
            json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"}]),
        );
        assert!(public_statements(&named).is_empty());
        let public_deny =
            doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]));
        assert!(public_statements(&public_deny).is_empty());
    }

    #[test]
    fn tls_only_needs_a_deny_on_all_s3_actions_without_secure_transport() {
        let tls = |action: &str, principal: Value, value: Value| {
            is_tls_only(&doc(json!([{
                "Effect": "Deny", "Principal": principal, "Action": action, "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
                "Condition": {"Bool": {"aws:SecureTransport": value}}
            }])))
        };
        assert!(tls("s3:*", json!("*"), json!("false")));
        assert!(tls("*", json!({"AWS": "*"}), json!(false)));
        assert!(
            !tls("s3:GetObject", json!("*"), json!("false")),
            "one action is not all of S3"
        );
        assert!(!tls("s3:*", json!("*"), json!("true")));
        assert!(!tls(
            "s3:*",
            json!({"AWS": "arn:aws:iam::111122223333:root"}),
            json!("false")
        ));
        let exempting = doc(json!([{
            "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/legacy"}, "Action": "s3:*",
            "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}
        }]));
        assert!(
            !is_tls_only(&exempting),
            "the exempted principal may still use HTTP"
        );
    }
}
