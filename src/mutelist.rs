//! Suppressions: rules that mute FAIL and ERROR findings with a reason, optionally until a date.
//!
//! A mutelist is TOML (or YAML, same keys) and is validated as a whole before anything is muted: a
//! malformed file is rejected with the line and the reason, never half-applied. Every check on a rule's
//! values (globs, reason, date) runs while the file is deserialised, so that its error carries the
//! position of the offending value.
//!
//! ```toml
//! [[rules]]
//! check = "s3.bucket_no_public_acl"         # a check id or a glob; "*" for all
//! resource = "arn:aws:s3:::public-site-*"   # optional: glob over the resource id or ARN
//! region = "us-east-1"                      # optional: glob over the region
//! tags = { team = "web" }                   # optional: all must match (values are globs)
//! account = "1234567890*"                   # optional: glob over the finding's account id
//! reason = "static website, reviewed"       # required
//! expires = "2027-01-31"                    # optional: mutes through that day, not after
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use wildmatch::WildMatch;

use crate::finding::{Finding, Status};

/// Why a mutelist was rejected; `Display` is one line, `<path>:<line>: <reason>` when the line is known.
#[derive(Debug, thiserror::Error)]
pub enum MutelistError {
    #[error("{path}: cannot read the mutelist: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}{}: {reason}", line.map(|line| format!(":{line}")).unwrap_or_default())]
    Invalid {
        path: String,
        line: Option<usize>,
        reason: String,
    },
}

/// The rules of one mutelist file, in file order (numbered from 1 in notes).
#[derive(Debug, Clone, Default)]
pub struct Mutelist {
    rules: Vec<Rule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MutelistFile {
    #[serde(default)]
    rules: Vec<Rule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    check: Glob,
    resource: Option<Glob>,
    region: Option<Glob>,
    #[serde(default)]
    tags: BTreeMap<String, Glob>,
    /// The accounts it applies to; a finding that names no account matches only a rule without one.
    account: Option<Glob>,
    reason: Reason,
    expires: Option<Expiry>,
}

impl Rule {
    /// Whether the rule stopped muting: it mutes through its `expires` day, not after.
    fn expired(&self, today: NaiveDate) -> bool {
        self.expires.as_ref().is_some_and(|expiry| expiry.0 < today)
    }

    fn matches(&self, finding: &Finding) -> bool {
        let resource = &finding.resource;
        self.check.matches(&finding.meta.id)
            && self.resource.as_ref().is_none_or(|glob| {
                glob.matches(&resource.id)
                    || resource.arn.as_deref().is_some_and(|arn| glob.matches(arn))
            })
            && self
                .region
                .as_ref()
                .is_none_or(|glob| glob.matches(&resource.region))
            && self.account.as_ref().is_none_or(|glob| {
                finding
                    .account
                    .as_deref()
                    .is_some_and(|account| glob.matches(&account.id))
            })
            && self.tags.iter().all(|(key, glob)| {
                resource
                    .tags
                    .get(key)
                    .is_some_and(|value| glob.matches(value))
            })
    }
}

/// A `*`/`?` wildcard pattern (case-sensitive, like resource ids and ARNs).
#[derive(Debug, Clone)]
struct Glob {
    text: String,
    matcher: WildMatch,
}

impl Glob {
    fn parse(text: &str) -> Result<Glob, String> {
        if text.trim().is_empty() {
            return Err("empty pattern (use \"*\" to match everything)".to_string());
        }
        if let Some(bad) = text.chars().find(|c| matches!(c, '[' | ']' | '{' | '}')) {
            return Err(format!(
                "unsupported glob syntax '{bad}' in \"{text}\": only * and ? are wildcards"
            ));
        }
        Ok(Glob {
            text: text.to_string(),
            matcher: WildMatch::new(text),
        })
    }

    fn matches(&self, value: &str) -> bool {
        self.matcher.matches(value)
    }
}

impl<'de> Deserialize<'de> for Glob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Glob::parse(&text).map_err(de::Error::custom)
    }
}

