//! Orchestration: targets -> collect -> evaluate -> mute -> render -> exit code. The one module that
//! knows every stage; each stage knows only its neighbours.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use chrono::Utc;
use thiserror::Error;

use crate::accounts::{self, ManifestEntry, Shard};
use crate::baseline::Baseline;
use crate::check::{Check, Settings};
use crate::cli::{
    AccountsCommand, AuditArgs, ChecksArgs, Cli, CollectArgs, Command, DiscoverArgs,
    ResponsibilityArgs, SelectArgs, TargetArgs, ThresholdArgs,
};
use crate::collect::{self, CallPolicy, Progress, RateLimits, Targeting};
use crate::finding::{Finding, Status};
use crate::inventory::Source;
use crate::inventory::s3::S3Facet;
use crate::inventory::{CollectionStats, Inventory, SNAPSHOT_SCHEMA};
use crate::learn;
use crate::mutelist::Mutelist;
use crate::output::catalog::{self, CatalogFormat};
use crate::output::{self, Format, RenderError, RenderOptions};
use crate::policy::wildcard_matches;
use crate::registry;
use crate::report::Report;
use crate::responsibility;

/// Exit codes (SPEC): 0 clean, 1 gate failed, 2 bad input, 3 could not audit.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_GATE: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_CANNOT_AUDIT: u8 = 3;

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
}

impl AppError {
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Usage(_) => EXIT_USAGE,
            AppError::CannotAudit(_) | AppError::Render(_) => EXIT_CANNOT_AUDIT,
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
    serde_json::from_value(value).map_err(|error| {
        AppError::Usage(format!(
            "snapshot {} does not match {SNAPSHOT_SCHEMA}: {error}",
            path.display()
        ))
    })
}

fn write_file(path: &Path, contents: &str) -> Result<(), AppError> {
    std::fs::write(path, contents)
        .map_err(|error| AppError::Usage(format!("cannot write {}: {error}", path.display())))
}

fn save_snapshot(path: &Path, inventory: &Inventory) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(inventory)
        .map_err(|error| AppError::Usage(format!("cannot serialise the snapshot: {error}")))?;
    write_file(path, &text)
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
pub fn gate_fails(findings: &[Finding], args: &AuditArgs) -> bool {
    let counts = |finding: &&Finding| {
        !args.fail_on_new || finding.baseline == Some(crate::finding::BaselineState::New)
    };
    let threshold = args.fail_on.or(if args.fail_on_new {
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
    let erroring = args.fail_on_error
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

async fn audit(args: AuditArgs) -> Result<u8, AppError> {
    let started_at = Utc::now();
    let clock = Instant::now();
    let checks = select_checks(&args.select)?;
    let settings = settings(&args.thresholds);
    let formats = match (args.formats.is_empty(), args.output_dir.is_some()) {
        (false, _) => args.formats.clone(),
        // A directory of reports with none named: every machine-readable format.
        (true, true) => Format::FILES.to_vec(),
        (true, false) => vec![Format::Table],
    };
    if formats.len() > 1 && args.output_dir.is_none() {
        return Err(AppError::Usage(
            "several --format values need --output-dir".to_string(),
        ));
    }
    let mutelist = args
        .mutelist
        .as_deref()
        .map(Mutelist::load)
        .transpose()
        .map_err(|error| AppError::Usage(error.to_string()))?;
    let baseline = args
        .baseline
        .as_deref()
        .map(Baseline::load)
        .transpose()
        .map_err(|error| AppError::Usage(error.to_string()))?;

    let inventory = match &args.from {
        Some(path) => load_snapshot(path)?,
        None => {
            let tags = args.save_snapshot.is_some()
                || mutelist.as_ref().is_some_and(Mutelist::matches_on_tags);
            let facets = s3_facets_of(&checks, tags);
            collect_live(
                &args.target,
                &sources_of(&checks),
                &facets,
                args.no_progress,
            )
            .await?
        }
    };
    if let Some(path) = &args.save_snapshot {
        save_snapshot(path, &inventory)?;
    }

    let mut findings = evaluate(&checks, &inventory, &settings);
    let mut notes = inventory.notes.clone();
    for line in collection_warnings(&inventory.stats) {
        eprintln!("posture: {line}");
        notes.push(line);
    }
    if let Some(mutelist) = &mutelist {
        notes.extend(mutelist.apply(&mut findings, Utc::now().date_naive()));
    }
    let resolved = baseline.as_ref().map(|baseline| {
        let evaluated: BTreeSet<&str> = checks
            .iter()
            .map(|check| check.meta().id.as_str())
            .collect();
        baseline.apply(&mut findings, &evaluated)
    });
    // Decided before anything is hidden from view: `--status` never changes the verdict.
    let nothing_audited = nothing_audited(&checks, &inventory, &findings).then(|| {
        let reasons: BTreeSet<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        let first = reasons.into_iter().next().unwrap_or("no check could run");
        format!("every check errored; first reason: {first}")
    });
    let exit = if gate_fails(&findings, &args) {
        EXIT_GATE
    } else {
        EXIT_CLEAN
    };

    let responsibility = responsibility::map(&inventory, &findings);
    let (findings, hidden): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(|finding| {
            args.status.is_empty() || args.status.contains(&finding.reported_status())
        });
    let report = Report {
        account: inventory.account.clone(),
        target: inventory.target.clone(),
        started_at,
        duration_ms: u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX),
        findings,
        notes,
        responsibility,
        resolved,
        hidden,
        stats: inventory.stats.clone(),
    };
    // The reports are written even when nothing could be audited: they name every failed call.
    emit(&report, &formats, &args)?;
    if let Some(reason) = nothing_audited {
        return Err(AppError::CannotAudit(reason));
    }
    Ok(exit)
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

fn emit(report: &Report, formats: &[Format], args: &AuditArgs) -> Result<(), AppError> {
    // Files get the plain layout at the default width; only a terminal gets its own width and colour.
    let to_terminal =
        args.output.is_none() && args.output_dir.is_none() && std::io::stdout().is_terminal();
    let options = RenderOptions {
        summary_only: args.quiet,
        width: table_width(to_terminal),
        color: to_terminal && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
        every_pass: args.verbose || !args.status.is_empty(),
    };
    if let Some(dir) = &args.output_dir {
        std::fs::create_dir_all(dir).map_err(|error| {
            AppError::Usage(format!("cannot create {}: {error}", dir.display()))
        })?;
        for format in formats {
            write_file(
                &dir.join(format.file_name()),
                &output::render(*format, report, options)?,
            )?;
        }
        // A person running the gate still wants the verdict on the console.
        eprintln!("{}", output::table::summary_line(report));
        return Ok(());
    }
    let rendered = output::render(formats[0], report, options)?;
    match &args.output {
        Some(path) => write_file(path, &rendered),
        None => print_stdout(&rendered),
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
