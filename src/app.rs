//! Orchestration: targets -> collect -> evaluate -> mute -> render -> exit code. The one module that
//! knows every stage; each stage knows only its neighbours.

use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use thiserror::Error;

use crate::accounts::{self, ManifestEntry, Shard};
use crate::baseline::Baseline;
use crate::check::{Check, Settings};
use crate::cli::{
    AccountsCommand, AuditArgs, ChecksArgs, Cli, CollectArgs, Command, DiscoverArgs, GateArgs,
    MergeArgs, ResponsibilityArgs, SelectArgs, TargetArgs, ThresholdArgs,
};
use crate::collect::{self, CallPolicy, Progress, RateLimits, Targeting};
use crate::finding::{Finding, Status};
use crate::inventory::organization::{
    HeldAnalyzer, Holder, OrgAccount, OrganizationAnalyzers, OrganizationGap,
};
use crate::inventory::s3::S3Facet;
use crate::inventory::{AccountInfo, Source, Target};
use crate::inventory::{Collected, CollectionStats, Gap, Inventory, SNAPSHOT_SCHEMA};
use crate::learn;
use crate::mutelist::Mutelist;
use crate::output::catalog::{self, CatalogFormat};
use crate::output::{self, Format, RenderError, RenderOptions};
use crate::policy::wildcard_matches;
use crate::registry;
use crate::report::{AuditedAccount, Report};
use crate::responsibility;
use futures::StreamExt;

/// Exit codes (SPEC): 0 clean, 1 gate failed, 2 bad input, 3 could not audit.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_GATE: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_CANNOT_AUDIT: u8 = 3;
/// `posture merge` refused reports that do not belong to one run (another schema or version, an
/// account in two shards): distinct, so that a pipeline can tell it from a gate or an audit failure.
pub const EXIT_MERGE_CONFLICT: u8 = 4;

#[derive(Debug, Error)]
pub enum AppError {
    /// Bad flags or unreadable input: nothing was audited.
    #[error("{0}")]
    Usage(String),
    /// No credentials, unreachable endpoint, or every check errored.
    #[error("{0}")]
    CannotAudit(String),
    /// The report could not be produced: no empty file stands in for it.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// Shard reports that cannot be merged into one.
    #[error("{0}")]
    MergeConflict(String),
}

impl AppError {
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Usage(_) => EXIT_USAGE,
            AppError::CannotAudit(_) | AppError::Render(_) => EXIT_CANNOT_AUDIT,
            AppError::MergeConflict(_) => EXIT_MERGE_CONFLICT,
        }
    }
}

pub async fn run(cli: Cli) -> Result<u8, AppError> {
    match cli.command {
        Command::Audit(args) => audit(*args).await,
        Command::Collect(args) => collect_only(args).await,
        Command::Checks(args) => list_checks(&args),
        Command::Explain(args) => {
            let check = registry::find(&args.check_id).ok_or_else(|| {
                AppError::Usage(format!(
                    "unknown check '{}' (run `posture checks` for the list)",
                    args.check_id
                ))
            })?;
            print_stdout(&catalog::explain(check.meta()))?;
            Ok(EXIT_CLEAN)
        }
        Command::Responsibility(args) => responsibility_map(args).await,
        Command::Learn(args) => learn(args).await,
        Command::Accounts(AccountsCommand::Discover(args)) => discover_accounts(args).await,
        Command::Merge(args) => merge(args),
    }
}

fn settings(thresholds: &ThresholdArgs) -> Settings {
    let defaults = Settings::default();
    Settings {
        root_recent_use_days: thresholds.root_recent_use_days,
        unused_credentials_days: thresholds.unused_credentials_days,
        access_key_max_age_days: thresholds.access_key_max_age_days,
        high_risk_ports: if thresholds.high_risk_ports.is_empty() {
            defaults.high_risk_ports
        } else {
            thresholds.high_risk_ports.clone()
        },
        trusted_accounts: thresholds.trusted_accounts.iter().cloned().collect(),
        log_retention_min_days: thresholds.log_retention_min_days,
    }
}

/// The checks the selection flags ask for. A name that matches nothing is a usage error, not an
/// empty audit that passes.
pub fn select_checks(select: &SelectArgs) -> Result<Vec<&'static dyn Check>, AppError> {
    let all = registry::all();
    for pattern in &select.checks {
        if !all
            .iter()
            .any(|check| wildcard_matches(pattern, &check.meta().id))
        {
            return Err(AppError::Usage(format!(
                "no check matches '{pattern}' (run `posture checks` for the list)"
            )));
        }
    }
    let services: BTreeSet<&str> = all
        .iter()
        .map(|check| check.meta().service.as_str())
        .collect();
    if let Some(unknown) = select
        .services
        .iter()
        .find(|s| !services.contains(s.as_str()))
    {
        let known = services.into_iter().collect::<Vec<_>>().join(", ");
        return Err(AppError::Usage(format!(
            "unknown service '{unknown}' (known: {known})"
        )));
    }
    let selected: Vec<&'static dyn Check> = all
        .into_iter()
        .filter(|check| {
            let meta = check.meta();
            (select.checks.is_empty()
                || select.checks.iter().any(|p| wildcard_matches(p, &meta.id)))
                && (select.services.is_empty() || select.services.contains(&meta.service))
                && select
                    .severity
                    .is_none_or(|minimum| meta.severity >= minimum)
                && select.owner.is_none_or(|owner| meta.owner == owner)
                && select
                    .compliance
                    .is_none_or(|framework| meta.compliance.contains_key(framework.key()))
        })
        .collect();
    // A gate whose filters select nothing would pass without auditing anything.
    if selected.is_empty() {
        let owner_hint = if select.owner == Some(crate::catalog::Owner::Aws) {
            " (AWS-owned controls are inherited, not audited: see `posture responsibility`)"
        } else {
            ""
        };
        return Err(AppError::Usage(format!(
            "the selection flags match no check{owner_hint}"
        )));
    }
    Ok(selected)
}

