//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalog::{Owner, Severity};
use crate::compliance::Framework;
use crate::output::Format;
use crate::output::catalog::CatalogFormat;

#[derive(Debug, Parser)]
#[command(
    name = "posture",
    version,
    about = "Audit an AWS account's security posture, and learn who owns each control under the shared responsibility model"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the checks against an account (or a saved snapshot) and report the findings.
    Audit(Box<AuditArgs>),
    /// Only collect the inventory and save it as a snapshot, for offline audits.
    Collect(CollectArgs),
    /// List the registered checks.
    Checks(ChecksArgs),
    /// Print a check's learning card: owner and why, risk, remediation, compliance ids.
    Explain(ExplainArgs),
    /// Map this account's services to the shared responsibility model, with this audit's status.
    Responsibility(ResponsibilityArgs),
    /// A guided tour of this account's findings by topic, or a quiz drawn from them (--quiz).
    Learn(LearnArgs),
    /// The accounts of an organization, for planning, reviewing and splitting a large audit.
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// Combine the JSON reports of shards (`audit --shard I/N`) into one report, then mute, compare
    /// with a baseline, gate and render it centrally.
    Merge(MergeArgs),
}

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// Write the organization's ACTIVE accounts as a manifest (JSON Lines) for `audit --accounts`.
    Discover(DiscoverArgs),
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Only the accounts under this organizational unit (or root) id, searched recursively;
    /// repeatable.
    #[arg(long = "ou", value_name = "ID")]
    pub ous: Vec<String>,
    /// The audit role to name on every line (the role each account is entered through).
    #[arg(long, value_name = "NAME")]
    pub role_name: Option<String>,
    /// Keep only this shard's accounts (I of N, I from 0): a stable split by account id. Without it,
    /// AWS_BATCH_JOB_ARRAY_INDEX or JOB_COMPLETION_INDEX (with --shard-count or
    /// POSTURE_SHARD_COUNT) name the shard when set.
    #[arg(long, value_name = "I/N", value_parser = clap::builder::ValueParser::new(|text: &str| text.parse::<crate::accounts::Shard>()))]
    pub shard: Option<crate::accounts::Shard>,
    /// How many shards the job runner's index counts from.
    #[arg(long, value_name = "N", conflicts_with = "shard")]
    pub shard_count: Option<u32>,
    /// Where to write the manifest.
    #[arg(short = 'o', long, value_name = "MANIFEST")]
    pub output: PathBuf,
}

/// Which account and regions to read. Follows the AWS CLI's conventions and variables.
#[derive(Debug, Clone, Args)]
pub struct TargetArgs {
    /// Named profile from the shared config and credentials files.
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Region to audit; repeat for several (default: the configured region).
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// Audit every region enabled for the account.
    #[arg(long, conflicts_with = "regions")]
    pub all_regions: bool,
    /// Send every AWS call to this endpoint (LocalStack, moto), with path-style S3.
    #[arg(long, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Attempts per AWS call, the first included: throttled and transient failures are retried
    /// with backoff, and a client that is throttled slows down.
    #[arg(
        long,
        default_value_t = crate::collect::DEFAULT_MAX_ATTEMPTS,
        value_parser = clap::value_parser!(u32).range(1..=100),
        value_name = "N"
    )]
    pub max_attempts: u32,
    /// Seconds collection may take in all; calls still pending then become ERROR findings.
    #[arg(
        long,
        default_value_t = crate::collect::DEFAULT_TOTAL_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..=86_400),
        value_name = "SECONDS"
    )]
    pub timeout: u64,
    /// Calls per second allowed to a service ('ec2=10'), one action ('lambda:GetPolicy=5') or
    /// every service the table does not name ('*=20'), per account and region; repeatable. The
    /// defaults are AWS's documented limits (README, "Rate limits").
    #[arg(long = "rate-limit", value_name = "KEY=N")]
    pub rate_limits: Vec<String>,
    /// A TOML file of rate limits (a `[rate_limits]` table of KEY = N), applied before
    /// --rate-limit.
    #[arg(long = "rate-limits", value_name = "FILE")]
    pub rate_limits_file: Option<std::path::PathBuf>,
}

/// Which checks to run.
#[derive(Debug, Clone, Args, Default)]
pub struct SelectArgs {
    /// Run only this check (an id or a glob such as 's3.bucket_*'); repeatable.
    #[arg(long = "check", value_name = "ID")]
    pub checks: Vec<String>,
    /// Run only this service's checks; repeatable.
    #[arg(long = "service", value_name = "SERVICE")]
    pub services: Vec<String>,
    /// Run only checks at or above this severity.
    #[arg(long, value_enum, ignore_case = true, value_name = "LEVEL")]
    pub severity: Option<Severity>,
    /// Run only checks owned by this side of the responsibility line.
    #[arg(long, value_enum, ignore_case = true)]
    pub owner: Option<Owner>,
    /// Run only checks mapped to this framework.
    #[arg(long, value_enum, ignore_case = true)]
    pub compliance: Option<Framework>,
}

