//! Two questions checks ask of a parsed policy: does it grant full admin, does it insist on TLS.

use super::{PolicyDocument, Principal, Statement};

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
