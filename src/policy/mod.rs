//! IAM policy documents: parse the JSON grammar (with its one-or-many and string-or-object forms),
//! and answer the questions checks ask of it: who a policy lets in ([`analyse`]), whether it grants
//! full admin or insists on TLS. Shared by the IAM, S3, Lambda and other resource-policy checks.

mod analysis;
mod reach;
#[cfg(test)]
mod reach_cases;

pub use analysis::{grants_full_admin, is_tls_only};
pub use reach::{Grant, Reach, UnpinnedService, analyse};

use std::collections::BTreeMap;

use serde_json::Value;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PolicyError {
    #[error("policy document is not JSON: {0}")]
    NotJson(String),
    #[error("policy document is malformed: {0}")]
    Malformed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// Who a statement applies to. `Everyone` is the bare `"*"`; `ByType` maps `AWS`, `Service`,
/// `Federated` or `CanonicalUser` to their values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Everyone,
    ByType(BTreeMap<String, Vec<String>>),
}

impl Principal {
    /// `"*"` and `{"AWS": "*"}` both mean anyone at all, signed or anonymous.
    pub fn includes_everyone(&self) -> bool {
        match self {
            Principal::Everyone => true,
            Principal::ByType(by_type) => by_type.iter().any(|(kind, values)| {
                kind.eq_ignore_ascii_case("AWS") && values.iter().any(|v| v == "*")
            }),
        }
    }
}

/// One `Condition` entry: an operator such as `StringEquals`, a key, and the values it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<Principal>,
    pub not_principal: Option<Principal>,
    pub action: Option<Vec<String>>,
    pub not_action: Option<Vec<String>>,
    pub resource: Option<Vec<String>>,
    pub not_resource: Option<Vec<String>>,
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDocument {
    pub statements: Vec<Statement>,
}

/// IAM action and resource wildcards: `*` and `?`, matched without regard to case.
pub fn wildcard_matches(pattern: &str, value: &str) -> bool {
    wildmatch::WildMatch::new_case_insensitive(pattern).matches(value)
}

impl Statement {
    /// Whether the statement's action element covers `action` (Action matches, or NotAction does not).
    pub fn covers_action(&self, action: &str) -> bool {
        match (&self.action, &self.not_action) {
            (Some(patterns), _) => patterns.iter().any(|p| wildcard_matches(p, action)),
            (None, Some(excluded)) => !excluded.iter().any(|p| wildcard_matches(p, action)),
            (None, None) => false,
        }
    }

    /// Whether an `Action` pattern is itself a wildcard over every action of `service` (or all).
    pub fn covers_every_action_of(&self, service: &str) -> bool {
        let service_wide = format!("{service}:*");
        self.action.as_ref().is_some_and(|patterns| {
            patterns
                .iter()
                .any(|p| p == "*" || p == "*:*" || p.eq_ignore_ascii_case(&service_wide))
        })
    }

    /// `Resource: "*"`: every resource, not a pattern that happens to be broad.
    pub fn covers_every_resource(&self) -> bool {
        self.resource
            .as_ref()
            .is_some_and(|resources| resources.iter().any(|r| r == "*"))
    }

    pub fn applies_to_everyone(&self) -> bool {
        // An Allow with NotPrincipal grants to everyone except the named principals.
        self.principal
            .as_ref()
            .is_some_and(Principal::includes_everyone)
            || self.not_principal.is_some()
    }
}

/// Parses a document as AWS returns it: JSON text, or URL-encoded JSON text (as IAM returns it).
pub fn parse_document_text(text: &str) -> Result<Value, PolicyError> {
    serde_json::from_str(text).or_else(|first_error| {
        let decoded = percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .map_err(|_| PolicyError::NotJson(first_error.to_string()))?;
        serde_json::from_str(&decoded).map_err(|error| PolicyError::NotJson(error.to_string()))
    })
}