/// Thresholds the checks use, for teams whose policy differs from the benchmark's.
#[derive(Debug, Clone, Args)]
pub struct ThresholdArgs {
    /// Root credentials used within this many days fail iam.root_not_used_recently.
    #[arg(long, default_value_t = 30, value_name = "DAYS")]
    pub root_recent_use_days: i64,
    /// Credentials unused for longer than this should be disabled.
    #[arg(long, default_value_t = 45, value_name = "DAYS")]
    pub unused_credentials_days: i64,
    /// Active access keys older than this should be rotated.
    #[arg(long, default_value_t = 90, value_name = "DAYS")]
    pub access_key_max_age_days: i64,
    /// Ports that must not be open to the internet (comma-separated); default: Security Hub's list.
    #[arg(long, value_delimiter = ',', value_name = "PORTS")]
    pub high_risk_ports: Vec<u16>,
    /// CloudWatch log groups must keep events at least this long.
    #[arg(long, default_value_t = 365, value_name = "DAYS")]
    pub log_retention_min_days: i64,
    /// An account that policies may grant access to without an iam.external_access_trusted_only
    /// finding (repeatable, or comma-separated): partners, your organization's other accounts.
    #[arg(long = "trusted-account", value_delimiter = ',', value_name = "ACCOUNT_ID",
          value_parser = account_id)]
    pub trusted_accounts: Vec<String>,
}

/// A 12-digit AWS account id.
fn account_id(text: &str) -> Result<String, String> {
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_string())
    } else {
        Err(format!("'{text}' is not a 12-digit AWS account id"))
    }
}

/// Several accounts in one run: which, how to enter them, and this run's share of them.
#[derive(Debug, Clone, Args, Default)]
pub struct AccountsArgs {
    /// Audit every ACTIVE account of the organization, discovered from the management account (or
    /// a delegated administrator) with organizations:ListAccounts.
    #[arg(long, conflicts_with = "accounts")]
    pub org: bool,
    /// With --org: only the accounts under this OU (or root) id, recursively; repeatable.
    #[arg(long = "ou", value_name = "ID", requires = "org")]
    pub ous: Vec<String>,
    /// Audit the accounts of this manifest (JSON Lines, or CSV when named .csv).
    #[arg(long, value_name = "MANIFEST")]
    pub accounts: Option<PathBuf>,
    /// The audit role to assume in every account that names no role_arn or role_name of its own.
    #[arg(long, value_name = "NAME")]
    pub role_name: Option<String>,
    /// The external id the audit roles' trust policies require (a manifest line may name its own).
    #[arg(long, value_name = "ID")]
    pub external_id: Option<String>,
    /// The session name in the audited accounts' CloudTrail.
    #[arg(long, default_value = "posture", value_name = "NAME")]
    pub role_session_name: String,
    /// Leave this account out (repeatable), the calling account included.
    #[arg(long = "exclude-account", value_name = "ACCOUNT_ID", value_parser = account_id)]
    pub exclude_accounts: Vec<String>,
    /// How many accounts are audited at once; each has its own per-region and per-service bounds.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256), value_name = "N")]
    pub accounts_parallel: u16,
    /// Audit only this shard's accounts (I of N, I from 0): a stable split by account id. Without
    /// it, AWS_BATCH_JOB_ARRAY_INDEX or JOB_COMPLETION_INDEX (with --shard-count or
    /// POSTURE_SHARD_COUNT) name the shard when set.
    #[arg(long, value_name = "I/N", value_parser = clap::builder::ValueParser::new(|text: &str| text.parse::<crate::accounts::Shard>()))]
    pub shard: Option<crate::accounts::Shard>,
    /// How many shards the job runner's index counts from.
    #[arg(long, value_name = "N", conflicts_with = "shard")]
    pub shard_count: Option<u32>,
}

impl AccountsArgs {
    /// Whether the run covers several accounts rather than the calling one.
    pub fn several(&self) -> bool {
        self.org || self.accounts.is_some()
    }
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard reports (`posture-report.json`), or directories holding one.
    #[arg(required = true, value_name = "REPORT|DIR")]
    pub reports: Vec<PathBuf>,
    /// The manifest the shards split: any of its accounts that no shard reported is an ERROR.
    #[arg(long, value_name = "MANIFEST")]
    pub accounts: Option<PathBuf>,
    /// Output format; repeat with --output-dir to write several.
    #[arg(long = "format", value_enum, ignore_case = true, value_name = "FORMAT")]
    pub formats: Vec<Format>,
    /// Write one file per format into this directory.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub output_dir: Option<PathBuf>,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub gate: GateArgs,
    /// Show only findings with these statuses (comma-separated); the exit code still counts all.
    #[arg(long, value_delimiter = ',', value_name = "STATUS")]
    pub status: Vec<crate::finding::Status>,
    /// Print only the summary line (with the table format).
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// List every PASS as a row in the table, instead of one line per check.
    #[arg(short, long)]
    pub verbose: bool,
}