/// The S3 settings the checks read; bucket tags too when `tags` (the mutelist matches on them, or
/// the inventory is kept for later).
fn s3_facets_of(checks: &[&'static dyn Check], tags: bool) -> BTreeSet<S3Facet> {
    checks
        .iter()
        .filter(|check| check.needs().contains(&Source::S3))
        .flat_map(|check| check.s3_facets().iter().copied())
        .chain(tags.then_some(S3Facet::Tags))
        .collect()
}

fn sources_of(checks: &[&'static dyn Check]) -> BTreeSet<Source> {
    checks
        .iter()
        .flat_map(|check| check.needs().iter().copied())
        .collect()
}

fn targeting(target: &TargetArgs) -> Result<Targeting, AppError> {
    Ok(Targeting {
        profile: target.profile.clone(),
        regions: target.regions.clone(),
        all_regions: target.all_regions,
        endpoint_url: target.endpoint_url.clone().filter(|url| !url.is_empty()),
        policy: CallPolicy {
            max_attempts: target.max_attempts,
            total: std::time::Duration::from_secs(target.timeout),
            rate_limits: rate_limits(target)?,
        },
    })
}

/// The rate-limit table: the defaults, then the file, then each flag.
fn rate_limits(target: &TargetArgs) -> Result<RateLimits, AppError> {
    let mut limits = RateLimits::default();
    if let Some(path) = &target.rate_limits_file {
        limits.apply_file(path).map_err(AppError::Usage)?;
    }
    for spec in &target.rate_limits {
        limits.apply_flag(spec).map_err(AppError::Usage)?;
    }
    Ok(limits)
}

/// A progress bar on stderr while collecting, only for a person watching a terminal.
struct ProgressBar(Option<indicatif::ProgressBar>);

impl ProgressBar {
    fn new(disabled: bool) -> ProgressBar {
        let wanted =
            !disabled && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        ProgressBar(wanted.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("collecting {bar:30} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        }))
    }
}

impl Progress for ProgressBar {
    fn start(&self, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
        }
    }

    fn done(&self, step: &str) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
            bar.set_message(step.to_string());
        }
    }
}

impl Drop for ProgressBar {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// `posture accounts discover`: the organization's ACTIVE accounts as a manifest.
async fn discover_accounts(args: DiscoverArgs) -> Result<u8, AppError> {
    let session = collect::connect(&targeting(&args.target)?)
        .await
        .map_err(|error| AppError::CannotAudit(error.to_string()))?;
    let accounts = collect::organizations::discover(&session, &args.ous)
        .await
        .map_err(|error| AppError::CannotAudit(error.to_string()))?;
    let shard = match args.shard {
        Some(shard) => Some(shard),
        None => Shard::from_environment(args.shard_count, |name| std::env::var(name).ok())
            .map_err(AppError::Usage)?,
    };
    let entries: Vec<ManifestEntry> = accounts
        .into_iter()
        .filter(|account| shard.is_none_or(|shard| shard.holds(&account.id)))
        .map(|account| ManifestEntry::discovered(account, args.role_name.as_deref()))
        .collect();
    let text = accounts::to_json_lines(&entries)
        .map_err(|error| AppError::Render(RenderError::from(error)))?;
    write_file(&args.output, &text)?;
    eprintln!(
        "posture: wrote {} account(s) of the organization to {}",
        entries.len(),
        args.output.display()
    );
    Ok(EXIT_CLEAN)
}

async fn collect_live(
    target: &TargetArgs,
    sources: &BTreeSet<Source>,
    s3_facets: &BTreeSet<S3Facet>,
    no_progress: bool,
) -> Result<Inventory, AppError> {
    // Every way of failing to connect, an unknown region included, means nothing could be audited.
    let session = collect::connect(&targeting(target)?)
        .await
        .map_err(|error| AppError::CannotAudit(error.to_string()))?;
    let progress = ProgressBar::new(no_progress);
    Ok(collect::collect_with(&session, sources, s3_facets, &progress).await)
}

pub fn load_snapshot(path: &Path) -> Result<Inventory, AppError> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        AppError::Usage(format!("cannot read snapshot {}: {error}", path.display()))
    })?;
    parse_snapshot(&text, path)
}

/// Parses a snapshot's text; `path` names it in errors (serde's own name the line and column).
pub fn parse_snapshot(text: &str, path: &Path) -> Result<Inventory, AppError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        AppError::Usage(format!(
            "snapshot {} is not valid JSON: {error}",
            path.display()
        ))
    })?;
    let schema = value.get("schema").and_then(|s| s.as_str()).unwrap_or("");
    if schema != SNAPSHOT_SCHEMA {
        return Err(AppError::Usage(format!(
            "snapshot {} has schema '{schema}', expected '{SNAPSHOT_SCHEMA}'",
            path.display()
        )));
    }
    let mut inventory: Inventory = serde_json::from_value(value).map_err(|error| {
        AppError::Usage(format!(
            "snapshot {} does not match {SNAPSHOT_SCHEMA}: {error}",
            path.display()
        ))
    })?;
    let iam = &mut inventory.iam;
    if let (Collected::Ok(rows), Collected::Ok(authorization)) =
        (&mut iam.credentials, &iam.authorization)
    {
        crate::inventory::iam::tag_credentials(rows, &authorization.users);
    }
    Ok(inventory)
}

fn write_file(path: &Path, contents: &str) -> Result<(), AppError> {
    std::fs::write(path, contents)
        .map_err(|error| AppError::Usage(format!("cannot write {}: {error}", path.display())))
}

/// Writes `path` through a buffer as `write` produces it: a large report or snapshot is never held
/// whole in memory as text.
fn write_file_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> Result<(), RenderError>,
) -> Result<(), AppError> {
    use std::io::Write;
    let cannot = |error: &dyn std::fmt::Display| {
        AppError::Usage(format!("cannot write {}: {error}", path.display()))
    };
    let file = std::fs::File::create(path).map_err(|error| cannot(&error))?;
    let mut out = std::io::BufWriter::new(file);
    write(&mut out)?;
    out.flush().map_err(|error| cannot(&error))
}

fn save_snapshot(path: &Path, inventory: &Inventory) -> Result<(), AppError> {
    write_file_with(path, |out| output::write_json(inventory, out))
}