impl PolicyDocument {
    /// Parses a document; a JSON string is read as the document's text (collectors keep the raw
    /// text of a document that did not parse, and this reports why).
    pub fn parse(value: &Value) -> Result<PolicyDocument, PolicyError> {
        if let Value::String(text) = value {
            let parsed = parse_document_text(text)?;
            if parsed.is_string() {
                return Err(malformed("the document is not a JSON object"));
            }
            return PolicyDocument::parse(&parsed);
        }
        let object = value
            .as_object()
            .ok_or_else(|| malformed("the document is not a JSON object"))?;
        let statements = match object.get("Statement") {
            Some(Value::Array(items)) => items
                .iter()
                .map(parse_statement)
                .collect::<Result<_, _>>()?,
            Some(item @ Value::Object(_)) => vec![parse_statement(item)?],
            Some(_) => return Err(malformed("Statement is neither an object nor a list")),
            None => return Err(malformed("no Statement element")),
        };
        Ok(PolicyDocument { statements })
    }

    pub fn allows(&self) -> impl Iterator<Item = &Statement> {
        self.statements.iter().filter(|s| s.effect == Effect::Allow)
    }

    pub fn denies(&self) -> impl Iterator<Item = &Statement> {
        self.statements.iter().filter(|s| s.effect == Effect::Deny)
    }
}

fn malformed(reason: &str) -> PolicyError {
    PolicyError::Malformed(reason.to_string())
}

fn parse_statement(value: &Value) -> Result<Statement, PolicyError> {
    let object = value
        .as_object()
        .ok_or_else(|| malformed("a statement is not an object"))?;
    let effect = match object.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        Some(other) => return Err(PolicyError::Malformed(format!("unknown Effect '{other}'"))),
        None => return Err(malformed("a statement has no Effect")),
    };
    let statement = Statement {
        sid: object
            .get("Sid")
            .and_then(Value::as_str)
            .map(str::to_string),
        effect,
        principal: object.get("Principal").map(parse_principal).transpose()?,
        not_principal: object
            .get("NotPrincipal")
            .map(parse_principal)
            .transpose()?,
        action: object
            .get("Action")
            .map(|v| string_list(v, "Action"))
            .transpose()?,
        not_action: object
            .get("NotAction")
            .map(|v| string_list(v, "NotAction"))
            .transpose()?,
        resource: object
            .get("Resource")
            .map(|v| string_list(v, "Resource"))
            .transpose()?,
        not_resource: object
            .get("NotResource")
            .map(|v| string_list(v, "NotResource"))
            .transpose()?,
        conditions: object
            .get("Condition")
            .map(parse_conditions)
            .transpose()?
            .unwrap_or_default(),
    };
    if statement.action.is_none() && statement.not_action.is_none() {
        return Err(malformed("a statement has neither Action nor NotAction"));
    }
    Ok(statement)
}

/// The grammar's "one or many": a string or a list of strings. Conditions also allow bools and numbers.
fn string_list(value: &Value, element: &str) -> Result<Vec<String>, PolicyError> {
    let scalar = |item: &Value| match item {
        Value::String(text) => Ok(text.clone()),
        Value::Bool(flag) => Ok(flag.to_string()),
        Value::Number(number) => Ok(number.to_string()),
        _ => Err(PolicyError::Malformed(format!(
            "{element} holds a value that is not a string"
        ))),
    };
    match value {
        Value::Array(items) => items.iter().map(scalar).collect(),
        other => Ok(vec![scalar(other)?]),
    }
}

fn parse_principal(value: &Value) -> Result<Principal, PolicyError> {
    match value {
        Value::String(text) if text == "*" => Ok(Principal::Everyone),
        Value::Object(by_type) => by_type
            .iter()
            .map(|(kind, values)| Ok((kind.clone(), string_list(values, "Principal")?)))
            .collect::<Result<_, _>>()
            .map(Principal::ByType),
        _ => Err(malformed("Principal is neither \"*\" nor an object")),
    }
}

