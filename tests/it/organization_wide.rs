//! Organization-wide settings on moto: what the management account or a delegated administrator
//! turns on for the whole organization, and how a member is judged by it (organization trails,
//! organization analyzers, the GuardDuty and Security Hub administrator), and a run started from a
//! delegated administrator. The organization itself is seeded with the helpers of
//! `organizations`.

use aws_sdk_organizations::Client;

use super::organizations::{
    MANAGEMENT, MEMBER_ROLE, ORG_REGION, account_finding, audit_checks, audit_command,
    audit_offline, create_members, findings_of, member_config, member_credentials, security_group,
};
use crate::common::{emulator, stderr};
use crate::emulator::{MOTO, ORG_MOTO, sdk_config, sdk_config_in, unique};

/// An organization trail in the management account satisfies the multi-region trail check of a
/// member that has no trail at all (moto, like AWS, stores IsOrganizationTrail; unlike AWS its
/// members' DescribeTrails do not list the trail, so the run's read of the management account
/// is what the member is judged by), and the finding names the trail and its account. The CIS
/// 4.x monitoring of that trail lives in the management account's log group: the member is
/// ERROR naming that account, never FAIL. Re-auditing the saved snapshots offline gives the same
/// findings.
#[tokio::test]
async fn an_organization_trail_of_the_management_account_covers_its_members() {
    let endpoint = emulator(ORG_MOTO);
    let name = unique("orgtrail");
    let client = Client::new(&sdk_config(&endpoint).await);
    let bare = create_members(&client, &name, &["bare"], None)
        .await
        .remove(0);
    let management = sdk_config_in(&endpoint, ORG_REGION).await;
    let bucket = format!("{name}-logs");
    aws_sdk_s3::Client::new(&management)
        .create_bucket()
        .bucket(&bucket)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::CaCentral1)
                .build(),
        )
        .send()
        .await
        .expect("CreateBucket");
    let cloudtrail = aws_sdk_cloudtrail::Client::new(&management);
    // Only this test makes trails on this emulator: an earlier run's must not be the one judged.
    // (moto deletes a trail by its name only, in the region it lives in: this one.)
    let earlier = cloudtrail
        .describe_trails()
        .send()
        .await
        .expect("DescribeTrails");
    for old in earlier.trail_list() {
        cloudtrail
            .delete_trail()
            .name(old.name().expect("name"))
            .send()
            .await
            .expect("DeleteTrail");
    }
    let trail = format!("{name}-org");
    cloudtrail
        .create_trail()
        .name(&trail)
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(true)
        .is_organization_trail(true)
        .cloud_watch_logs_log_group_arn(format!(
            "arn:aws:logs:{ORG_REGION}:{MANAGEMENT}:log-group:{name}:*"
        ))
        .cloud_watch_logs_role_arn(format!("arn:aws:iam::{MANAGEMENT}:role/trail-to-logs"))
        .send()
        .await
        .expect("CreateTrail");
    cloudtrail
        .start_logging()
        .name(&trail)
        .send()
        .await
        .expect("StartLogging");

    let dir = tempfile::tempdir().expect("temp dir");
    let snapshots = dir.path().join("snapshots");
    let checks = [
        "cloudtrail.multi_region_trail_logging",
        "cloudwatch.root_usage_monitored",
    ];
    let output = audit_checks(
        &endpoint,
        &checks,
        &[
            "--org",
            "--role-name",
            MEMBER_ROLE,
            "--save-snapshot",
            snapshots.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let live = findings_of(&crate::common::json(&output));

    let covered = account_finding(&live, &bare, checks[0]);
    assert_eq!(covered[3], "PASS", "{covered:?}");
    assert!(
        covered[4].starts_with(&format!(
            "organization trail {trail} of management account {MANAGEMENT} (home region \
             {ORG_REGION}) is logging and records all read and write management events"
        )),
        "{covered:?}"
    );
    let own = account_finding(&live, MANAGEMENT, checks[0]);
    assert_eq!(own[3], "PASS", "{own:?}");
    let monitored = account_finding(&live, &bare, checks[1]);
    assert_eq!(monitored[3], "ERROR", "{monitored:?}");
    assert!(
        monitored[4].contains(&format!(
            "organization trail {trail} delivers to log group {name} in account {MANAGEMENT}"
        )),
        "{monitored:?}"
    );

    // Offline, from the folder the run saved: the same findings, the member's PASS included.
    assert_eq!(audit_offline(&snapshots, &checks), live);

    // Through a manifest, membership is the account's own DescribeOrganization: the member is
    // covered as in the --org run, an account outside the organization is not.
    let outsider = "100020003000";
    let manifest = crate::common::temp_file(
        dir.path(),
        "accounts.jsonl",
        &format!("{{\"account_id\": \"{bare}\"}}\n{{\"account_id\": \"{outsider}\"}}\n"),
    );
    let output = audit_checks(
        &endpoint,
        &checks[..1],
        &[
            "--accounts",
            manifest.to_str().expect("utf-8"),
            "--role-name",
            MEMBER_ROLE,
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest_run = findings_of(&crate::common::json(&output));
    assert_eq!(account_finding(&manifest_run, &bare, checks[0]), covered);
    let alone = account_finding(&manifest_run, outsider, checks[0]);
    assert_eq!(alone[3], "FAIL", "{alone:?}");
    assert_eq!(
        alone[4],
        "no CloudTrail trail is visible from the audited regions"
    );
}

/// Registers `account` as a delegated administrator for `service_principal`, trusted access
/// enabled first, as the management account does.
async fn delegate(client: &Client, account: &str, service_principal: &str) {
    client
        .enable_aws_service_access()
        .service_principal(service_principal)
        .send()
        .await
        .expect("EnableAWSServiceAccess");
    client
        .register_delegated_administrator()
        .account_id(account)
        .service_principal(service_principal)
        .send()
        .await
        .expect("RegisterDelegatedAdministrator");
}

/// The report's notes.
fn notes_of(report: &serde_json::Value) -> Vec<String> {
    report["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|note| note.as_str().map(str::to_string))
        .collect()
}

/// An organization run reads the organization's external access analyzers once, in the
/// management account and in each delegated administrator for IAM Access Analyzer that
/// `ListDelegatedAdministrators` names, and copies them into every member. moto serves no
/// Access Analyzer (HTTP 500 to every call), so no analyzer can be seen there: what this pins is
/// the reading, the notes naming each holder whose analyzers could not be read, a member without
/// an analyzer of its own that is ERROR (never FAIL), and the snapshot that keeps what was not
/// read, so that `--from` judges alike. The verdicts on analyzers that were read are unit tests
/// of the check.
#[tokio::test]
async fn organization_analyzers_are_sought_in_the_management_account_and_the_delegated_administrator()
 {
    let endpoint = emulator(ORG_MOTO);
    let name = unique("analyzers");
    let client = Client::new(&sdk_config(&endpoint).await);
    let [security, plain]: [String; 2] =
        create_members(&client, &name, &["security", "plain"], None)
            .await
            .try_into()
            .expect("two accounts");
    delegate(&client, &security, "access-analyzer.amazonaws.com").await;

    let dir = tempfile::tempdir().expect("temp dir");
    let snapshots = dir.path().join("snapshots");
    let checks = [
        "iam.access_analyzer_enabled",
        "ec2.sg_no_admin_ports_open_ipv4",
    ];
    let output = audit_checks(
        &endpoint,
        &checks,
        &[
            "--org",
            "--role-name",
            MEMBER_ROLE,
            // moto's HTTP 500 is retried; once is enough to learn it is not served.
            "--max-attempts",
            "1",
            "--save-snapshot",
            snapshots.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = crate::common::json(&output);
    let notes = notes_of(&report);
    for holder in [
        format!("management account {MANAGEMENT}"),
        format!("delegated administrator account {security}"),
    ] {
        let expected = format!(
            "organization analyzers were not read: {holder}, {ORG_REGION}: \
             access-analyzer:ListAnalyzers failed: HTTP 500"
        );
        assert!(
            notes.iter().any(|note| note.starts_with(&expected)),
            "{expected}\n{notes:#?}"
        );
    }
    let live = findings_of(&report);
    let region = format!("{plain}/{ORG_REGION}");
    let judged = live
        .iter()
        .find(|f| f[0] == plain && f[1] == checks[0] && f[2] == region)
        .unwrap_or_else(|| panic!("no analyzer finding on {region}: {live:#?}"));
    assert_eq!(judged[3], "ERROR", "{judged:?}");

    // The member's snapshot keeps what of the organization's analyzers was not read.
    let saved: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(snapshots.join(format!("{plain}.json"))).expect("snapshot"),
    )
    .expect("JSON");
    let gaps = saved["organization_analyzers"]["gaps"]
        .as_array()
        .expect("the organization's analyzers in the member's snapshot");
    for account in [MANAGEMENT, security.as_str()] {
        assert!(
            gaps.iter().any(|gap| gap["region"] == ORG_REGION
                && gap["gap"]["call"] == "access-analyzer:ListAnalyzers"
                && gap["gap"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(&format!("account {account}")))),
            "{gaps:#?}"
        );
    }
    assert_eq!(audit_offline(&snapshots, &checks), live);
}

/// A member's GuardDuty detector and Security Hub hub, enabled, with the organization's Security
/// Hub administered by a delegated administrator: both PASS, and the administrator is context,
/// never the verdict. moto cannot show the administrator: its GuardDuty `GetAdministratorAccount`
/// names the fields in the wrong case (`Administrator`, `AccountId`), so the answer reads as "no
/// administrator", and its Security Hub answer carries `InvitedAt` as `2026-12-02 02:49:50.380952`
/// (no `T`, no zone), which the SDK refuses. That failure must not change the PASS, and must not
/// be silent: the run notes it for the member. (The PASS that names the administrator is a unit
/// test of each check.)
#[tokio::test]
async fn a_member_s_administrator_is_context_for_guardduty_and_security_hub_never_the_verdict() {
    let endpoint = emulator(ORG_MOTO);
    let name = unique("admin");
    let client = Client::new(&sdk_config(&endpoint).await);
    let [security, member]: [String; 2] =
        create_members(&client, &name, &["security", "member"], None)
            .await
            .try_into()
            .expect("two accounts");
    let management = sdk_config_in(&endpoint, ORG_REGION).await;
    aws_sdk_securityhub::Client::new(&management)
        .enable_organization_admin_account()
        .admin_account_id(&security)
        .send()
        .await
        .expect("EnableOrganizationAdminAccount");
    let config = member_config(&endpoint, &member).await;
    aws_sdk_securityhub::Client::new(&config)
        .enable_security_hub()
        .send()
        .await
        .expect("EnableSecurityHub");
    let detector = aws_sdk_guardduty::Client::new(&config)
        .create_detector()
        .enable(true)
        .send()
        .await
        .expect("CreateDetector")
        .detector_id()
        .expect("detector id")
        .to_string();

    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = crate::common::temp_file(
        dir.path(),
        "accounts.jsonl",
        &format!("{{\"account_id\": \"{member}\"}}\n"),
    );
    let output = audit_checks(
        &endpoint,
        &["guardduty.detector_enabled", "securityhub.hub_enabled"],
        &[
            "--accounts",
            manifest.to_str().expect("utf-8"),
            "--role-name",
            MEMBER_ROLE,
            "--exclude-account",
            MANAGEMENT,
            "--max-attempts",
            "1",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = crate::common::json(&output);
    let findings = findings_of(&report);
    let region = format!("{member}/{ORG_REGION}");
    let on_region = |check: &str| {
        findings
            .iter()
            .find(|f| f[1] == check && f[2] == region)
            .unwrap_or_else(|| panic!("no {check} finding on {region}: {findings:#?}"))
            .clone()
    };
    assert_eq!(
        on_region("guardduty.detector_enabled")[3..],
        [
            "PASS".to_string(),
            format!("GuardDuty detector {detector} is enabled in {ORG_REGION}")
        ]
    );
    let hub = on_region("securityhub.hub_enabled");
    assert_eq!(hub[3], "PASS", "{hub:?}");
    assert_eq!(
        hub[4],
        format!(
            "Security Hub is enabled in {ORG_REGION} \
             (arn:aws:securityhub:{ORG_REGION}:{member}:hub/default)"
        )
    );
    let expected = format!(
        "account {member}: {ORG_REGION}: the administrator account of Security Hub is unknown \
         (securityhub:GetAdministratorAccount failed: "
    );
    assert!(
        notes_of(&report)
            .iter()
            .any(|note| note.starts_with(&expected)
                && note.ends_with("the verdict does not depend on it")),
        "{expected}\n{:#?}",
        notes_of(&report)
    );
}

/// An `--org` run whose credentials are a delegated administrator's (IAM Access Analyzer's), not
/// the management account's, and which cannot enter the management account (the fault proxy
/// answers its AssumeRole with AccessDenied): the run discovers the organization's accounts and
/// audits them, the caller directly; only the management account is ERROR, naming the call and
/// the role; the organization trails and analyzers the management account holds are named in the
/// notes as not read, and so is the delegated administrator's own analyzer listing, read
/// directly (moto serves no Access Analyzer, so the only other ERRORs are that check's). moto
/// answers Organizations' listings to the management account only (a delegated administrator's
/// `ListAccounts` is empty there, unlike AWS's), so the proxy forwards the Organizations calls as
/// the management account's; every other call is made with the delegated administrator's own
/// credentials.
#[tokio::test]
async fn an_org_run_from_a_delegated_administrator_that_cannot_enter_the_management_account() {
    let moto = emulator(MOTO);
    let name = unique("delegated");
    let client = Client::new(&sdk_config(&moto).await);
    let [security, member]: [String; 2] =
        create_members(&client, &name, &["security", "member"], None)
            .await
            .try_into()
            .expect("two accounts");
    delegate(&client, &security, "access-analyzer.amazonaws.com").await;
    let ec2 = aws_sdk_ec2::Client::new(&member_config(&moto, &member).await);
    let open_group = security_group(&ec2, &format!("ssh-{name}"), Some(22)).await;

    let proxy = crate::faults::proxy(crate::faults::port::DELEGATED);
    crate::faults::configure(
        &proxy,
        serde_json::json!({"api": "sts:AssumeRole", "kinds": ["denied"],
                           "body_contains": format!("{MANAGEMENT}:role/"),
                           "answer_as": {"organizations": "test"}}),
    );
    let caller = member_credentials(&moto, &security).await;
    let checks = [
        "ec2.sg_no_admin_ports_open_ipv4",
        "cloudtrail.multi_region_trail_logging",
        "iam.access_analyzer_enabled",
    ];
    let output = audit_command(
        &proxy,
        &checks,
        &[
            "--org",
            "--role-name",
            MEMBER_ROLE,
            "--max-attempts",
            "1",
            "--accounts-parallel",
            "8",
        ],
    )
    .env("AWS_ACCESS_KEY_ID", caller.access_key_id())
    .env("AWS_SECRET_ACCESS_KEY", caller.secret_access_key())
    .env(
        "AWS_SESSION_TOKEN",
        caller.session_token().expect("a session token"),
    )
    .output()
    .expect("posture runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = crate::common::json(&output);
    assert_eq!(report["account"]["id"], security.as_str(), "the caller");

    // Discovered as the delegated administrator: the management account, the caller (entered
    // directly) and the member (by name), every one but the management account audited.
    let accounts = report["accounts"].as_array().expect("accounts");
    let listed = |id: &str| {
        accounts
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("account {id} was not discovered: {accounts:#?}"))
    };
    let denied_role = format!("arn:aws:iam::{MANAGEMENT}:role/{MEMBER_ROLE}");
    let management = listed(MANAGEMENT);
    assert_eq!(management["status"], "error");
    assert!(
        management["error"]
            .as_str()
            .is_some_and(|error| error.starts_with(&format!(
                "sts:AssumeRole failed: {denied_role}: AccessDenied"
            ))),
        "{management}"
    );
    assert_eq!(listed(&security)["role_arn"], serde_json::Value::Null);
    assert_eq!(listed(&member)["name"], format!("member-{name}").as_str());
    let unaudited: Vec<&serde_json::Value> = accounts
        .iter()
        .filter(|a| a["id"] != MANAGEMENT && a["status"] != "audited")
        .collect();
    assert!(unaudited.is_empty(), "{unaudited:#?}");

    // Only the management account is ERROR, for every check; elsewhere only the check whose API
    // moto does not serve.
    let findings = findings_of(&report);
    let of_management: Vec<&[String; 5]> = findings.iter().filter(|f| f[0] == MANAGEMENT).collect();
    assert_eq!(of_management.len(), checks.len(), "{of_management:#?}");
    assert!(
        of_management
            .iter()
            .all(|f| f[3] == "ERROR" && f[4].starts_with("sts:AssumeRole failed: ")),
        "{of_management:#?}"
    );
    let other_errors: Vec<&[String; 5]> = findings
        .iter()
        .filter(|f| f[0] != MANAGEMENT && f[3] == "ERROR" && f[1] != checks[2])
        .collect();
    assert!(other_errors.is_empty(), "{other_errors:#?}");
    let open = findings
        .iter()
        .find(|f| f[0] == member && f[2] == open_group)
        .expect("the member's open group is judged");
    assert_eq!(open[3], "FAIL", "{open:?}");

    // What the management account holds was not read, and the notes say so, as they do for the
    // delegated administrator's own analyzer listing.
    let notes = notes_of(&report);
    for expected in [
        format!(
            "organization trails and analyzers were not read: management account {MANAGEMENT}: \
             sts:AssumeRole failed: {denied_role}: AccessDenied"
        ),
        format!(
            "organization analyzers were not read: delegated administrator account {security}, \
             {ORG_REGION}: access-analyzer:ListAnalyzers failed"
        ),
    ] {
        assert!(
            notes.iter().any(|note| note.starts_with(&expected)),
            "{expected}\n{notes:#?}"
        );
    }
}