pub fn evaluate(
    checks: &[&'static dyn Check],
    inventory: &Inventory,
    settings: &Settings,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = checks
        .iter()
        .flat_map(|check| check.evaluate(inventory, settings))
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// Whether the gate fails: an unmuted FAIL at or above `--fail-on` (only new ones with
/// `--fail-on-new`), or with `--fail-on-error` an unmuted ERROR.
pub fn gate_fails(findings: &[Finding], gate: &GateArgs) -> bool {
    let counts = |finding: &&Finding| {
        !gate.fail_on_new || finding.baseline == Some(crate::finding::BaselineState::New)
    };
    let threshold = gate.fail_on.or(if gate.fail_on_new {
        Some(crate::catalog::Severity::Informational)
    } else {
        None
    });
    let failing = threshold.is_some_and(|minimum| {
        findings
            .iter()
            .filter(counts)
            .any(|f| f.reported_status() == Status::Fail && f.severity() >= minimum)
    });
    let erroring = gate.fail_on_error
        && findings
            .iter()
            .filter(counts)
            .any(|f| f.reported_status() == Status::Error);
    failing || erroring
}

/// Nothing was examined: every selected check reached only ERROR findings, and none of the sources
/// they read holds any collected data. A check that yields no finding over a collection that was
/// read examined it and found it empty: that is an audit, not a failure to audit.
fn nothing_audited(
    checks: &[&'static dyn Check],
    inventory: &Inventory,
    findings: &[Finding],
) -> bool {
    !checks.is_empty()
        && findings.iter().all(|f| f.status == Status::Error)
        && !checks
            .iter()
            .flat_map(|check| check.needs())
            .any(|source| inventory.holds_data_for(*source))
}

/// The formats a run writes: those asked for, every file format into a directory, else the table.
fn formats_of(formats: &[Format], output_dir: Option<&Path>) -> Result<Vec<Format>, AppError> {
    let formats = match (formats.is_empty(), output_dir.is_some()) {
        (false, _) => formats.to_vec(),
        // A directory of reports with none named: every machine-readable format.
        (true, true) => Format::FILES.to_vec(),
        (true, false) => vec![Format::Table],
    };
    if formats.len() > 1 && output_dir.is_none() {
        return Err(AppError::Usage(
            "several --format values need --output-dir".to_string(),
        ));
    }
    Ok(formats)
}

/// The mutelist and the baseline a gate is judged after, read before anything is audited.
struct Judging {
    mutelist: Option<Mutelist>,
    baseline: Option<Baseline>,
}

impl Judging {
    fn load(gate: &GateArgs) -> Result<Judging, AppError> {
        let mutelist = gate
            .mutelist
            .as_deref()
            .map(Mutelist::load)
            .transpose()
            .map_err(|error| AppError::Usage(error.to_string()))?;
        let baseline = gate
            .baseline
            .as_deref()
            .map(Baseline::load)
            .transpose()
            .map_err(|error| AppError::Usage(error.to_string()))?;
        Ok(Judging { mutelist, baseline })
    }
}

/// What evaluating one account or several produced, before muting, the baseline and the gate.
struct Evaluated {
    account: AccountInfo,
    target: Target,
    findings: Vec<Finding>,
    notes: Vec<String>,
    stats: CollectionStats,
    accounts: Vec<AuditedAccount>,
    /// A run over a list of accounts (see [`Report::several`]).
    several: bool,
    /// A single account's inventory, for its responsibility map (drawn after muting).
    inventory: Option<Inventory>,
    /// Why nothing could be audited, when nothing could.
    nothing_audited: Option<String>,
}

/// Where and how the report is written.
struct Destination<'a> {
    formats: Vec<Format>,
    output: Option<&'a Path>,
    output_dir: Option<&'a Path>,
    quiet: bool,
    every_pass: bool,
    status: &'a [Status],
}

/// Tags every finding with its account: one shared value per account.
fn tag_account(findings: &mut [Finding], account: &Arc<OrgAccount>) {
    for finding in findings {
        finding.account = Some(Arc::clone(account));
    }
}

async fn audit(args: AuditArgs) -> Result<u8, AppError> {
    let started_at = Utc::now();
    let clock = Instant::now();
    let checks = select_checks(&args.select)?;
    let settings = settings(&args.thresholds);
    let formats = formats_of(&args.formats, args.output_dir.as_deref())?;
    let judging = Judging::load(&args.gate)?;
    // Bucket tags are read only when a mutelist rule matches on them or the inventory is kept.
    let tags = args.save_snapshot.is_some()
        || judging
            .mutelist
            .as_ref()
            .is_some_and(Mutelist::matches_on_tags);
    let facets = s3_facets_of(&checks, tags);
    let evaluated = if args.several.several() {
        audit_accounts(&args, &checks, &settings, &facets).await?
    } else if let Some(dir) = args.from.as_deref().filter(|path| path.is_dir()) {
        audit_saved_accounts(dir, &checks, &settings)?
    } else {
        audit_one(&args, &checks, &settings, &facets).await?
    };
    let evaluated_checks: BTreeSet<&str> = checks
        .iter()
        .map(|check| check.meta().id.as_str())
        .collect();
    let destination = Destination {
        formats,
        output: args.output.as_deref(),
        output_dir: args.output_dir.as_deref(),
        quiet: args.quiet,
        every_pass: args.verbose || !args.status.is_empty(),
        status: &args.status,
    };
    finish(
        evaluated,
        &judging,
        &evaluated_checks,
        &args.gate,
        &destination,
        started_at,
        clock,
    )
}

async fn audit_one(
    args: &AuditArgs,
    checks: &[&'static dyn Check],
    settings: &Settings,
    facets: &BTreeSet<S3Facet>,
) -> Result<Evaluated, AppError> {
    let inventory = match &args.from {
        Some(path) => load_snapshot(path)?,
        None => collect_live(&args.target, &sources_of(checks), facets, args.no_progress).await?,
    };
    if let Some(path) = &args.save_snapshot {
        save_snapshot(path, &inventory)?;
    }
    let mut findings = evaluate(checks, &inventory, settings);
    tag_account(
        &mut findings,
        &Arc::new(OrgAccount {
            id: inventory.account.id.clone(),
            name: None,
            ou_path: String::new(),
            tags: BTreeMap::new(),
        }),
    );
    let mut notes = inventory.notes.clone();
    for line in collection_warnings(&inventory.stats) {
        eprintln!("posture: {line}");
        notes.push(line);
    }
    let nothing_audited = nothing_audited(checks, &inventory, &findings).then(|| {
        let reasons: BTreeSet<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        let first = reasons.into_iter().next().unwrap_or("no check could run");
        format!("every check errored; first reason: {first}")
    });
    Ok(Evaluated {
        account: inventory.account.clone(),
        target: inventory.target.clone(),
        findings,
        notes,
        stats: inventory.stats.clone(),
        accounts: Vec::new(),
        several: false,
        nothing_audited,
        inventory: Some(inventory),
    })
}

/// One account's share of a run over several.
struct AccountRun {
    audited: AuditedAccount,
    findings: Vec<Finding>,
    notes: Vec<String>,
    stats: CollectionStats,
    /// Whether anything of it was examined: entered, and not every check errored.
    examined: bool,
}

/// `audit --org | --accounts`: every account of the plan audited side by side (at most
/// `--accounts-parallel` at once, each with its own call bounds), merged into one set of findings.
async fn audit_accounts(
    args: &AuditArgs,
    checks: &[&'static dyn Check],
    settings: &Settings,
    facets: &BTreeSet<S3Facet>,
) -> Result<Evaluated, AppError> {
    let session = collect::connect(&targeting(&args.target)?)
        .await
        .map_err(|error| AppError::CannotAudit(error.to_string()))?;
    let plan = plan_accounts(&args.several, &session).await?;
    if let Some(dir) = &args.save_snapshot {
        std::fs::create_dir_all(dir).map_err(|error| {
            AppError::Usage(format!("cannot create {}: {error}", dir.display()))
        })?;
    }
    let sources = sources_of(checks);
    let mut notes = session.notes.clone();
    let mut stats = CollectionStats::default();
    let organization = if plan.is_empty() {
        None
    } else {
        read_organization(args, &session, &plan, &sources, &mut notes, &mut stats).await
    };
    let mut runs: Vec<AccountRun> = futures::stream::iter(plan.iter())
        .map(|entry| {
            let run = AccountAudit {
                args,
                base: &session,
                organization: organization.as_ref(),
                checks,
                settings,
                sources: &sources,
                facets,
            };
            async move { run.audit(entry).await }
        })
        .buffer_unordered(usize::from(args.several.accounts_parallel))
        .collect()
        .await;
    runs.sort_by(|a, b| a.audited.account.id.cmp(&b.audited.account.id));
    if let Some(dir) = &args.save_snapshot {
        let index: Vec<crate::output::json::JsonAccount> =
            runs.iter().map(|run| (&run.audited).into()).collect();
        let text = serde_json::to_string_pretty(&index).map_err(|error| {
            AppError::Usage(format!("cannot serialise the accounts index: {error}"))
        })?;
        write_file(&dir.join(SAVED_ACCOUNTS_INDEX), &text)?;
    }
    let mut gathered = Gathered {
        notes,
        stats,
        ..Gathered::default()
    };
    for run in runs {
        gathered.add(run);
    }
    if plan.is_empty() {
        gathered
            .notes
            .push("no account of the plan fell to this shard".to_string());
    }
    Ok(several_evaluated(
        session.account.clone(),
        session.target.clone(),
        gathered,
        !plan.is_empty(),
    ))
}

/// What the accounts of a run add up to, gathered one account's run at a time.
#[derive(Default)]
struct Gathered {
    findings: Vec<Finding>,
    notes: Vec<String>,
    stats: CollectionStats,
    accounts: Vec<AuditedAccount>,
    /// Why each account that could not be entered was not.
    reasons: Vec<String>,
    examined: bool,
}

impl Gathered {
    fn add(&mut self, run: AccountRun) {
        let id = &run.audited.account.id;
        self.examined |= run.examined;
        self.stats.absorb(&run.stats, id);
        self.notes.extend(
            run.notes
                .into_iter()
                .map(|note| format!("account {id}: {note}")),
        );
        if let Some(error) = &run.audited.error {
            self.reasons.push(format!("account {id}: {error}"));
        }
        self.findings.extend(run.findings);
        self.accounts.push(run.audited);
    }
}

/// The evaluation of a run over several accounts; when `expected_some` and not one account could
/// be examined, the run audited nothing, and says why each account failed.
fn several_evaluated(
    account: AccountInfo,
    target: Target,
    gathered: Gathered,
    expected_some: bool,
) -> Evaluated {
    let Gathered {
        mut findings,
        notes,
        stats,
        accounts,
        reasons,
        examined,
    } = gathered;
    let unexamined = (expected_some && !examined).then_some(reasons);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let nothing_audited = unexamined.map(|reasons| {
        let first = reasons
            .first()
            .map_or("every check errored in every account", String::as_str);
        format!("no account could be audited; first reason: {first}")
    });
    Evaluated {
        account,
        target,
        findings,
        notes,
        stats,
        accounts,
        several: true,
        inventory: None,
        nothing_audited,
    }
}

/// In a `--save-snapshot DIR` of a run over several accounts, beside one `<account id>.json` per
/// account: the run's accounts as the report lists them, so that `--from DIR` gives each its
/// name, OU path and tags, and an account that could not be entered its ERROR again.
pub const SAVED_ACCOUNTS_INDEX: &str = "accounts.json";

/// `audit --from DIR`: the accounts of a run over several, re-audited offline from the snapshots
/// it saved, with the findings the live run gave.
fn audit_saved_accounts(
    dir: &Path,
    checks: &[&'static dyn Check],
    settings: &Settings,
) -> Result<Evaluated, AppError> {
    let unreadable = |what: &Path, error: &dyn std::fmt::Display| {
        AppError::Usage(format!("cannot read {}: {error}", what.display()))
    };
    let index_path = dir.join(SAVED_ACCOUNTS_INDEX);
    let index: Vec<AuditedAccount> = if index_path.exists() {
        let text = std::fs::read_to_string(&index_path).map_err(|e| unreadable(&index_path, &e))?;
        serde_json::from_str::<Vec<crate::output::json::JsonAccount>>(&text)
            .map_err(|e| unreadable(&index_path, &e))?
            .into_iter()
            .map(AuditedAccount::from)
            .collect()
    } else {
        // Snapshots gathered by hand: every `<account id>.json`, known by its id alone.
        let mut ids: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| unreadable(dir, &e))?
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().into_string().ok()?;
                let id = name.strip_suffix(".json")?;
                id.chars()
                    .all(|c| c.is_ascii_digit())
                    .then(|| id.to_string())
            })
            .collect();
        ids.sort();
        ids.into_iter()
            .map(|id| AuditedAccount {
                account: OrgAccount {
                    id,
                    name: None,
                    ou_path: String::new(),
                    tags: BTreeMap::new(),
                },
                role_arn: None,
                error: None,
            })
            .collect()
    };
    if index.is_empty() {
        return Err(AppError::Usage(format!(
            "{} holds no account snapshot (<account id>.json) and no {SAVED_ACCOUNTS_INDEX}",
            dir.display()
        )));
    }
    let mut first: Option<(AccountInfo, Target)> = None;
    let mut gathered = Gathered::default();
    for audited in index {
        let context = Arc::new(audited.account.clone());
        let id = context.id.clone();
        let run = match &audited.error {
            // The live run could not enter it: the same ERROR, for the checks selected now.
            Some(error) if !dir.join(format!("{id}.json")).exists() => unenterable(
                checks,
                &context,
                audited.role_arn.clone(),
                first
                    .as_ref()
                    .map_or("aws", |(account, _)| account.partition.as_str()),
                &crate::inventory::Gap::new("", error.clone()),
            ),
            _ => {
                let inventory = load_snapshot(&dir.join(format!("{id}.json")))?;
                first.get_or_insert_with(|| (inventory.account.clone(), inventory.target.clone()));
                judge_account(
                    checks,
                    settings,
                    context,
                    audited.role_arn.clone(),
                    &inventory,
                )
            }
        };
        gathered.add(run);
    }
    let (account, target) = first.unwrap_or_default();
    Ok(several_evaluated(account, target, gathered, true))
}

/// The organization-wide settings that cover the run's members, read once before any member is
/// audited, in the accounts that hold them: the organization trails of the management account (a
/// member's own `DescribeTrails` may not list them (emulators) or read their status, yet they log
/// its events: see `Inventory::organization_trails`), and the external access analyzers whose zone
/// of trust is the organization, in the management account and the delegated administrators for
/// IAM Access Analyzer (see `Inventory::organization_analyzers`).
struct Organization {
    /// `None` when not even the management account could be learnt.
    management: Option<String>,
    trails: Vec<crate::inventory::services::Trail>,
    /// `Some` when a selected check reads them, with what of them could not be read.
    analyzers: Option<OrganizationAnalyzers>,
    /// Every account of the plan belongs to it (an `--org` discovery); otherwise each account is
    /// asked which organization it is in.
    discovered: bool,
}

/// The service principal Organizations registers IAM Access Analyzer's delegated administrators
/// under.
const ACCESS_ANALYZER_PRINCIPAL: &str = "access-analyzer.amazonaws.com";

/// Reads the organization-wide settings the selected checks judge members by, in the caller's
/// organization (as `DescribeOrganization` names its management account), entering each holder
/// like any account of the run. What could not be read is a note; for the analyzers it is also
/// kept, so that a member with none of its own is ERROR rather than FAIL.
async fn read_organization(
    args: &AuditArgs,
    session: &collect::Session,
    plan: &[ManifestEntry],
    sources: &BTreeSet<Source>,
    notes: &mut Vec<String>,
    stats: &mut CollectionStats,
) -> Option<Organization> {
    let wants_trails = sources.contains(&Source::CloudTrail);
    let wants_analyzers = sources.contains(&Source::AccessAnalyzer);
    let wanted = match (wants_trails, wants_analyzers) {
        (true, true) => "trails and analyzers",
        (true, false) => "trails",
        (false, true) => "analyzers",
        (false, false) => return None,
    };
    let not_read =
        |why: &dyn std::fmt::Display| format!("organization {wanted} were not read: {why}");
    let mut analyzers = wants_analyzers.then(|| OrganizationAnalyzers {
        regions: session.target.regions.clone(),
        ..OrganizationAnalyzers::default()
    });
    let management = match collect::organizations::management_account(session).await {
        Ok(management) => management,
        Err(gap) => {
            // Outside an organization (or without Organizations access) with a manifest, there is
            // nothing to say; an --org run has an organization.
            if !args.several.org {
                return None;
            }
            notes.push(not_read(&gap));
            if let Some(analyzers) = &mut analyzers {
                analyzers.gaps.push(OrganizationGap {
                    region: None,
                    gap: held_in(gap, "the calling account's organization"),
                });
            }
            return Some(Organization {
                management: None,
                trails: Vec::new(),
                analyzers,
                discovered: true,
            });
        }
    };
    let holder = Holder::ManagementAccount.describe(&management);
    let mut trails = Vec::new();
    let entering = Entering {
        args,
        session,
        plan,
    };
    let entered = entering.enter(&management).await;
    match &entered {
        Ok(entered) => {
            let sources: BTreeSet<Source> = [
                wants_trails.then_some(Source::CloudTrail),
                wants_analyzers.then_some(Source::AccessAnalyzer),
            ]
            .into_iter()
            .flatten()
            .collect();
            let inventory =
                collect::collect_with(entered, &sources, &BTreeSet::new(), &ProgressBar::new(true))
                    .await;
            stats.absorb(&inventory.stats, &format!("{management}/organization"));
            if wants_trails {
                trails = organization_trails(&inventory, &management, notes);
            }
            if let Some(analyzers) = &mut analyzers {
                add_held_analyzers(analyzers, &inventory, Holder::ManagementAccount, notes);
            }
        }
        Err(gap) => {
            notes.push(not_read(&format!("{holder}: {gap}")));
            if let Some(analyzers) = &mut analyzers {
                analyzers.gaps.push(OrganizationGap {
                    region: None,
                    gap: held_in(gap.clone(), &holder),
                });
            }
        }
    }
    if let Some(analyzers) = &mut analyzers {
        // The management account may always list them; a delegated administrator that starts the
        // run may too.
        let asking = entered.as_ref().unwrap_or(session);
        read_delegated_analyzers(&entering, asking, &management, analyzers, notes, stats).await;
    }
    Some(Organization {
        management: Some(management),
        trails,
        analyzers,
        discovered: args.several.org,
    })
}

/// The organization trails the management account's own collection read.
fn organization_trails(
    inventory: &Inventory,
    management: &str,
    notes: &mut Vec<String>,
) -> Vec<crate::inventory::services::Trail> {
    let trails = crate::checks::cloudtrail::Trails::of(inventory);
    if let Some((region, gap)) = trails.gaps.first() {
        notes.push(format!(
            "organization trails were not read: management account {management}, {region}: {gap}"
        ));
    }
    trails
        .unique
        .into_iter()
        .filter(|trail| {
            trail.is_organization_trail
                && crate::checks::cloudtrail::trail_account(trail) == Some(management)
        })
        .cloned()
        .collect()
}

/// The organization analyzers of IAM Access Analyzer's delegated administrators, listed by
/// `asking` and read in each (the management account's were read already).
async fn read_delegated_analyzers(
    entering: &Entering<'_>,
    asking: &collect::Session,
    management: &str,
    analyzers: &mut OrganizationAnalyzers,
    notes: &mut Vec<String>,
    stats: &mut CollectionStats,
) {
    let delegated =
        match collect::organizations::delegated_administrators(asking, ACCESS_ANALYZER_PRINCIPAL)
            .await
        {
            Ok(delegated) => delegated,
            Err(gap) => {
                let asker = format!("account {}", asking.account.id);
                return analyzers_unread(analyzers, notes, None, &asker, gap);
            }
        };
    for account in delegated.iter().filter(|id| *id != management) {
        let holder = Holder::DelegatedAdministrator.describe(account);
        match entering.enter(account).await {
            Ok(entered) => {
                let inventory = collect::collect_with(
                    &entered,
                    &BTreeSet::from([Source::AccessAnalyzer]),
                    &BTreeSet::new(),
                    &ProgressBar::new(true),
                )
                .await;
                stats.absorb(&inventory.stats, &format!("{account}/organization"));
                add_held_analyzers(analyzers, &inventory, Holder::DelegatedAdministrator, notes);
            }
            Err(gap) => analyzers_unread(analyzers, notes, None, &holder, gap),
        }
    }
}

/// Adds the ORGANIZATION analyzers `inventory` (a holder's collection) lists, and what of it could
/// not be read; only regions listed in every holder stay known.
fn add_held_analyzers(
    analyzers: &mut OrganizationAnalyzers,
    inventory: &Inventory,
    holder: Holder,
    notes: &mut Vec<String>,
) {
    let account = &inventory.account.id;
    let read = &inventory.target.regions;
    analyzers.regions.retain(|region| read.contains(region));
    for region in read {
        let listed = inventory.regions.get(region).map_or_else(
            || Err(Gap::new("", "not collected")),
            |r| r.services.access_analyzers.get().cloned(),
        );
        match listed {
            Ok(listed) => analyzers.analyzers.extend(
                listed
                    .into_iter()
                    .filter(|analyzer| analyzer.kind.eq_ignore_ascii_case("ORGANIZATION"))
                    .map(|analyzer| HeldAnalyzer {
                        account: account.clone(),
                        holder,
                        region: region.clone(),
                        analyzer,
                    }),
            ),
            Err(gap) => {
                let holder = format!("{}, {region}", holder.describe(account));
                analyzers_unread(analyzers, notes, Some(region), &holder, gap);
            }
        }
    }
}

/// Records that `holder`'s analyzers (in `region`, or in every region) could not be read: a note
/// for the operator, and a gap that leaves those regions unknown to the members.
fn analyzers_unread(
    analyzers: &mut OrganizationAnalyzers,
    notes: &mut Vec<String>,
    region: Option<&str>,
    holder: &str,
    gap: Gap,
) {
    notes.push(format!(
        "organization analyzers were not read: {holder}: {gap}"
    ));
    analyzers.gaps.push(OrganizationGap {
        region: region.map(str::to_string),
        gap: held_in(gap, holder),
    });
}

/// `gap`, saying whose it is (`management account 111122223333, us-east-1`).
fn held_in(gap: Gap, holder: &str) -> Gap {
    Gap::new(gap.call, format!("{} (in {holder})", gap.message))
}

/// How the run enters the accounts that hold organization-wide settings.
struct Entering<'a> {
    args: &'a AuditArgs,
    session: &'a collect::Session,
    plan: &'a [ManifestEntry],
}

impl Entering<'_> {
    /// A session in `account`: directly when it is the calling account, else through the role
    /// the run enters it by.
    async fn enter(&self, account: &str) -> Result<collect::Session, Gap> {
        let Entering {
            args,
            session,
            plan,
        } = *self;
        let entry = plan
            .iter()
            .find(|entry| entry.account_id == account)
            .cloned()
            .unwrap_or_else(|| {
                ManifestEntry::discovered(
                    OrgAccount {
                        id: account.to_string(),
                        name: None,
                        ou_path: String::new(),
                        tags: BTreeMap::new(),
                    },
                    None,
                )
            });
        match role_of(&entry, &args.several, session) {
            None if account == session.account.id => {
                Ok(collect::assume::direct(session, &entry.regions))
            }
            None => Err(Gap::new("", "no role names a way into it")),
            Some(role_arn) => {
                collect::assume::enter(session, &assume_entry(&args.several, &entry, &role_arn))
                    .await
            }
        }
    }
}

