//! Which accounts a run audits: an organization's (discovered through AWS Organizations), a
//! manifest's (for teams without Organizations access), and the stable share of them that one
//! shard of a larger run takes.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::inventory::organization::OrgAccount;
use crate::output::fnv1a64;

/// One account to audit, as a manifest line states it. `role_arn` or `role_name` says how to enter
/// it (neither: the run's `--role-name`); the rest is context carried onto its findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    pub account_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Regions to audit in this account; empty: the run's regions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Root/Workloads/Prod`, as discovery found it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ou_path: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

impl ManifestEntry {
    /// The manifest line for a discovered account, entered through `role_name` when one is given.
    pub fn discovered(account: OrgAccount, role_name: Option<&str>) -> ManifestEntry {
        ManifestEntry {
            account_id: account.id,
            role_arn: None,
            role_name: role_name.map(str::to_string),
            external_id: None,
            regions: Vec::new(),
            name: account.name,
            ou_path: account.ou_path,
            tags: account.tags,
        }
    }
}

/// A manifest that cannot be used, with the file and, where one is to blame, the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ManifestError {
    pub path: String,
    pub line: Option<usize>,
    pub problem: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.problem),
            None => write!(f, "{}: {}", self.path, self.problem),
        }
    }
}

/// The columns a CSV manifest may have; `regions` holds names separated by spaces or `;`.
const CSV_COLUMNS: &[&str] = &[
    "account_id",
    "role_arn",
    "role_name",
    "external_id",
    "regions",
    "name",
];

/// Reads a manifest: JSON Lines (one object per line; blank lines and `#` comments skipped), or CSV
/// with a header row when the file is named `.csv`.
pub fn load_manifest(path: &Path) -> Result<Vec<ManifestEntry>, ManifestError> {
    let text = std::fs::read_to_string(path).map_err(|error| ManifestError {
        path: path.display().to_string(),
        line: None,
        problem: format!("cannot read it: {error}"),
    })?;
    let is_csv = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
    parse_manifest(&text, &path.display().to_string(), is_csv)
}

pub fn parse_manifest(
    text: &str,
    origin: &str,
    is_csv: bool,
) -> Result<Vec<ManifestEntry>, ManifestError> {
    let error = |line: Option<usize>, problem: String| ManifestError {
        path: origin.to_string(),
        line,
        problem,
    };
    let entries = if is_csv {
        parse_csv(text).map_err(|(line, problem)| error(line, problem))?
    } else {
        parse_json_lines(text).map_err(|(line, problem)| error(Some(line), problem))?
    };
    if entries.is_empty() {
        return Err(error(None, "lists no account".to_string()));
    }
    let mut first_seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (line, entry) in &entries {
        validate(entry).map_err(|problem| error(Some(*line), problem))?;
        if let Some(earlier) = first_seen.insert(&entry.account_id, *line) {
            return Err(error(
                Some(*line),
                format!(
                    "account {} is listed twice (first on line {earlier})",
                    entry.account_id
                ),
            ));
        }
    }
    Ok(entries.into_iter().map(|(_, entry)| entry).collect())
}

type Located = Vec<(usize, ManifestEntry)>;

fn parse_json_lines(text: &str) -> Result<Located, (usize, String)> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let entry = serde_json::from_str::<ManifestEntry>(trimmed)
            .map_err(|error| (index + 1, format!("not a manifest entry: {error}")))?;
        entries.push((index + 1, entry));
    }
    Ok(entries)
}