/// Why a finding is muted: required, and never blank.
#[derive(Debug, Clone)]
struct Reason(String);

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.trim().is_empty() {
            return Err(de::Error::custom("reason must not be empty"));
        }
        Ok(Reason(text.trim().to_string()))
    }
}

/// The last day a rule mutes.
#[derive(Debug, Clone, Copy)]
struct Expiry(NaiveDate);

impl Expiry {
    fn parse(text: &str) -> Result<Expiry, String> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            // chrono accepts unpadded fields; the file format promises exactly YYYY-MM-DD.
            .filter(|date| date.format("%Y-%m-%d").to_string() == text)
            .map(Expiry)
            .ok_or_else(|| format!("invalid expires date \"{text}\": expected YYYY-MM-DD"))
    }
}

impl<'de> Deserialize<'de> for Expiry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ExpiryVisitor;

        impl<'de> Visitor<'de> for ExpiryVisitor {
            type Value = Expiry;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a date \"YYYY-MM-DD\"")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Expiry, E> {
                Expiry::parse(text).map_err(E::custom)
            }

            /// A TOML date literal (`expires = 2027-01-31`, unquoted) arrives as a one-entry map
            /// holding its text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Expiry, A::Error> {
                match map.next_entry::<String, String>()? {
                    Some((_, text)) => Expiry::parse(&text).map_err(de::Error::custom),
                    None => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
                }
            }
        }

        deserializer.deserialize_any(ExpiryVisitor)
    }
}

/// The syntax a mutelist file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

impl Syntax {
    /// YAML for `.yaml`/`.yml`, TOML otherwise.
    pub fn of(path: &Path) -> Syntax {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml") {
            Syntax::Yaml
        } else {
            Syntax::Toml
        }
    }
}