/// The accounts this run audits: the organization's or the manifest's, with the calling account
/// (audited directly, without a role), less the excluded ones, then this shard's share.
async fn plan_accounts(
    several: &crate::cli::AccountsArgs,
    session: &collect::Session,
) -> Result<Vec<ManifestEntry>, AppError> {
    let mut entries = match &several.accounts {
        Some(path) => {
            accounts::load_manifest(path).map_err(|error| AppError::Usage(error.to_string()))?
        }
        None => collect::organizations::discover(session, &several.ous)
            .await
            .map_err(|error| AppError::CannotAudit(error.to_string()))?
            .into_iter()
            .map(|account| ManifestEntry::discovered(account, None))
            .collect(),
    };
    let caller = &session.account.id;
    if !entries.iter().any(|entry| &entry.account_id == caller) {
        entries.push(ManifestEntry::discovered(
            OrgAccount {
                id: caller.clone(),
                name: None,
                ou_path: String::new(),
                tags: BTreeMap::new(),
            },
            None,
        ));
    }
    entries.retain(|entry| !several.exclude_accounts.contains(&entry.account_id));
    let shard = match several.shard {
        Some(shard) => Some(shard),
        None => Shard::from_environment(several.shard_count, |name| std::env::var(name).ok())
            .map_err(AppError::Usage)?,
    };
    entries.retain(|entry| shard.is_none_or(|shard| shard.holds(&entry.account_id)));
    entries.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    if several.role_name.is_none()
        && let Some(roleless) = entries.iter().find(|entry| {
            &entry.account_id != caller && entry.role_arn.is_none() && entry.role_name.is_none()
        })
    {
        return Err(AppError::Usage(format!(
            "account {} names no role to enter it through: pass --role-name NAME (the audit \
             role in every account, e.g. OrganizationAccountAccessRole) or give the manifest line \
             a role_name or role_arn",
            roleless.account_id
        )));
    }
    Ok(entries)
}