fn parse_conditions(value: &Value) -> Result<Vec<Condition>, PolicyError> {
    let operators = value
        .as_object()
        .ok_or_else(|| malformed("Condition is not an object"))?;
    let mut conditions = Vec::new();
    for (operator, keys) in operators {
        let keys = keys.as_object().ok_or_else(|| {
            PolicyError::Malformed(format!("Condition operator {operator} does not map keys"))
        })?;
        for (key, values) in keys {
            conditions.push(Condition {
                operator: operator.clone(),
                key: key.clone(),
                values: string_list(values, "Condition")?,
            });
        }
    }
    Ok(conditions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statement_may_be_an_object_or_a_list() {
        let single =
            json!({"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}});
        let list = json!({"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"]}]});
        assert_eq!(PolicyDocument::parse(&single), PolicyDocument::parse(&list));
        assert_eq!(
            PolicyDocument::parse(&single).map(|d| d.statements.len()),
            Ok(1)
        );
    }

    #[test]
    fn url_encoded_documents_are_decoded() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        let value = parse_document_text(encoded).expect("decodes");
        assert_eq!(value["Version"], "2012-10-17");
        assert!(matches!(
            parse_document_text("%7Bnot json"),
            Err(PolicyError::NotJson(_))
        ));
    }

    #[test]
    fn a_document_kept_as_text_is_parsed_or_reports_why_not() {
        let text = json!(r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#);
        assert_eq!(
            PolicyDocument::parse(&text).map(|d| d.statements.len()),
            Ok(1)
        );
        assert!(matches!(
            PolicyDocument::parse(&json!("{not json")),
            Err(PolicyError::NotJson(_))
        ));
        assert!(PolicyDocument::parse(&json!(r#""nested""#)).is_err());
    }

    #[test]
    fn malformed_documents_are_errors_not_panics() {
        for bad in [
            json!("a string"),
            json!({"Version": "2012-10-17"}),
            json!({"Statement": 3}),
            json!({"Statement": [{"Effect": "Maybe", "Action": "*"}]}),
            json!({"Statement": [{"Effect": "Allow", "Resource": "*"}]}),
            json!({"Statement": [{"Effect": "Allow", "Action": [{"nested": 1}]}]}),
            json!({"Statement": [{"Effect": "Allow", "Action": "*", "Principal": 7}]}),
            json!({"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"StringEquals": "x"}}]}),
        ] {
            assert!(
                PolicyDocument::parse(&bad).is_err(),
                "{bad} should be rejected"
            );
        }
    }

    #[test]
    fn actions_match_wildcards_case_insensitively() {
        let doc = PolicyDocument::parse(&json!({"Statement": [
            {"Effect": "Allow", "Action": ["S3:Get*", "iam:?istUsers"], "Resource": "*"}
        ]}))
        .expect("parses");
        let statement = &doc.statements[0];
        assert!(statement.covers_action("s3:GetObject"));
        assert!(statement.covers_action("IAM:ListUsers"));
        assert!(!statement.covers_action("s3:PutObject"));
    }

    #[test]
    fn not_action_covers_everything_it_does_not_name() {
        let doc = PolicyDocument::parse(&json!({"Statement": [
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
        ]}))
        .expect("parses");
        let statement = &doc.statements[0];
        assert!(statement.covers_action("s3:DeleteBucket"));
        assert!(!statement.covers_action("iam:CreateUser"));
        assert!(
            !statement.covers_every_action_of("s3"),
            "NotAction is not an Action wildcard"
        );
    }

    #[test]
    fn principal_forms() {
        let parse = |principal: Value| {
            PolicyDocument::parse(&json!({"Statement": [
                {"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject"}
            ]}))
            .expect("parses")
            .statements[0]
                .applies_to_everyone()
        };
        assert!(parse(json!("*")));
        assert!(parse(json!({"AWS": "*"})));
        assert!(parse(
            json!({"AWS": ["arn:aws:iam::111122223333:root", "*"]})
        ));
        assert!(!parse(json!({"AWS": "arn:aws:iam::111122223333:root"})));
        assert!(!parse(json!({"Service": "cloudtrail.amazonaws.com"})));
    }

    #[test]
    fn condition_values_may_be_bools_or_numbers() {
        let doc = PolicyDocument::parse(&json!({"Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
             "Condition": {"Bool": {"aws:SecureTransport": false}, "NumericLessThan": {"s3:TlsVersion": 1.2}}}
        ]}))
        .expect("parses");
        let values: Vec<_> = doc.statements[0]
            .conditions
            .iter()
            .map(|c| c.values[0].as_str())
            .collect();
        assert_eq!(values, vec!["false", "1.2"]);
    }
}