impl Mutelist {
    /// TOML, or YAML when the extension is .yaml/.yml. Unknown keys, a missing reason, a bad date or
    /// glob are errors.
    pub fn load(path: &Path) -> Result<Mutelist, MutelistError> {
        let text = std::fs::read_to_string(path).map_err(|source| MutelistError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Mutelist::parse(&text, Syntax::of(path), path)
    }

    /// Parses a mutelist's text; `origin` names it in errors.
    pub fn parse(text: &str, syntax: Syntax, origin: &Path) -> Result<Mutelist, MutelistError> {
        let invalid = |line: Option<usize>, reason: &str| MutelistError::Invalid {
            path: origin.display().to_string(),
            line,
            reason: one_line(reason),
        };
        let file: MutelistFile = match syntax {
            Syntax::Toml => toml::from_str(text).map_err(|error| {
                let line = error.span().map(|span| line_of(text, span.start));
                invalid(line, error.message())
            })?,
            Syntax::Yaml => serde_yaml_ng::from_str(text).map_err(|error| {
                let line = error.location().map(|location| location.line());
                invalid(line, &strip_yaml_position(&error.to_string()))
            })?,
        };
        Ok(Mutelist { rules: file.rules })
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether a rule needs resource tags: their collection costs a call per bucket.
    pub fn matches_on_tags(&self) -> bool {
        self.rules.iter().any(|rule| !rule.tags.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Mutes matching FAIL and ERROR findings (sets `muted_reason`; PASS is never muted). The first
    /// matching rule gives the reason. Rules whose `expires` is before `today` mute nothing and yield
    /// one note each.
    pub fn apply(&self, findings: &mut [Finding], today: NaiveDate) -> Vec<String> {
        let notes = self
            .rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| rule.expired(today))
            .map(|(index, rule)| {
                let expiry = rule.expires.map(|e| e.0.format("%Y-%m-%d").to_string());
                format!(
                    "mutelist rule {} (check {}) expired on {}; it no longer mutes",
                    index + 1,
                    rule.check.text,
                    expiry.unwrap_or_default()
                )
            })
            .collect();
        let mutable = |finding: &&mut Finding| {
            matches!(finding.status, Status::Fail | Status::Error) && finding.muted_reason.is_none()
        };
        for finding in findings.iter_mut().filter(mutable) {
            let rule = self
                .rules
                .iter()
                .find(|rule| !rule.expired(today) && rule.matches(finding));
            if let Some(rule) = rule {
                finding.muted_reason = Some(rule.reason.0.clone());
            } else if let Some((index, rule)) = self
                .rules
                .iter()
                .enumerate()
                .find(|(_, rule)| rule.expired(today) && rule.matches(finding))
            {
                // The finding itself says its exception lapsed, in every format, not only the notes.
                let expiry = rule.expires.map(|e| e.0.format("%Y-%m-%d").to_string());
                finding.message.push_str(&format!(
                    " (mutelist rule {} expired on {}: no longer muted)",
                    index + 1,
                    expiry.unwrap_or_default()
                ));
            }
        }
        notes
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1
}

/// Parser messages may span lines; a CLI error is one.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// serde_yaml_ng appends " at line L column C"; the line is reported in front instead.
fn strip_yaml_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::output::fixtures;

    fn parse_toml(text: &str) -> Result<Mutelist, MutelistError> {
        Mutelist::parse(text, Syntax::Toml, Path::new("mute.toml"))
    }

    fn error_of(text: &str, syntax: Syntax) -> String {
        let origin = match syntax {
            Syntax::Toml => "mute.toml",
            Syntax::Yaml => "mute.yaml",
        };
        let error =
            Mutelist::parse(text, syntax, Path::new(origin)).expect_err("the mutelist is rejected");
        let message = error.to_string();
        assert!(!message.contains('\n'), "one line: {message}");
        message
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    /// (reported status, check id, resource id, muted reason) of one finding.
    type Row = (Status, String, String, Option<String>);

    /// Applies `text` to the shared fixture findings (none muted yet) and returns a row per finding
    /// plus the notes.
    fn muted_by(text: &str, today: &str) -> (Vec<Row>, Vec<String>) {
        let mutelist = parse_toml(text).expect("valid mutelist");
        let mut findings = fixtures::unmuted_findings();
        let notes = mutelist.apply(&mut findings, date(today));
        let rows = findings
            .iter()
            .map(|f| {
                (
                    f.reported_status(),
                    f.meta.id.clone(),
                    f.resource.id.clone(),
                    f.muted_reason.clone(),
                )
            })
            .collect();
        (rows, notes)
    }

    fn muted_resources(text: &str) -> Vec<String> {
        let (rows, _) = muted_by(text, "2025-01-15");
        rows.into_iter()
            .filter(|(status, ..)| *status == Status::Muted)
            .map(|(_, check, resource, _)| format!("{check} {resource}"))
            .collect()
    }

    #[test]
    fn check_glob_mutes_every_failure_of_matching_checks_but_never_a_pass() {
        let muted = muted_resources("[[rules]]\ncheck = \"s3.*\"\nreason = \"r\"\n");
        assert_eq!(
            muted,
            [
                "s3.bucket_no_public_acl public-site-assets",
                "s3.bucket_no_public_acl public-site-logs",
                "s3.bucket_versioning_enabled private-data",
            ]
        );
        // "*" mutes every FAIL and ERROR, and still no PASS.
        let (rows, _) = muted_by("[[rules]]\ncheck = \"*\"\nreason = \"all\"\n", "2025-01-15");
        assert!(
            rows.iter()
                .all(|(status, ..)| matches!(status, Status::Muted | Status::Pass))
        );
        assert!(rows.iter().any(|(status, ..)| *status == Status::Pass));
    }

    #[test]
    fn resource_glob_matches_the_id_or_the_arn() {
        let by_id = muted_resources(
            "[[rules]]\ncheck = \"*\"\nresource = \"public-site-l*\"\nreason = \"r\"\n",
        );
        assert_eq!(by_id, ["s3.bucket_no_public_acl public-site-logs"]);
        let by_arn = muted_resources(
            "[[rules]]\ncheck = \"*\"\nresource = \"arn:aws:s3:::public-site-*\"\nreason = \"r\"\n",
        );
        assert_eq!(
            by_arn,
            [
                "s3.bucket_no_public_acl public-site-assets",
                "s3.bucket_no_public_acl public-site-logs"
            ]
        );
        // A finding without an ARN is matched by its id alone.
        let no_arn = muted_resources(
            "[[rules]]\ncheck = \"*\"\nresource = \"*/us-east-1\"\nreason = \"r\"\n",
        );
        assert_eq!(
            no_arn,
            ["ssm.instances_patch_compliant 123456789012/us-east-1"]
        );
    }

    #[test]
    fn region_and_tags_narrow_a_rule() {
        let region =
            muted_resources("[[rules]]\ncheck = \"*\"\nregion = \"eu-*\"\nreason = \"r\"\n");
        assert_eq!(region, ["ec2.sg_no_admin_ports_open_ipv4 sg-0ab12cd34"]);
        let tags = muted_resources(
            "[[rules]]\ncheck = \"*\"\ntags = { team = \"web\" }\nreason = \"r\"\n",
        );
        assert_eq!(tags, ["s3.bucket_no_public_acl public-site-assets"]);
        // Every tag must match.
        let both = muted_resources(
            "[[rules]]\ncheck = \"*\"\ntags = { team = \"web\", env = \"prod\" }\nreason = \"r\"\n",
        );
        assert!(both.is_empty(), "{both:?}");
    }

    #[test]
    fn an_account_glob_mutes_only_that_accounts_findings() {
        let mutelist = parse_toml(
            "[[rules]]\ncheck = \"*\"\naccount = \"1111*\"\nreason = \"sandbox accounts\"\n",
        )
        .expect("valid");
        let mut findings = fixtures::unmuted_findings();
        let sandbox = std::sync::Arc::new(crate::inventory::organization::OrgAccount {
            id: "111122223333".into(),
            name: Some("sandbox".into()),
            ou_path: String::new(),
            tags: BTreeMap::new(),
        });
        let prod = std::sync::Arc::new(crate::inventory::organization::OrgAccount {
            id: "444455556666".into(),
            ..(*sandbox).clone()
        });
        let half = findings.len() / 2;
        for (index, finding) in findings.iter_mut().enumerate() {
            // The first half has no account: a rule with `account` never matches it.
            if index >= half {
                finding.account = Some(if index % 2 == 0 {
                    sandbox.clone()
                } else {
                    prod.clone()
                });
            }
        }
        let today = NaiveDate::from_ymd_opt(2025, 1, 15).expect("date");
        mutelist.apply(&mut findings, today);
        let muted_in: BTreeSet<&str> = findings
            .iter()
            .filter(|f| f.muted_reason.is_some())
            .map(|f| f.account_id())
            .collect();
        assert_eq!(muted_in, BTreeSet::from(["111122223333"]));
        assert!(
            findings
                .iter()
                .any(|f| f.account_id() == "111122223333" && f.muted_reason.is_some())
        );
    }

    #[test]
    fn the_first_matching_rule_gives_its_reason_and_errors_can_be_muted() {
        let text = "[[rules]]\ncheck = \"ssm.*\"\nreason = \"patching is tracked elsewhere\"\n\n\
                    [[rules]]\ncheck = \"*\"\nreason = \"catch-all\"\n";
        let (rows, notes) = muted_by(text, "2025-01-15");
        assert!(notes.is_empty());
        let reason = |check: &str| {
            rows.iter()
                .find(|row| row.1 == check)
                .and_then(|row| row.3.clone())
        };
        assert_eq!(
            reason("ssm.instances_patch_compliant").as_deref(),
            Some("patching is tracked elsewhere")
        );
        assert_eq!(reason("iam.root_mfa_enabled").as_deref(), Some("catch-all"));
    }

    #[test]
    fn an_expired_rule_does_not_mute_and_says_so_but_mutes_on_its_last_day() {
        let text = "[[rules]]\ncheck = \"iam.*\"\nreason = \"r\"\nexpires = \"2025-01-14\"\n\n\
                    [[rules]]\ncheck = \"s3.*\"\nresource = \"public-site-assets\"\nreason = \"r\"\nexpires = \"2025-01-15\"\n";
        let (rows, notes) = muted_by(text, "2025-01-15");
        assert_eq!(
            notes,
            ["mutelist rule 1 (check iam.*) expired on 2025-01-14; it no longer mutes"]
        );
        let muted: Vec<&str> = rows
            .iter()
            .filter(|row| row.0 == Status::Muted)
            .map(|row| row.2.as_str())
            .collect();
        assert_eq!(muted, ["public-site-assets"]);
        // The day after, both have expired.
        let (_, notes) = muted_by(text, "2025-01-16");
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn a_finding_whose_only_rule_expired_says_so_itself() {
        let text = "[[rules]]\ncheck = \"iam.*\"\nreason = \"r\"\nexpires = \"2025-01-14\"\n";
        let mutelist = parse_toml(text).expect("valid mutelist");
        let mut findings = fixtures::unmuted_findings();
        mutelist.apply(&mut findings, date("2025-01-15"));
        let lapsed: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                f.meta.id.starts_with("iam.") && matches!(f.status, Status::Fail | Status::Error)
            })
            .collect();
        assert!(!lapsed.is_empty());
        for finding in lapsed {
            assert_eq!(finding.reported_status(), finding.status, "not muted");
            assert!(
                finding
                    .message
                    .ends_with("(mutelist rule 1 expired on 2025-01-14: no longer muted)"),
                "{}",
                finding.message
            );
        }
        let passing = findings.iter().filter(|f| f.status == Status::Pass);
        assert!(passing.into_iter().all(|f| !f.message.contains("mutelist")));
    }

    #[test]
    fn a_toml_date_literal_is_accepted_too() {
        let mutelist =
            parse_toml("[[rules]]\ncheck = \"*\"\nreason = \"r\"\nexpires = 2027-01-31\n")
                .expect("valid");
        assert_eq!(mutelist.len(), 1);
    }

    #[test]
    fn the_yaml_form_works() {
        let text = "rules:\n  - check: \"s3.*\"\n    resource: \"arn:aws:s3:::public-site-*\"\n    \
                    region: us-east-1\n    tags: { team: web }\n    reason: static website\n    expires: 2027-01-31\n";
        let mutelist =
            Mutelist::parse(text, Syntax::Yaml, Path::new("mute.yaml")).expect("valid yaml");
        let mut findings = fixtures::unmuted_findings();
        assert!(mutelist.apply(&mut findings, date("2025-01-15")).is_empty());
        let muted: Vec<(&str, Option<&str>)> = findings
            .iter()
            .filter(|f| f.reported_status() == Status::Muted)
            .map(|f| (f.resource.id.as_str(), f.muted_reason.as_deref()))
            .collect();
        assert_eq!(muted, [("public-site-assets", Some("static website"))]);
    }

    #[test]
    fn the_syntax_follows_the_extension() {
        assert_eq!(Syntax::of(Path::new("a/mute.yml")), Syntax::Yaml);
        assert_eq!(Syntax::of(Path::new("mute.YAML")), Syntax::Yaml);
        assert_eq!(Syntax::of(Path::new("mute.toml")), Syntax::Toml);
        assert_eq!(Syntax::of(Path::new("mutelist")), Syntax::Toml);
    }

    #[test]
    fn malformed_files_are_rejected_with_the_line_and_the_reason() {
        let unknown = error_of(
            "[[rules]]\ncheck = \"*\"\nreason = \"r\"\nchek = \"x\"\n",
            Syntax::Toml,
        );
        assert!(
            unknown.starts_with("mute.toml:4: unknown field `chek`"),
            "{unknown}"
        );

        let missing = error_of(
            "[[rules]]\ncheck = \"*\"\n\n[[rules]]\ncheck = \"a\"\nreason = \"r\"\n",
            Syntax::Toml,
        );
        assert!(
            missing.starts_with("mute.toml:") && missing.contains("missing field `reason`"),
            "{missing}"
        );

        let empty = error_of("[[rules]]\ncheck = \"*\"\nreason = \"  \"\n", Syntax::Toml);
        assert_eq!(empty, "mute.toml:3: reason must not be empty");

        let bad_date = error_of(
            "[[rules]]\ncheck = \"*\"\nreason = \"r\"\nexpires = \"2027-13-01\"\n",
            Syntax::Toml,
        );
        assert_eq!(
            bad_date,
            "mute.toml:4: invalid expires date \"2027-13-01\": expected YYYY-MM-DD"
        );

        let loose_date = error_of(
            "[[rules]]\ncheck = \"*\"\nreason = \"r\"\nexpires = \"2027-1-5\"\n",
            Syntax::Toml,
        );
        assert!(loose_date.contains("expected YYYY-MM-DD"), "{loose_date}");

        let bad_glob = error_of(
            "[[rules]]\ncheck = \"s3.[ab]*\"\nreason = \"r\"\n",
            Syntax::Toml,
        );
        assert!(
            bad_glob.starts_with("mute.toml:2: unsupported glob syntax '['"),
            "{bad_glob}"
        );

        let empty_glob = error_of("[[rules]]\ncheck = \"\"\nreason = \"r\"\n", Syntax::Toml);
        assert!(
            empty_glob.starts_with("mute.toml:2: empty pattern"),
            "{empty_glob}"
        );

        let syntax = error_of("[[rules]]\ncheck = \"*\"\nreason = \"r\n", Syntax::Toml);
        assert!(syntax.starts_with("mute.toml:3: "), "{syntax}");

        let top_level = error_of("[[rule]]\ncheck = \"*\"\nreason = \"r\"\n", Syntax::Toml);
        assert!(
            top_level.starts_with("mute.toml:1: unknown field `rule`"),
            "{top_level}"
        );

        let yaml = error_of(
            "rules:\n  - check: \"*\"\n    reason: r\n    regoin: us-east-1\n",
            Syntax::Yaml,
        );
        assert!(
            yaml.starts_with("mute.yaml:4: ") && yaml.contains("unknown field `regoin`"),
            "{yaml}"
        );
        assert!(!yaml.contains("column"), "{yaml}");

        let yaml_missing = error_of("rules:\n  - check: \"*\"\n", Syntax::Yaml);
        assert!(
            yaml_missing.contains("missing field `reason`"),
            "{yaml_missing}"
        );
    }

    #[test]
    fn an_unreadable_file_is_an_error_naming_it() {
        let error = Mutelist::load(Path::new("/nonexistent/mute.toml")).expect_err("missing file");
        assert!(
            error
                .to_string()
                .starts_with("/nonexistent/mute.toml: cannot read the mutelist: ")
        );
    }

    #[test]
    fn an_empty_file_mutes_nothing() {
        let mutelist = parse_toml("").expect("empty is valid");
        assert!(mutelist.is_empty());
        let mut findings = fixtures::unmuted_findings();
        let before = findings.clone();
        assert!(mutelist.apply(&mut findings, date("2025-01-15")).is_empty());
        assert_eq!(findings, before);
    }

    #[test]
    fn load_reads_toml_and_yaml_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let toml_path = dir.path().join("mute.toml");
        std::fs::write(&toml_path, "[[rules]]\ncheck = \"*\"\nreason = \"r\"\n").expect("write");
        assert_eq!(Mutelist::load(&toml_path).expect("toml").len(), 1);
        let yaml_path = dir.path().join("mute.yml");
        std::fs::write(&yaml_path, "rules:\n  - check: \"*\"\n    reason: r\n").expect("write");
        assert_eq!(Mutelist::load(&yaml_path).expect("yaml").len(), 1);
    }
}