/// The role ARN an entry is entered through; `None` for the calling account.
fn role_of(
    entry: &ManifestEntry,
    several: &crate::cli::AccountsArgs,
    session: &collect::Session,
) -> Option<String> {
    if entry.account_id == session.account.id {
        return None;
    }
    entry.role_arn.clone().or_else(|| {
        let name = entry.role_name.as_ref().or(several.role_name.as_ref())?;
        Some(format!(
            "arn:{}:iam::{}:role/{}",
            session.account.partition,
            entry.account_id,
            name.trim_start_matches('/')
        ))
    })
}

/// How to enter `entry`'s account through `role_arn`: the manifest's external id, else the flag's.
fn assume_entry<'a>(
    several: &'a crate::cli::AccountsArgs,
    entry: &'a ManifestEntry,
    role_arn: &'a str,
) -> collect::assume::Entry<'a> {
    collect::assume::Entry {
        account_id: &entry.account_id,
        role_arn,
        external_id: entry
            .external_id
            .as_deref()
            .or(several.external_id.as_deref()),
        session_name: &several.role_session_name,
        regions: &entry.regions,
    }
}

/// What auditing one account of a run over several needs, shared by every account.
struct AccountAudit<'a> {
    args: &'a AuditArgs,
    base: &'a collect::Session,
    organization: Option<&'a Organization>,
    checks: &'a [&'static dyn Check],
    settings: &'a Settings,
    sources: &'a BTreeSet<Source>,
    facets: &'a BTreeSet<S3Facet>,
}