fn parse_csv(text: &str) -> Result<Located, (Option<usize>, String)> {
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|error| (Some(1), format!("unreadable header: {error}")))?
        .iter()
        .map(str::to_string)
        .collect();
    if let Some(unknown) = header.iter().find(|c| !CSV_COLUMNS.contains(&c.as_str())) {
        return Err((
            Some(1),
            format!(
                "unknown column '{unknown}' (expected {})",
                CSV_COLUMNS.join(", ")
            ),
        ));
    }
    if !header.iter().any(|c| c == "account_id") {
        return Err((Some(1), "the header has no account_id column".to_string()));
    }
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| {
            let line = error
                .position()
                .and_then(|p| usize::try_from(p.line()).ok());
            (line, format!("unreadable row: {error}"))
        })?;
        let line = record
            .position()
            .and_then(|p| usize::try_from(p.line()).ok());
        let field = |name: &str| -> Option<String> {
            let index = header.iter().position(|c| c == name)?;
            record
                .get(index)
                .filter(|value| !value.is_empty())
                .map(str::to_string)
        };
        let entry = ManifestEntry {
            account_id: field("account_id").unwrap_or_default(),
            role_arn: field("role_arn"),
            role_name: field("role_name"),
            external_id: field("external_id"),
            regions: field("regions")
                .map(|regions| {
                    regions
                        .split([';', ' '])
                        .filter(|r| !r.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            name: field("name"),
            ou_path: String::new(),
            tags: BTreeMap::new(),
        };
        entries.push((line.unwrap_or(0), entry));
    }
    Ok(entries)
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn validate(entry: &ManifestEntry) -> Result<(), String> {
    let id = &entry.account_id;
    if !is_account_id(id) {
        return Err(format!(
            "account_id '{id}' is not a 12-digit AWS account id"
        ));
    }
    if entry.role_arn.is_some() && entry.role_name.is_some() {
        return Err(format!(
            "account {id} names both role_arn and role_name; give one"
        ));
    }
    if let Some(arn) = &entry.role_arn {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let is_role = parts.len() == 6
            && parts[0] == "arn"
            && parts[2] == "iam"
            && parts[5].starts_with("role/");
        if !is_role {
            return Err(format!("role_arn '{arn}' is not an IAM role ARN"));
        }
        if parts[4] != id {
            return Err(format!(
                "role_arn '{arn}' is in account {}, not {id}",
                parts[4]
            ));
        }
    }
    if let Some(bad) = entry
        .regions
        .iter()
        .find(|region| !crate::collect::looks_like_region(region))
    {
        return Err(format!(
            "region '{bad}' of account {id} is not a region name such as us-east-1"
        ));
    }
    Ok(())
}

/// Writes a manifest as JSON Lines, one account per line.
pub fn to_json_lines(entries: &[ManifestEntry]) -> Result<String, serde_json::Error> {
    let mut text = String::new();
    for entry in entries {
        text.push_str(&serde_json::to_string(entry)?);
        text.push('\n');
    }
    Ok(text)
}

/// One shard of a run split across `count` workers: it audits the accounts whose id hashes to
/// `index`. The hash is of the account id alone, so a retried shard audits the same accounts and
/// the shards together audit each account exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    pub fn holds(self, account_id: &str) -> bool {
        fnv1a64(account_id.as_bytes()) % u64::from(self.count) == u64::from(self.index)
    }

    /// The shard a job runner assigned, when `--shard` was not given: AWS Batch array jobs set
    /// `AWS_BATCH_JOB_ARRAY_INDEX`, Kubernetes Indexed Jobs `JOB_COMPLETION_INDEX`; the count comes
    /// from `count` (a flag) or `POSTURE_SHARD_COUNT`.
    pub fn from_environment(
        count: Option<u32>,
        variable: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Shard>, String> {
        let index = ["AWS_BATCH_JOB_ARRAY_INDEX", "JOB_COMPLETION_INDEX"]
            .into_iter()
            .find_map(|name| variable(name).map(|value| (name, value)));
        let Some((name, index)) = index else {
            return Ok(None);
        };
        let index: u32 = index
            .trim()
            .parse()
            .map_err(|_| format!("{name}='{index}' is not a shard index"))?;
        let count = match count {
            Some(count) => count,
            None => {
                let text = variable("POSTURE_SHARD_COUNT").ok_or_else(|| {
                    format!(
                        "{name} is set, so this is one shard of a larger run: give the number \
                         of shards with --shard-count or POSTURE_SHARD_COUNT"
                    )
                })?;
                text.trim()
                    .parse()
                    .map_err(|_| format!("POSTURE_SHARD_COUNT='{text}' is not a number"))?
            }
        };
        Shard::new(index, count).map(Some)
    }

    fn new(index: u32, count: u32) -> Result<Shard, String> {
        if count == 0 || index >= count {
            return Err(format!(
                "shard {index}/{count} does not exist: the index runs from 0 to the count minus one"
            ));
        }
        Ok(Shard { index, count })
    }
}

impl FromStr for Shard {
    type Err = String;

    /// `I/N`, I from 0 to N-1, as AWS Batch and Kubernetes number their tasks.
    fn from_str(text: &str) -> Result<Shard, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("shard '{text}' is not I/N (e.g. 0/4)"))?;
        let number = |part: &str| {
            part.trim()
                .parse::<u32>()
                .map_err(|_| format!("shard '{text}' is not I/N (e.g. 0/4)"))
        };
        Shard::new(number(index)?, number(count)?)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<ManifestEntry>, ManifestError> {
        parse_manifest(text, "accounts.jsonl", false)
    }

    #[test]
    fn json_lines_manifests_read_every_field_and_skip_comments() {
        let entries = parse(
            "# the audit plan\n\
             {\"account_id\": \"111122223333\", \"role_name\": \"audit\", \"regions\": [\"eu-west-1\"], \"name\": \"prod\"}\n\
             \n\
             {\"account_id\": \"444455556666\", \"role_arn\": \"arn:aws:iam::444455556666:role/x\", \"external_id\": \"e\"}\n",
        )
        .expect("valid");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].role_name.as_deref(), Some("audit"));
        assert_eq!(entries[0].regions, vec!["eu-west-1"]);
        assert_eq!(entries[1].external_id.as_deref(), Some("e"));
    }

    #[test]
    fn csv_manifests_are_accepted_with_a_header() {
        let entries = parse_manifest(
            "account_id,role_name,regions,name\n111122223333,audit,us-east-1;eu-west-1,prod\n444455556666,,,\n",
            "accounts.csv",
            true,
        )
        .expect("valid");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].regions, vec!["us-east-1", "eu-west-1"]);
        assert_eq!(entries[1].role_name, None);
        let unknown = parse_manifest("account,role\n1,2\n", "a.csv", true).expect_err("bad");
        assert_eq!(unknown.line, Some(1));
        assert!(unknown.to_string().contains("unknown column 'account'"));
    }

    #[test]
    fn bad_lines_are_named_by_file_and_line() {
        let cases = [
            ("{\"account_id\": \"12\"}", 1, "not a 12-digit"),
            (
                "\n{\"account_id\": \"111122223333\", \"email\": \"x\"}",
                2,
                "unknown field",
            ),
            (
                "{\"account_id\": \"111122223333\", \"role_arn\": \"arn:aws:iam::999999999999:role/a\"}",
                1,
                "is in account 999999999999",
            ),
            (
                "{\"account_id\": \"111122223333\", \"role_arn\": \"arn:aws:iam::111122223333:role/a\", \"role_name\": \"a\"}",
                1,
                "both role_arn and role_name",
            ),
            (
                "{\"account_id\": \"111122223333\", \"regions\": [\"Mars\"]}",
                1,
                "not a region name",
            ),
            (
                "{\"account_id\": \"111122223333\"}\n{\"account_id\": \"111122223333\"}",
                2,
                "listed twice (first on line 1)",
            ),
            ("not json", 1, "not a manifest entry"),
        ];
        for (text, line, problem) in cases {
            let error = parse(text).expect_err(text);
            assert_eq!(error.line, Some(line), "{text}");
            assert!(error.to_string().contains(problem), "{error}");
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("accounts.jsonl:{line}: "))
            );
        }
        assert!(
            parse("# nothing\n")
                .expect_err("empty")
                .to_string()
                .contains("lists no account")
        );
    }

    #[test]
    fn written_manifests_read_back_the_same() {
        let discovered = OrgAccount {
            id: "111122223333".into(),
            name: Some("prod".into()),
            ou_path: "Root/Workloads".into(),
            tags: [("team".to_string(), "web".to_string())]
                .into_iter()
                .collect(),
        };
        let entries = vec![ManifestEntry::discovered(discovered, Some("audit"))];
        let text = to_json_lines(&entries).expect("serialises");
        assert!(!text.contains("email"));
        assert_eq!(parse(&text).expect("valid"), entries);
    }

    #[test]
    fn shards_split_accounts_exactly_once_and_stably() {
        let ids: Vec<String> = (0..200)
            .map(|n| format!("{:012}", 100_000_000_000_u64 + n))
            .collect();
        let count = 7;
        for id in &ids {
            let holders = (0..count)
                .filter(|index| {
                    Shard {
                        index: *index,
                        count,
                    }
                    .holds(id)
                })
                .count();
            assert_eq!(holders, 1, "{id}");
        }
        // Every shard gets a share: the hash spreads ids.
        for index in 0..count {
            assert!(ids.iter().any(|id| Shard { index, count }.holds(id)));
        }
        assert_eq!("2/7".parse::<Shard>(), Ok(Shard { index: 2, count: 7 }));
    }

    #[test]
    fn shard_text_and_environment_are_checked() {
        for bad in ["7/7", "1", "a/b", "0/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        assert_eq!(Shard::from_environment(None, env(&[])), Ok(None));
        assert_eq!(
            Shard::from_environment(
                None,
                env(&[
                    ("AWS_BATCH_JOB_ARRAY_INDEX", "3"),
                    ("POSTURE_SHARD_COUNT", "4")
                ])
            ),
            Ok(Some(Shard { index: 3, count: 4 }))
        );
        assert_eq!(
            Shard::from_environment(Some(5), env(&[("JOB_COMPLETION_INDEX", "4")])),
            Ok(Some(Shard { index: 4, count: 5 }))
        );
        let missing = Shard::from_environment(None, env(&[("JOB_COMPLETION_INDEX", "1")]));
        assert!(
            missing
                .expect_err("no count")
                .contains("POSTURE_SHARD_COUNT")
        );
    }
}