/// What decides the exit code, and the suppressions and baseline it is judged after.
#[derive(Debug, Clone, Args, Default)]
pub struct GateArgs {
    /// Exit 1 when an unmuted FAIL at or above this severity remains.
    #[arg(long, value_enum, ignore_case = true, value_name = "LEVEL")]
    pub fail_on: Option<Severity>,
    /// Also exit 1 when any unmuted check ERRORed (a gap in what was audited).
    #[arg(long)]
    pub fail_on_error: bool,
    /// Gate only on failures that are new against --baseline.
    #[arg(long, requires = "baseline")]
    pub fail_on_new: bool,
    /// A previous JSON report: mark findings new or unchanged and list the resolved ones.
    #[arg(long, value_name = "REPORT")]
    pub baseline: Option<PathBuf>,
    /// Suppressions: a TOML or YAML file of rules, each with a reason.
    #[arg(long, value_name = "FILE")]
    pub mutelist: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub several: AccountsArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    /// Output format; repeat with --output-dir to write several.
    #[arg(long = "format", value_enum, ignore_case = true, value_name = "FORMAT")]
    pub formats: Vec<Format>,
    /// Write one file per format into this directory.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub output_dir: Option<PathBuf>,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub gate: GateArgs,
    /// Audit a saved snapshot instead of calling AWS; a directory that `--save-snapshot DIR` of a
    /// run over several accounts wrote re-audits each of its accounts.
    #[arg(long, value_name = "SNAPSHOT", conflicts_with_all = ["regions", "all_regions", "org", "accounts"])]
    pub from: Option<PathBuf>,
    /// Save the collected inventory to this file (with --org or --accounts: into this directory,
    /// one `<account id>.json` per account and the accounts' index `accounts.json`, which
    /// `--from DIR` re-audits).
    #[arg(long, value_name = "FILE", conflicts_with = "from")]
    pub save_snapshot: Option<PathBuf>,
    /// Show only findings with these statuses (comma-separated); the exit code still counts all.
    #[arg(long, value_delimiter = ',', value_name = "STATUS")]
    pub status: Vec<crate::finding::Status>,
    /// No progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Print only the summary line (with the table format).
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// List every PASS as a row in the table, instead of one line per check.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Where to write the snapshot.
    #[arg(short = 'o', long, value_name = "SNAPSHOT")]
    pub output: PathBuf,
    /// No progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Args)]
pub struct ChecksArgs {
    /// Only this service's checks.
    #[arg(long = "service", value_name = "SERVICE")]
    pub services: Vec<String>,
    /// Show coverage of this framework's recommendations instead of the check list.
    #[arg(long, value_enum, ignore_case = true)]
    pub compliance: Option<Framework>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: CatalogFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The check id, e.g. iam.root_mfa_enabled.
    pub check_id: String,
}

#[derive(Debug, Args)]
pub struct ResponsibilityArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Build the map from a saved snapshot instead of calling AWS.
    #[arg(long, value_name = "SNAPSHOT", conflicts_with_all = ["regions", "all_regions"])]
    pub from: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: CatalogFormat,
    /// No progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuizFormat {
    /// Questions one by one on a terminal; otherwise every question with its answer.
    Text,
    /// `posture.quiz/v1`: the questions, options, answers and explanations, for a teacher.
    Json,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Learn from a saved snapshot instead of calling AWS.
    #[arg(long, value_name = "SNAPSHOT", conflicts_with_all = ["regions", "all_regions"])]
    pub from: Option<PathBuf>,
    /// Multiple-choice questions drawn from this account's findings instead of the tour.
    #[arg(long)]
    pub quiz: bool,
    /// Makes the quiz reproducible: the same seed over the same account asks the same questions.
    #[arg(long, requires = "quiz", value_name = "N")]
    pub seed: Option<u64>,
    /// How many questions to ask.
    #[arg(long, requires = "quiz", default_value_t = 10, value_name = "N")]
    pub questions: usize,
    /// How to give the quiz.
    #[arg(long, requires = "quiz", value_enum, ignore_case = true)]
    pub format: Option<QuizFormat>,
    /// No progress bar.
    #[arg(long)]
    pub no_progress: bool,
}
