//! Collectors and the whole audit against the emulators `scripts/test.sh` starts. Each collector
//! test seeds through the SDK with unique names and asserts on the inventory it collects; the
//! whole audit of the seeded sandbox is compared with the seeding script's own record of it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use posture::collect::{self, Progress, Targeting};
use posture::inventory::Inventory;
use posture::inventory::Source;
use serde::Deserialize;

use crate::common::{emulator, json, posture_at, stderr};

pub const LOCALSTACK: &str = "POSTURE_TEST_LOCALSTACK";
pub const MOTO: &str = "POSTURE_TEST_MOTO";
/// A moto of the organization tests' own, whose management account holds an organization trail:
/// a multi-region trail in the shared moto's caller account would change every other audit of it.
pub const ORG_MOTO: &str = "POSTURE_TEST_ORG_MOTO";
/// Where `scripts/test.sh` keeps the seeder's record of each emulator's sandbox.
const LOCALSTACK_SEED: &str = "POSTURE_TEST_LOCALSTACK_SEED";
const MOTO_SEED: &str = "POSTURE_TEST_MOTO_SEED";

struct Silent;

impl Progress for Silent {
    fn start(&self, _total: usize) {}
    fn done(&self, _step: &str) {}
}

/// A name no other test run has used on this emulator.
pub(crate) fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "it-{prefix}-{}-{}",
        std::process::id(),
        nanos % 1_000_000_000
    )
}

pub(crate) async fn sdk_config(endpoint: &str) -> SdkConfig {
    sdk_config_in(endpoint, "us-east-1").await
}

pub(crate) async fn sdk_config_in(endpoint: &str, region: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new(region.to_string()))
        .credentials_provider(aws_sdk_iam::config::Credentials::new(
            "test",
            "test",
            None,
            None,
            "posture-tests",
        ))
        .load()
        .await
}

async fn collect_from(endpoint: &str, sources: &[Source]) -> Inventory {
    collect_in(endpoint, "us-east-1", sources).await
}

async fn collect_in(endpoint: &str, region: &str, sources: &[Source]) -> Inventory {
    let targeting = Targeting {
        endpoint_url: Some(endpoint.to_string()),
        regions: vec![region.to_string()],
        ..Targeting::default()
    };
    let session = collect::connect(&targeting)
        .await
        .expect("the emulator answers sts:GetCallerIdentity");
    let sources: BTreeSet<Source> = sources.iter().copied().collect();
    collect::collect(&session, &sources, &Silent).await
}

#[tokio::test]
async fn iam_collector_sees_every_seeded_user_despite_the_credential_report() {
    let endpoint = emulator(LOCALSTACK);
    let config = sdk_config(&endpoint).await;
    let iam = aws_sdk_iam::Client::new(&config);
    let users: Vec<String> = (0..3).map(|n| unique(&format!("user{n}"))).collect();
    for user in &users {
        iam.create_user()
            .user_name(user)
            .send()
            .await
            .expect("create user");
    }
    iam.create_login_profile()
        .user_name(&users[0])
        .password("Sandbox-Passw0rd!")
        .send()
        .await
        .expect("login profile");
    iam.put_user_policy()
        .user_name(&users[1])
        .policy_name("inline")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        .send()
        .await
        .expect("inline policy");
    iam.create_access_key()
        .user_name(&users[2])
        .send()
        .await
        .expect("access key");

    let inventory = collect_from(&endpoint, &Source::IAM).await;
    let authorization = inventory
        .iam
        .authorization
        .get()
        .expect("authorization details collected");
    let credentials = inventory
        .iam
        .credentials
        .get()
        .expect("credentials collected");
    for user in &users {
        assert!(
            authorization.users.iter().any(|u| &u.name == user),
            "{user} missing from the users"
        );
        assert!(
            credentials.iter().any(|c| &c.user == user),
            "{user} missing from the credentials"
        );
    }
    let with_password = credentials
        .iter()
        .find(|c| c.user == users[0])
        .expect("row");
    assert_eq!(with_password.password_enabled, Some(true));
    let inline = authorization
        .users
        .iter()
        .find(|u| u.name == users[1])
        .expect("user");
    assert_eq!(inline.inline_policies.len(), 1);
    assert_eq!(
        inline.inline_policies[0].document["Statement"][0]["Action"], "*",
        "documents are decoded"
    );
    let keyed = credentials
        .iter()
        .find(|c| c.user == users[2])
        .expect("row");
    assert_eq!(keyed.active_keys().count(), 1);
    assert!(inventory.iam.account_summary.get().is_ok());
}