impl AccountAudit<'_> {
    async fn audit(&self, entry: &ManifestEntry) -> AccountRun {
        let context = Arc::new(OrgAccount {
            id: entry.account_id.clone(),
            name: entry.name.clone(),
            ou_path: entry.ou_path.clone(),
            tags: entry.tags.clone(),
        });
        let several = &self.args.several;
        let role_arn = role_of(entry, several, self.base);
        let session = match &role_arn {
            None => Ok(collect::assume::direct(self.base, &entry.regions)),
            Some(role_arn) => {
                collect::assume::enter(self.base, &assume_entry(several, entry, role_arn)).await
            }
        };
        let session = match session {
            Ok(session) => session,
            Err(gap) => {
                eprintln!("posture: account {}: {gap}", entry.account_id);
                return unenterable(
                    self.checks,
                    &context,
                    role_arn,
                    &self.base.account.partition,
                    &gap,
                );
            }
        };
        let mut inventory =
            collect::collect_with(&session, self.sources, self.facets, &ProgressBar::new(true))
                .await;
        self.add_organization(&session, &mut inventory).await;
        let mut notes = Vec::new();
        if let Some(dir) = &self.args.save_snapshot {
            let path = dir.join(format!("{}.json", entry.account_id));
            if let Err(error) = save_snapshot(&path, &inventory) {
                notes.push(error.to_string());
            }
        }
        for line in collection_warnings(&inventory.stats) {
            eprintln!("posture: account {}: {line}", entry.account_id);
        }
        let mut run = judge_account(self.checks, self.settings, context, role_arn, &inventory);
        notes.append(&mut run.notes);
        run.notes = notes;
        run
    }

    /// What of its organization covers `session`'s account, when it is a member: the
    /// organization's analyzers, and its trails unless it is the management account (whose own
    /// listing holds them).
    async fn add_organization(&self, session: &collect::Session, inventory: &mut Inventory) {
        let Some(organization) = self
            .organization
            .filter(|org| !org.trails.is_empty() || org.analyzers.is_some())
        else {
            return;
        };
        let account = &session.account.id;
        let member = organization.discovered
            || match &organization.management {
                Some(management) => collect::organizations::management_account(session)
                    .await
                    .is_ok_and(|theirs| &theirs == management),
                None => false,
            };
        if !member {
            return;
        }
        if organization.management.as_ref() != Some(account) {
            inventory.organization_trails = organization.trails.clone();
        }
        inventory.organization_analyzers = organization.analyzers.clone();
    }
}