#[tokio::test]
async fn s3_collector_reads_bucket_settings_and_names_what_the_endpoint_lacks() {
    let endpoint = emulator(LOCALSTACK);
    let config = sdk_config(&endpoint).await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    let bucket = unique("bucket");
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("create bucket");
    s3.put_bucket_versioning()
        .bucket(&bucket)
        .versioning_configuration(
            aws_sdk_s3::types::VersioningConfiguration::builder()
                .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .expect("versioning");
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::{bucket}","arn:aws:s3:::{bucket}/*"],"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#
    );
    s3.put_bucket_policy()
        .bucket(&bucket)
        .policy(policy)
        .send()
        .await
        .expect("policy");

    let inventory = collect_from(&endpoint, &[Source::S3]).await;
    let buckets = inventory.s3.buckets.get().expect("buckets listed");
    let found = buckets
        .iter()
        .find(|b| b.name == bucket)
        .expect("seeded bucket collected");
    assert_eq!(found.region, "us-east-1");
    assert_eq!(
        found
            .versioning
            .get()
            .expect("versioning")
            .status
            .as_deref(),
        Some("Enabled")
    );
    let document = found
        .policy
        .get()
        .expect("policy read")
        .as_ref()
        .expect("has a policy");
    assert_eq!(document["Statement"][0]["Effect"], "Deny");
    assert!(found.acl.get().is_ok());
    assert!(
        inventory.s3.account_public_access_block.get().is_ok(),
        "s3control answers through the fixed endpoint"
    );
    // LocalStack does not implement GetBucketPolicyStatus: a gap that names the call, not a guess.
    let gap = found
        .policy_is_public
        .get()
        .expect_err("LocalStack lacks GetBucketPolicyStatus");
    assert_eq!(gap.call, "s3:GetBucketPolicyStatus");
}

#[tokio::test]
async fn ec2_collector_reads_every_rule_of_a_group() {
    let endpoint = emulator(LOCALSTACK);
    let config = sdk_config(&endpoint).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let name = unique("sg");
    let group = ec2
        .create_security_group()
        .group_name(&name)
        .description("posture test")
        .send()
        .await
        .expect("sg");
    let group_id = group.group_id().expect("id").to_string();
    ec2.authorize_security_group_ingress()
        .group_id(&group_id)
        .ip_permissions(
            aws_sdk_ec2::types::IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(
                    aws_sdk_ec2::types::IpRange::builder()
                        .cidr_ip("0.0.0.0/0")
                        .build(),
                )
                .ipv6_ranges(
                    aws_sdk_ec2::types::Ipv6Range::builder()
                        .cidr_ipv6("::/0")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("ingress");

    let inventory = collect_from(&endpoint, &Source::EC2).await;
    let region = &inventory.regions["us-east-1"];
    let groups = region.ec2.security_groups.get().expect("groups");
    let found = groups
        .iter()
        .find(|g| g.id == group_id)
        .expect("seeded group collected");
    assert_eq!(found.name, name);
    let ssh = found
        .ingress
        .iter()
        .find(|p| p.from_port == Some(22))
        .expect("the SSH rule");
    assert_eq!(ssh.protocol, "tcp");
    assert!(ssh.ipv4_ranges.contains(&"0.0.0.0/0".to_string()));
    assert!(ssh.ipv6_ranges.contains(&"::/0".to_string()));
    assert!(region.ec2.vpcs.get().is_ok());
    assert!(region.ec2.network_acls.get().is_ok());
}

/// The regional services of us-east-1 in a fresh collection of `sources`.
async fn regional(
    endpoint: &str,
    sources: &[Source],
) -> posture::inventory::services::RegionalServices {
    let mut inventory = collect_from(endpoint, sources).await;
    inventory
        .regions
        .remove("us-east-1")
        .expect("us-east-1 collected")
        .services
}

#[tokio::test]
async fn kms_collector_reads_rotation_per_key() {
    let endpoint = emulator(LOCALSTACK);
    let kms = aws_sdk_kms::Client::new(&sdk_config(&endpoint).await);
    let rotating = kms
        .create_key()
        .send()
        .await
        .expect("key")
        .key_metadata
        .expect("metadata")
        .key_id;
    let static_key = kms
        .create_key()
        .send()
        .await
        .expect("key")
        .key_metadata
        .expect("metadata")
        .key_id;
    kms.enable_key_rotation()
        .key_id(&rotating)
        .send()
        .await
        .expect("rotation on");
    let alias = format!("alias/{}", unique("key"));
    kms.create_alias()
        .alias_name(&alias)
        .target_key_id(&static_key)
        .send()
        .await
        .expect("alias");

    let services = regional(&endpoint, Source::for_service("kms")).await;
    let keys = services.kms_keys.get().expect("keys listed");
    let rotation = |id: &str| {
        keys.iter()
            .find(|k| k.id == id)
            .expect("key collected")
            .rotation_enabled
            .get()
            .ok()
            .copied()
    };
    assert_eq!(rotation(&rotating), Some(true));
    assert_eq!(rotation(&static_key), Some(false));
    let named = keys.iter().find(|k| k.id == static_key).expect("key");
    assert!(named.aliases.contains(&alias), "{:?}", named.aliases);
    let metadata = named.metadata.get().expect("DescribeKey answered");
    assert_eq!(metadata.manager, "CUSTOMER");
    // Every key has a key policy; a new key's default one names its account.
    let policy = named.policy.get().expect("kms:GetKeyPolicy answered");
    let policy = policy.as_ref().expect("the key has a policy");
    assert!(policy["Statement"].is_array(), "{policy}");
}

#[tokio::test]
async fn secrets_manager_collector_reads_rotation() {
    let endpoint = emulator(LOCALSTACK);
    let secrets = aws_sdk_secretsmanager::Client::new(&sdk_config(&endpoint).await);
    let name = unique("secret");
    secrets
        .create_secret()
        .name(&name)
        .secret_string("s3cr3t")
        .send()
        .await
        .expect("secret");

    let services = regional(&endpoint, &[Source::SecretsManager]).await;
    let found = services
        .secrets
        .get()
        .expect("secrets listed")
        .iter()
        .find(|s| s.name == name)
        .cloned();
    let found = found.expect("seeded secret collected");
    assert!(!found.rotation_enabled);
    assert_eq!(
        found.policy.get().ok(),
        Some(&None),
        "no resource policy yet"
    );

    secrets
        .put_resource_policy()
        .secret_id(&name)
        .resource_policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#)
        .send()
        .await
        .expect("resource policy");
    let services = regional(&endpoint, &[Source::SecretsManager]).await;
    let listed = services.secrets.get().expect("secrets listed");
    let found = listed.iter().find(|s| s.name == name).expect("collected");
    let policy = found
        .policy
        .get()
        .expect("secretsmanager:GetResourcePolicy answered");
    assert_eq!(
        policy
            .as_ref()
            .map(|p| p["Statement"][0]["Principal"].clone()),
        Some(serde_json::json!("*"))
    );
}

#[tokio::test]
async fn ecr_collector_reads_repository_policies() {
    let endpoint = emulator(MOTO);
    let ecr = aws_sdk_ecr::Client::new(&sdk_config(&endpoint).await);
    let (open, plain) = (unique("repo"), unique("repo"));
    for name in [&open, &plain] {
        ecr.create_repository()
            .repository_name(name)
            .send()
            .await
            .expect("repository");
    }
    ecr.set_repository_policy()
        .repository_name(&open)
        .policy_text(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}"#)
        .send()
        .await
        .expect("policy");

    let services = regional(&endpoint, Source::for_service("ecr")).await;
    let repositories = services.repositories.get().expect("repositories listed");
    let policy = |name: &str| {
        repositories
            .iter()
            .find(|r| r.name == name)
            .expect("repository collected")
            .policy
            .get()
            .expect("ecr:GetRepositoryPolicy answered")
            .clone()
    };
    assert_eq!(
        policy(&open).map(|p| p["Statement"][0]["Principal"].clone()),
        Some(serde_json::json!("*"))
    );
    assert_eq!(
        policy(&plain),
        None,
        "a repository without a policy has none"
    );
}

#[tokio::test]
async fn eventbridge_collector_reads_bus_policies() {
    let endpoint = emulator(LOCALSTACK);
    let events = aws_sdk_eventbridge::Client::new(&sdk_config(&endpoint).await);
    let name = unique("bus");
    events
        .create_event_bus()
        .name(&name)
        .send()
        .await
        .expect("bus");
    let services = regional(&endpoint, &[Source::EventBridge]).await;
    let buses = services.event_buses.get().expect("buses listed");
    let found = buses
        .iter()
        .find(|b| b.name == name)
        .expect("bus collected");
    assert_eq!(found.policy.get().ok(), Some(&None), "no policy yet");

    events
        .put_permission()
        .event_bus_name(&name)
        .action("events:PutEvents")
        .principal("*")
        .statement_id("anyone")
        .send()
        .await
        .expect("permission");
    let services = regional(&endpoint, &[Source::EventBridge]).await;
    let buses = services.event_buses.get().expect("buses listed");
    let found = buses
        .iter()
        .find(|b| b.name == name)
        .expect("bus collected");
    let policy = found.policy.get().expect("policy read");
    assert_eq!(
        policy
            .as_ref()
            .map(|p| p["Statement"][0]["Principal"].clone()),
        Some(serde_json::json!("*"))
    );
}

#[tokio::test]
async fn sqs_collector_reads_policy_and_encryption() {
    let endpoint = emulator(LOCALSTACK);
    let sqs = aws_sdk_sqs::Client::new(&sdk_config(&endpoint).await);
    let name = unique("queue");
    let url = sqs
        .create_queue()
        .queue_name(&name)
        .attributes(aws_sdk_sqs::types::QueueAttributeName::SqsManagedSseEnabled, "false")
        .attributes(
            aws_sdk_sqs::types::QueueAttributeName::Policy,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}"#,
        )
        .send()
        .await
        .expect("queue")
        .queue_url()
        .expect("url")
        .to_string();

    let services = regional(&endpoint, &[Source::Sqs]).await;
    let queues = services.queues.get().expect("queues listed");
    let found = queues
        .iter()
        .find(|q| q.url == url)
        .expect("queue collected");
    assert_eq!(found.name, name);
    assert!(found.arn.ends_with(&name), "{}", found.arn);
    let encryption = found.encryption.get().expect("attributes read");
    assert!(!encryption.sqs_managed_sse);
    assert_eq!(encryption.kms_key_id, None);
    let policy = found.policy.get().expect("attributes read");
    assert_eq!(
        policy
            .as_ref()
            .map(|p| p["Statement"][0]["Principal"].clone()),
        Some(serde_json::json!("*"))
    );
}

#[tokio::test]
async fn dynamodb_collector_reads_point_in_time_recovery() {
    let endpoint = emulator(MOTO);
    let dynamodb = aws_sdk_dynamodb::Client::new(&sdk_config(&endpoint).await);
    let name = unique("table");
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
    };
    dynamodb
        .create_table()
        .table_name(&name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .expect("attribute"),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .expect("key"),
        )
        .send()
        .await
        .expect("table");

    let services = regional(&endpoint, &[Source::DynamoDb]).await;
    let tables = services.tables.get().expect("tables listed");
    let found = tables
        .iter()
        .find(|t| t.name == name)
        .expect("seeded table collected");
    assert_eq!(
        found.point_in_time_recovery.get().ok().copied(),
        Some(false)
    );
}

#[tokio::test]
async fn rds_collector_reads_exposure_and_encryption() {
    let endpoint = emulator(MOTO);
    let rds = aws_sdk_rds::Client::new(&sdk_config(&endpoint).await);
    let id = unique("db");
    rds.create_db_instance()
        .db_instance_identifier(&id)
        .db_instance_class("db.t3.micro")
        .engine("postgres")
        .master_username("learner")
        .master_user_password("Sandbox-Passw0rd")
        .allocated_storage(20)
        .publicly_accessible(true)
        .storage_encrypted(false)
        .send()
        .await
        .expect("db instance");

    let services = regional(&endpoint, &[Source::Rds]).await;
    let instances = services.db_instances.get().expect("instances listed");
    let found = instances
        .iter()
        .find(|d| d.id == id)
        .expect("seeded instance collected");
    assert!(found.publicly_accessible);
    assert!(!found.storage_encrypted);
    assert_eq!(found.engine, "postgres");
}

/// In us-west-2: a detector is a region-wide fact, and the sandbox verdicts pin us-east-1's.
#[tokio::test]
async fn guardduty_collector_reads_detectors() {
    let endpoint = emulator(MOTO);
    let guardduty = aws_sdk_guardduty::Client::new(&sdk_config_in(&endpoint, "us-west-2").await);
    let created = guardduty
        .create_detector()
        .enable(true)
        .send()
        .await
        .expect("detector");
    let detector = created.detector_id().expect("id").to_string();

    let mut inventory = collect_in(&endpoint, "us-west-2", &[Source::GuardDuty]).await;
    let services = inventory
        .regions
        .remove("us-west-2")
        .expect("us-west-2 collected")
        .services;
    let detectors = services
        .guardduty_detectors
        .get()
        .expect("detectors listed");
    let found = detectors
        .iter()
        .find(|d| d.id == detector)
        .expect("detector collected");
    assert_eq!(found.status.get().map(String::as_str), Ok("ENABLED"));
    guardduty
        .delete_detector()
        .detector_id(&detector)
        .send()
        .await
        .expect("cleanup");
}

/// The seeded monitoring chain (misconfigured mode): the trail log group, its root-usage filter, the
/// alarm on the filter's metric and the alert topic, which nobody subscribed to. moto answers
/// DescribeAlarms only in the query protocol, not in the SDK's CBOR: a gap naming the call there.
async fn monitoring_collectors_read_the_seeded_chain(variable: &str, alarms_readable: bool) {
    let sources = [
        Source::Logs,
        Source::CloudWatch,
        Source::Sns,
        Source::SnsSubscriptions,
    ];
    let mut inventory = collect_from(&emulator(variable), &sources).await;
    let services = inventory
        .regions
        .remove("us-east-1")
        .expect("us-east-1 collected")
        .services;
    let groups = services.log_groups.get().expect("log groups listed");
    let group = groups
        .iter()
        .find(|g| g.name == "learn-trail-logs")
        .expect("seeded log group collected");
    assert_eq!(group.retention_days, None);
    let filters = services.metric_filters.get().expect("filters listed");
    let filter = filters
        .iter()
        .find(|f| f.name == "learn-root_usage_monitored")
        .expect("seeded filter collected");
    assert_eq!(filter.log_group, "learn-trail-logs");
    assert!(filter.pattern.contains("NOT EXISTS"), "{}", filter.pattern);
    let topic_arn = if alarms_readable {
        let alarms = services.metric_alarms.get().expect("alarms listed");
        let alarm = alarms
            .iter()
            .find(|a| a.name == "learn-root_usage_monitored")
            .expect("seeded alarm collected");
        assert_eq!(alarm.metrics, filter.metrics);
        assert!(alarm.actions_enabled);
        alarm
            .alarm_actions
            .first()
            .expect("an alarm action")
            .clone()
    } else {
        let gap = services
            .metric_alarms
            .get()
            .expect_err("no CBOR DescribeAlarms");
        assert_eq!(gap.call, "cloudwatch:DescribeAlarms");
        format!(
            "arn:aws:sns:us-east-1:{}:learn-security-alerts",
            inventory.account.id
        )
    };
    let topics = services.sns_topics.get().expect("topics listed");
    let topic = topics
        .iter()
        .find(|t| t.arn == topic_arn)
        .expect("the alarm's topic collected");
    assert!(
        topic
            .attributes
            .get()
            .expect("attributes read")
            .policy
            .is_some()
    );
    assert!(
        topic
            .subscriptions
            .get()
            .expect("subscriptions listed")
            .is_empty()
    );
}

#[tokio::test]
async fn monitoring_collectors_read_the_seeded_chain_on_localstack() {
    monitoring_collectors_read_the_seeded_chain(LOCALSTACK, true).await;
}

#[tokio::test]
async fn monitoring_collectors_read_the_seeded_chain_on_moto() {
    monitoring_collectors_read_the_seeded_chain(MOTO, false).await;
}

/// LocalStack keeps an HTTPS subscription pending (as AWS does until the endpoint confirms) and
/// confirms an SQS one at once; only the confirmed one counts. The topic's policy and KMS key are
/// read from its attributes. In us-west-2, away from the sandbox.
#[tokio::test]
async fn sns_collector_tells_confirmed_from_pending_subscribers() {
    let endpoint = emulator(LOCALSTACK);
    let sns = aws_sdk_sns::Client::new(&sdk_config_in(&endpoint, "us-west-2").await);
    let name = unique("alerts");
    let topic = sns
        .create_topic()
        .name(&name)
        .send()
        .await
        .expect("topic")
        .topic_arn()
        .expect("arn")
        .to_string();
    for (attribute, value) in [
        ("KmsMasterKeyId", "alias/aws/sns"),
        (
            "Policy",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"}]}"#,
        ),
    ] {
        sns.set_topic_attributes()
            .topic_arn(&topic)
            .attribute_name(attribute)
            .attribute_value(value)
            .send()
            .await
            .expect("attribute");
    }
    for (protocol, endpoint) in [
        ("https", "https://hooks.example.com/alerts".to_string()),
        (
            "sqs",
            "arn:aws:sqs:us-west-2:000000000000:it-inbox".to_string(),
        ),
    ] {
        sns.subscribe()
            .topic_arn(&topic)
            .protocol(protocol)
            .endpoint(endpoint)
            .send()
            .await
            .expect("subscribe");
    }
    let mut inventory = collect_in(&endpoint, "us-west-2", Source::for_service("sns")).await;
    let services = inventory
        .regions
        .remove("us-west-2")
        .expect("collected")
        .services;
    let collected = services.sns_topics.get().expect("topics listed");
    let found = collected
        .iter()
        .find(|t| t.arn == topic)
        .expect("topic collected");
    let mut states: Vec<(String, bool)> = found
        .subscriptions
        .get()
        .expect("subscriptions listed")
        .iter()
        .map(|s| (s.protocol.clone(), *s.confirmed.get().expect("state read")))
        .collect();
    states.sort();
    assert_eq!(states, vec![("https".into(), false), ("sqs".into(), true)]);
    let attributes = found.attributes.get().expect("attributes read");
    assert_eq!(
        attributes.kms_master_key_id.as_deref(),
        Some("alias/aws/sns")
    );
    assert_eq!(
        attributes
            .policy
            .as_ref()
            .map(|p| p["Statement"][0]["Principal"].clone()),
        Some(serde_json::json!("*"))
    );
    sns.delete_topic()
        .topic_arn(&topic)
        .send()
        .await
        .expect("cleanup");
}

/// GetAlternateContact: moto answers (no contact in the misconfigured sandbox), LocalStack does not
/// emulate the API, which must be a gap naming the call, never "no contact".
#[tokio::test]
async fn account_collector_reads_the_security_contact_or_names_the_gap() {
    let moto = collect_from(&emulator(MOTO), &[Source::Account]).await;
    assert_eq!(moto.security_contact.get().expect("answered"), &None);
    let localstack = collect_from(&emulator(LOCALSTACK), &[Source::Account]).await;
    let gap = localstack
        .security_contact
        .get()
        .expect_err("LocalStack does not emulate the Account API");
    assert_eq!(gap.call, "account:GetAlternateContact");
}

#[test]
fn an_unimplemented_api_yields_error_findings_naming_the_call() {
    let endpoint = emulator(LOCALSTACK);
    let output = posture_at(&endpoint)
        .args([
            "audit",
            "--format",
            "json",
            "--check",
            "cloudtrail.*",
            "--check",
            "iam.root_mfa_enabled",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let cloudtrail: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["service"] == "cloudtrail")
        .collect();
    assert!(!cloudtrail.is_empty());
    for finding in cloudtrail {
        assert_eq!(finding["status"], "ERROR", "{finding}");
        assert!(
            finding["message"]
                .as_str()
                .expect("message")
                .contains("cloudtrail:"),
            "{finding}"
        );
    }
}

#[test]
fn a_snapshot_audits_offline_to_the_same_findings() {
    let endpoint = emulator(MOTO);
    let dir = tempfile::tempdir().expect("temp dir");
    let snapshot = dir.path().join("inventory.json");
    let live = posture_at(&endpoint)
        .args(["audit", "--format", "json", "--save-snapshot"])
        .arg(&snapshot)
        .output()
        .expect("runs");
    assert!(live.status.success(), "{}", stderr(&live));
    let offline = crate::common::posture()
        .args(["audit", "--format", "json", "--from"])
        .arg(&snapshot)
        .output()
        .expect("runs");
    assert!(offline.status.success(), "{}", stderr(&offline));
    assert_eq!(json(&live)["findings"], json(&offline)["findings"]);
}

/// The seeder's record of what the sandbox it seeded should audit to (`seed_sandbox.py
/// --summary-json`; the schema is documented at the top of that script). The only fields read here.
#[derive(Deserialize)]
struct SeedRecord {
    schema: String,
    emulator: String,
    account: String,
    region: String,
    mode: String,
    verdicts: Vec<SeededVerdict>,
    unavailable: Vec<UnservedService>,
    errors: Vec<String>,
}

/// One seeded resource's expected verdict; `resource` is a label as `seeded_verdicts` makes it.
#[derive(Deserialize)]
struct SeededVerdict {
    check: String,
    resource: String,
    verdict: String,
    why: String,
}

/// A service the endpoint does not serve: every check reading it must report ERROR.
#[derive(Deserialize)]
struct UnservedService {
    service: Source,
    why: String,
}

/// The record `scripts/test.sh` wrote (path in `variable`) when it seeded the emulator.
fn seed_record(variable: &str) -> (String, SeedRecord) {
    let path = std::env::var(variable).unwrap_or_else(|_| {
        panic!("{variable} is not set: run the suite with scripts/test.sh, which seeds the emulators and keeps the seeder's record")
    });
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the seeder's record {path} ({variable}) cannot be read: {e}"));
    let record: SeedRecord = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{path} is not a seeder's record: {e}"));
    assert_eq!(record.schema, "posture.seed/v2", "{path}: unknown schema");
    assert_eq!(
        record.mode, "misconfigured",
        "{path}: not the misconfigured sandbox"
    );
    assert_eq!(
        record.region, "us-east-1",
        "{path}: the sandbox verdicts are us-east-1's"
    );
    assert!(
        record.errors.is_empty(),
        "{path}: the seeder failed, so its record is incomplete: {:#?}",
        record.errors
    );
    (path, record)
}

/// The seeded sandbox's verdicts as `posture audit` reports them: only seeded resources (their
/// names carry `learn-`) and account- or region-wide settings (labelled `account` and `region`);
/// what an emulator creates on its own (default VPCs, AMI volumes) and what other tests create
/// (`it-` names) is left out by name.
fn seeded_verdicts(report: &serde_json::Value) -> BTreeSet<(String, String, String)> {
    let account = report["account"]["id"].as_str().expect("account id");
    let region = format!("{account}/us-east-1");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|finding| {
            let resource = &finding["resource"];
            let label = resource["name"]
                .as_str()
                .or(resource["id"].as_str())
                .expect("resource id");
            let label = if label == account {
                "account"
            } else if label == region {
                "region"
            } else if label.contains("learn-") {
                label
            } else {
                return None;
            };
            let field = |key: &str| finding[key].as_str().expect("string field").to_string();
            Some((field("check_id"), label.to_string(), field("status")))
        })
        .collect()
}

/// Audits the emulator behind `endpoint_variable` and compares the verdicts, exactly and both
/// ways, with the record the seeder wrote while seeding it (path in `seed_variable`).
fn assert_sandbox_verdicts(endpoint_variable: &str, seed_variable: &str, emulator_name: &str) {
    let (path, record) = seed_record(seed_variable);
    assert_eq!(
        record.emulator, emulator_name,
        "{path} records a seeding of {}, not {emulator_name}",
        record.emulator
    );
    let endpoint = emulator(endpoint_variable);
    let output = posture_at(&endpoint)
        .args(["audit", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(
        report["account"]["id"], record.account,
        "{path} was written for another account"
    );

    let expected: BTreeMap<(String, String, String), &str> = record
        .verdicts
        .iter()
        .map(|v| {
            (
                (v.check.clone(), v.resource.clone(), v.verdict.clone()),
                v.why.as_str(),
            )
        })
        .collect();
    let pinned: BTreeSet<&str> = expected
        .keys()
        .map(|(check, _, _)| check.as_str())
        .collect();

    // What the endpoint cannot serve is ERROR, never PASS: every check reading such a service
    // reports an ERROR. A check that reads it alone, or joins it with others, reports nothing
    // but ERROR; a check that judges several services' resources one by one (external access)
    // is ERROR only for the unserved one's, and the seeder, which pins the verdicts of such a
    // check, records that ERROR beside the verdicts of the rest.
    let findings = report["findings"].as_array().expect("findings");
    let mut unserved = BTreeSet::new();
    for check in posture::registry::all() {
        let Some(service) = record
            .unavailable
            .iter()
            .find(|u| check.needs().contains(&u.service))
        else {
            continue;
        };
        let id = check.meta().id.as_str();
        let reported: Vec<_> = findings.iter().filter(|f| f["check_id"] == id).collect();
        assert!(
            reported.iter().any(|f| f["status"] == "ERROR"),
            "{id} reported no ERROR, but it reads {:?}, which {emulator_name} does not serve ({})",
            service.service,
            service.why
        );
        if pinned.contains(id) {
            continue;
        }
        unserved.insert(id);
        for finding in reported {
            assert_eq!(
                finding["status"], "ERROR",
                "{id} reads {:?}, which {emulator_name} does not serve ({}): {finding}",
                service.service, service.why
            );
        }
    }

    let actual: BTreeSet<_> = seeded_verdicts(&report)
        .into_iter()
        .filter(|(check, _, _)| !unserved.contains(check.as_str()))
        .collect();
    let missing: Vec<_> = expected
        .iter()
        .filter(|(row, _)| !actual.contains(*row))
        .map(|((check, resource, verdict), why)| format!("{check} {resource} {verdict} ({why})"))
        .collect();
    let unexpected: Vec<_> = actual
        .iter()
        .filter(|row| !expected.contains_key(*row))
        .collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "verdicts differ from the seeder's record {path}.\nrecorded but not reported: {missing:#?}\nreported but not recorded: {unexpected:#?}"
    );
}

#[test]
fn the_seeded_sandbox_audits_to_the_seeders_record_on_localstack() {
    assert_sandbox_verdicts(LOCALSTACK, LOCALSTACK_SEED, "localstack");
}

#[test]
fn the_seeded_sandbox_audits_to_the_seeders_record_on_moto() {
    assert_sandbox_verdicts(MOTO, MOTO_SEED, "moto");
}