/// The ERROR findings of an account that could not be entered: every selected check, since
/// nothing of the account was seen.
fn unenterable(
    checks: &[&'static dyn Check],
    context: &Arc<OrgAccount>,
    role_arn: Option<String>,
    partition: &str,
    gap: &crate::inventory::Gap,
) -> AccountRun {
    let resource = crate::finding::Resource::account(&context.id, partition);
    let mut findings: Vec<Finding> = checks
        .iter()
        .map(|check| Finding::error(check.meta(), resource.clone(), gap))
        .collect();
    tag_account(&mut findings, context);
    AccountRun {
        audited: AuditedAccount {
            account: (**context).clone(),
            role_arn,
            error: Some(gap.to_string()),
        },
        findings,
        notes: Vec::new(),
        stats: CollectionStats::default(),
        examined: false,
    }
}

/// One account's findings from its inventory, live or saved.
fn judge_account(
    checks: &[&'static dyn Check],
    settings: &Settings,
    context: Arc<OrgAccount>,
    role_arn: Option<String>,
    inventory: &Inventory,
) -> AccountRun {
    let mut findings = evaluate(checks, inventory, settings);
    tag_account(&mut findings, &context);
    let mut notes = inventory.notes.clone();
    notes.extend(collection_warnings(&inventory.stats));
    let examined = !nothing_audited(checks, inventory, &findings);
    AccountRun {
        audited: AuditedAccount {
            account: (*context).clone(),
            role_arn,
            error: (!examined).then(|| "every check errored".to_string()),
        },
        findings,
        notes,
        stats: inventory.stats.clone(),
        examined,
    }
}

/// Mutes, compares with the baseline, gates, and renders: the same for one account, several, or a
/// merge of shards.
fn finish(
    evaluated: Evaluated,
    judging: &Judging,
    evaluated_checks: &BTreeSet<&str>,
    gate: &GateArgs,
    destination: &Destination<'_>,
    started_at: chrono::DateTime<Utc>,
    clock: Instant,
) -> Result<u8, AppError> {
    let Evaluated {
        account,
        target,
        mut findings,
        mut notes,
        stats,
        accounts,
        several,
        inventory,
        nothing_audited,
    } = evaluated;
    if let Some(mutelist) = &judging.mutelist {
        notes.extend(mutelist.apply(&mut findings, Utc::now().date_naive()));
    }
    let resolved = judging
        .baseline
        .as_ref()
        .map(|baseline| baseline.apply(&mut findings, evaluated_checks, &account.id));
    let exit = if gate_fails(&findings, gate) {
        EXIT_GATE
    } else {
        EXIT_CLEAN
    };
    let responsibility = inventory
        .as_ref()
        .map(|inventory| responsibility::map(inventory, &findings))
        .unwrap_or_default();
    // Decided after the verdicts: `--status` changes what is shown, never the verdict.
    let (findings, hidden): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(|finding| {
            destination.status.is_empty() || destination.status.contains(&finding.reported_status())
        });
    let report = Report {
        account,
        target,
        started_at,
        duration_ms: u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX),
        findings,
        notes,
        responsibility,
        resolved,
        hidden,
        stats,
        accounts,
        several,
    };
    // The reports are written even when nothing could be audited: they name every failed call.
    emit(&report, destination)?;
    if let Some(reason) = nothing_audited {
        return Err(AppError::CannotAudit(reason));
    }
    Ok(exit)
}

/// `posture merge`: the shards' reports as one, muted, compared and gated here.
fn merge(args: MergeArgs) -> Result<u8, AppError> {
    let started_at = Utc::now();
    let clock = Instant::now();
    let formats = formats_of(&args.formats, args.output_dir.as_deref())?;
    let judging = Judging::load(&args.gate)?;
    let manifest: Vec<String> = match &args.accounts {
        Some(path) => accounts::load_manifest(path)
            .map_err(|error| AppError::Usage(error.to_string()))?
            .into_iter()
            .map(|entry| entry.account_id)
            .collect(),
        None => Vec::new(),
    };
    let merged = crate::merge::merge(&args.reports, &manifest).map_err(|error| match error {
        crate::merge::MergeError::Unreadable { .. } => AppError::Usage(error.to_string()),
        crate::merge::MergeError::Conflict(_) => AppError::MergeConflict(error.to_string()),
    })?;
    let evaluated_checks: BTreeSet<&'static str> = merged
        .findings
        .iter()
        .map(|finding| finding.meta.id.as_str())
        .collect();
    let nothing_audited = (!merged.accounts.is_empty()
        && merged
            .accounts
            .iter()
            .all(|audited| audited.error.is_some()))
    .then(|| "no account could be audited in any shard".to_string());
    let evaluated = Evaluated {
        account: merged.account,
        target: merged.target,
        findings: merged.findings,
        notes: merged.notes,
        stats: merged.stats,
        accounts: merged.accounts,
        several: true,
        inventory: None,
        nothing_audited,
    };
    let destination = Destination {
        formats,
        output: args.output.as_deref(),
        output_dir: args.output_dir.as_deref(),
        quiet: args.quiet,
        every_pass: args.verbose || !args.status.is_empty(),
        status: &args.status,
    };
    finish(
        evaluated,
        &judging,
        &evaluated_checks,
        &args.gate,
        &destination,
        started_at,
        clock,
    )
}

/// What the operator must hear about how collection went: throttling, and a time budget that ran
/// out (the calls it cut short are ERROR findings naming them).
fn collection_warnings(stats: &CollectionStats) -> Vec<String> {
    let total = stats.total();
    let mut warnings = Vec::new();
    if total.throttled_attempts > 0 {
        let throttled: Vec<String> = stats
            .by_service
            .iter()
            .filter(|(_, s)| s.throttled_attempts > 0)
            .map(|(service, s)| format!("{service} {}", s.throttled_attempts))
            .collect();
        warnings.push(format!(
            "throttled: {} answers said to slow down ({}); {} retries in all, {} calls failed after their retries",
            total.throttled_attempts,
            throttled.join(", "),
            total.retries(),
            total.failed
        ));
    }
    if stats.calls_out_of_time > 0 {
        warnings.push(format!(
            "the --timeout budget ran out: {} calls got no answer in time and their checks are ERROR",
            stats.calls_out_of_time
        ));
    }
    warnings
}

fn emit(report: &Report, destination: &Destination<'_>) -> Result<(), AppError> {
    // Files get the plain layout at the default width; only a terminal gets its own width and colour.
    let to_terminal = destination.output.is_none()
        && destination.output_dir.is_none()
        && std::io::stdout().is_terminal();
    let options = RenderOptions {
        summary_only: destination.quiet,
        width: table_width(to_terminal),
        color: to_terminal && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
        every_pass: destination.every_pass,
    };
    if let Some(dir) = destination.output_dir {
        std::fs::create_dir_all(dir).map_err(|error| {
            AppError::Usage(format!("cannot create {}: {error}", dir.display()))
        })?;
        for format in &destination.formats {
            write_file_with(&dir.join(format.file_name()), |out| {
                output::render_to(*format, report, options, out)
            })?;
        }
        // A person running the gate still wants the verdict on the console.
        eprintln!("{}", output::table::summary_line(report));
        return Ok(());
    }
    let format = destination.formats[0];
    match destination.output {
        Some(path) => write_file_with(path, |out| output::render_to(format, report, options, out)),
        None => print_stdout(&output::render(format, report, options)?),
    }
}

/// `COLUMNS` when set, else the terminal's width, else the table's default.
fn table_width(to_terminal: bool) -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<usize>().ok());
    // comfy-table already asks the terminal for its size; reuse that rather than a second crate.
    let from_terminal = || {
        to_terminal
            .then(|| comfy_table::Table::new().width())
            .flatten()
            .map(usize::from)
    };
    from_env
        .or_else(from_terminal)
        .unwrap_or(output::table::DEFAULT_WIDTH)
}

/// Prints to standard output; a reader that went away (`posture ... | head`) is not an error.
fn print_stdout(text: &str) -> Result<(), AppError> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(AppError::CannotAudit(
            format!("cannot write to standard output: {error}"),
        )),
        _ => Ok(()),
    }
}

async fn collect_only(args: CollectArgs) -> Result<u8, AppError> {
    let checks = select_checks(&args.select)?;
    // A snapshot may be audited later with a mutelist that matches on tags.
    let facets = s3_facets_of(&checks, true);
    let inventory = collect_live(
        &args.target,
        &sources_of(&checks),
        &facets,
        args.no_progress,
    )
    .await?;
    save_snapshot(&args.output, &inventory)?;
    eprintln!(
        "saved the inventory of account {} to {}",
        inventory.account.id,
        args.output.display()
    );
    Ok(EXIT_CLEAN)
}

fn list_checks(args: &ChecksArgs) -> Result<u8, AppError> {
    let select = SelectArgs {
        services: args.services.clone(),
        ..SelectArgs::default()
    };
    let checks = select_checks(&select)?;
    let text = match args.compliance {
        Some(framework) => catalog::coverage(framework, &checks, args.format)?,
        None => catalog::list(&checks, args.format)?,
    };
    print_stdout(&text)?;
    Ok(EXIT_CLEAN)
}

async fn responsibility_map(args: ResponsibilityArgs) -> Result<u8, AppError> {
    let checks = registry::all();
    let inventory = match &args.from {
        Some(path) => load_snapshot(path)?,
        None => {
            let facets = s3_facets_of(&checks, false);
            collect_live(
                &args.target,
                &sources_of(&checks),
                &facets,
                args.no_progress,
            )
            .await?
        }
    };
    let findings = evaluate(&checks, &inventory, &Settings::default());
    let map = responsibility::map(&inventory, &findings);
    let text = match args.format {
        CatalogFormat::Json => catalog::responsibility_json(&inventory, &map)?,
        CatalogFormat::Markdown => catalog::responsibility_markdown(&inventory, &map),
        CatalogFormat::Table => catalog::responsibility_text(&inventory, &map),
    };
    print_stdout(&text)?;
    Ok(EXIT_CLEAN)
}

/// `posture learn`: every check over the account, then the tour or the quiz.
async fn learn(args: crate::cli::LearnArgs) -> Result<u8, AppError> {
    use crate::cli::QuizFormat;
    let started_at = Utc::now();
    let checks = registry::all();
    let inventory = match &args.from {
        Some(path) => load_snapshot(path)?,
        None => {
            let facets = s3_facets_of(&checks, false);
            collect_live(
                &args.target,
                &sources_of(&checks),
                &facets,
                args.no_progress,
            )
            .await?
        }
    };
    let findings = evaluate(&checks, &inventory, &Settings::default());
    let report = Report {
        account: inventory.account.clone(),
        target: inventory.target.clone(),
        started_at,
        duration_ms: 0,
        responsibility: responsibility::map(&inventory, &findings),
        findings,
        notes: inventory.notes.clone(),
        resolved: None,
        hidden: Vec::new(),
        stats: inventory.stats.clone(),
        accounts: Vec::new(),
        several: false,
    };
    let to_terminal = std::io::stdout().is_terminal();
    let width = table_width(to_terminal);
    if !args.quiz {
        print_stdout(&learn::tour(&report, width))?;
        return Ok(EXIT_CLEAN);
    }
    // Without --seed each quiz differs; the seed it used is printed so that it can be repeated.
    let seed = args
        .seed
        .unwrap_or_else(|| u64::try_from(started_at.timestamp_micros()).unwrap_or_default());
    let catalogue: Vec<_> = checks.iter().map(|check| check.meta()).collect();
    let quiz = learn::quiz::generate(
        &report.account.id,
        &report.findings,
        &catalogue,
        args.questions,
        seed,
    );
    match args.format.unwrap_or(QuizFormat::Text) {
        QuizFormat::Json => print_stdout(&output::to_json(&quiz)?)?,
        QuizFormat::Text if to_terminal && std::io::stdin().is_terminal() => {
            let mut stdout = std::io::stdout().lock();
            learn::quiz::interactive(&quiz, width, &mut std::io::stdin().lock(), &mut stdout)
                .map_err(|error| AppError::CannotAudit(format!("cannot run the quiz: {error}")))?;
        }
        QuizFormat::Text => print_stdout(&learn::quiz::answer_sheet(&quiz, width))?,
    }
    Ok(EXIT_CLEAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Resource;
    use crate::inventory::{AccountInfo, Target};
    use crate::inventory::{Collected, Gap, RegionInventory};

    /// Snapshots written before credentials rows carried their user's tags still give the
    /// mutelist those tags: loading copies them from the user listing.
    #[test]
    fn an_older_snapshot_gives_credentials_their_users_tags() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mixed-account.json");
        let mut value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("json");
        for row in value["iam"]["credentials"]["ok"]
            .as_array_mut()
            .expect("rows")
        {
            row.as_object_mut().expect("row").remove("tags");
        }
        let inventory = parse_snapshot(&value.to_string(), &path).expect("loads");
        let rows = inventory.iam.credentials.ok().expect("rows");
        let row = rows
            .iter()
            .find(|row| row.user == "learn-two-keys")
            .expect("the user");
        assert_eq!(
            row.tags.get("posture:teaches").map(String::as_str),
            Some("iam.user_single_active_access_key")
        );
    }

    fn check(id: &str) -> &'static dyn Check {
        registry::find(id).expect("registered")
    }

    /// An inventory of one region in which RDS answered (with no instances) and nothing else did.
    fn rds_answered_empty() -> Inventory {
        let mut inventory = Inventory::new(
            AccountInfo::default(),
            Target {
                endpoint_url: None,
                regions: vec!["us-east-1".into()],
            },
            Utc::now(),
        );
        let mut region = RegionInventory::default();
        region.services.db_instances = Collected::Ok(Vec::new());
        region.ec2.vpcs = Collected::Failed(Gap::new("ec2:DescribeVpcs", "denied"));
        inventory.regions.insert("us-east-1".into(), region);
        inventory
    }

    fn error(check: &'static dyn Check) -> Finding {
        let resource = Resource::region("111122223333", "us-east-1");
        Finding::error(
            check.meta(),
            resource,
            &Gap::new("ec2:DescribeVpcs", "denied"),
        )
    }

    /// Snapshots written before the organization's analyzers and the detectors' and hubs'
    /// administrators were read still load, those parts not collected; a snapshot with them
    /// reads back as it was written.
    #[test]
    fn snapshots_with_and_without_the_organization_fields_load() {
        use crate::inventory::organization::{
            HeldAnalyzer, Holder, OrganizationAnalyzers, OrganizationGap,
        };
        use crate::inventory::services::AccessAnalyzer;
        let older = serde_json::json!({
            "schema": SNAPSHOT_SCHEMA,
            "account": {"id": "111122223333", "partition": "aws", "caller_arn": "arn"},
            "target": {"endpoint_url": null, "regions": ["us-east-1"]},
            "collected_at": "2026-11-01T12:00:00Z",
            "regions": {"us-east-1": {"services": {
                "guardduty_detectors": {"ok": [{"id": "d1", "status": {"ok": "ENABLED"}}]},
                "security_hub": {"ok": "arn:aws:securityhub:us-east-1:111122223333:hub/default"}
            }}}
        });
        let path = Path::new("older.json");
        let mut inventory =
            parse_snapshot(&older.to_string(), path).expect("an older snapshot loads");
        let services = &inventory.regions["us-east-1"].services;
        let detectors = services.guardduty_detectors.ok().expect("detectors");
        assert_eq!(detectors[0].administrator, Collected::NotCollected);
        assert_eq!(services.security_hub_administrator, Collected::NotCollected);
        assert_eq!(inventory.organization_analyzers, None);

        inventory.organization_analyzers = Some(OrganizationAnalyzers {
            regions: vec!["us-east-1".into()],
            analyzers: vec![HeldAnalyzer {
                account: "444455556666".into(),
                holder: Holder::DelegatedAdministrator,
                region: "us-east-1".into(),
                analyzer: AccessAnalyzer {
                    name: "org".into(),
                    arn: "arn:aws:access-analyzer:us-east-1:444455556666:analyzer/org".into(),
                    kind: "ORGANIZATION".into(),
                    status: "ACTIVE".into(),
                },
            }],
            gaps: vec![OrganizationGap {
                region: Some("eu-west-1".into()),
                gap: Gap::new("access-analyzer:ListAnalyzers", "throttled"),
            }],
        });
        let text = serde_json::to_string(&inventory).expect("serialises");
        assert_eq!(parse_snapshot(&text, path).expect("reads back"), inventory);
    }

    /// Issue 8: a selection with a check that found nothing to judge was taken for "every check
    /// errored" and exited 3.
    #[test]
    fn a_check_that_examined_an_empty_collection_counts_as_audited() {
        let errored = check("ec2.vpc_flow_logs_enabled");
        let empty = check("rds.instance_not_public");
        let inventory = rds_answered_empty();
        let findings = vec![error(errored)];
        assert!(!nothing_audited(&[errored, empty], &inventory, &findings));
        assert!(!nothing_audited(&[empty], &inventory, &[]));
    }

    #[test]
    fn only_errors_from_every_check_means_nothing_was_audited() {
        let first = check("ec2.vpc_flow_logs_enabled");
        let second = check("ec2.ebs_encryption_by_default");
        let inventory = rds_answered_empty();
        let findings = vec![error(first), error(second)];
        assert!(nothing_audited(&[first, second], &inventory, &findings));
        assert!(!nothing_audited(&[], &inventory, &findings));
    }
}
