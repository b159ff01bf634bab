//! CloudTrail: every trail visible from the region (shadow copies of multi-region and organization
//! trails included), each with its logging status and whether it records all management events.

use std::collections::BTreeMap;

use aws_sdk_cloudtrail::Client;
use aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput;
use aws_sdk_cloudtrail::types::{AdvancedEventSelector, EventSelector, ReadWriteType};

use crate::collect::bounded;
use crate::collect::calls::{Calls, client};
use crate::inventory::services::{S3DataEvents, Trail};
use crate::inventory::{Collected, Gap};

pub async fn collect(calls: &Calls) -> Result<Vec<Trail>, Gap> {
    let client = client!(aws_sdk_cloudtrail, calls);
    let output = calls
        .call(
            "cloudtrail:DescribeTrails",
            client.describe_trails().include_shadow_trails(true).send(),
        )
        .await?;
    // Status and selectors are asked of each trail's home region: GetEventSelectors does not
    // answer for a shadow copy elsewhere (moto says TrailNotFoundException, and the API reference
    // promises cross-region answers only for GetTrailStatus). A multi-region trail is listed in
    // every audited region but its details are read once per run (`Calls::trails`); auditing a
    // region without the trail's home still judges the trail.
    let here = calls.region();
    let mut clients: BTreeMap<&str, (Calls, Client)> = BTreeMap::new();
    let work: Vec<(&(Calls, Client), &aws_sdk_cloudtrail::types::Trail)> = output
        .trail_list()
        .iter()
        .map(|trail| {
            let home = trail
                .home_region()
                .filter(|home| !home.is_empty())
                .unwrap_or(&here);
            clients.entry(home).or_insert_with(|| {
                let home_calls = calls.in_region(home);
                let home_client = client!(aws_sdk_cloudtrail, &home_calls);
                (home_calls, home_client)
            });
            (home, trail)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|(home, trail)| Some((clients.get(home)?, trail)))
        .collect();
    Ok(bounded(work, |((home_calls, client), trail)| async move {
        let details = trail_details(home_calls, client, trail);
        match trail
            .trail_arn()
            .filter(|_| trail.is_multi_region_trail() == Some(true))
        {
            Some(arn) => calls.trails().get_or_compute(arn, details).await,
            None => details.await,
        }
    })
    .await)
}

/// The trail with its status and selectors, asked of a client in the trail's home region. Both
/// calls take the ARN, which names the trail unambiguously.
async fn trail_details(
    calls: &Calls,
    client: &Client,
    trail: &aws_sdk_cloudtrail::types::Trail,
) -> Trail {
    let name = trail.name().unwrap_or_default().to_string();
    let arn = trail.trail_arn().unwrap_or_default().to_string();
    let id = if arn.is_empty() {
        name.clone()
    } else {
        arn.clone()
    };
    let (status, selectors) = tokio::join!(
        calls.call(
            "cloudtrail:GetTrailStatus",
            client.get_trail_status().name(&id).send()
        ),
        calls.call(
            "cloudtrail:GetEventSelectors",
            client.get_event_selectors().trail_name(&id).send()
        ),
    );
    let selectors = Collected::from(selectors);
    Trail {
        name,
        arn,
        home_region: trail.home_region().unwrap_or_default().to_string(),
        is_multi_region: trail.is_multi_region_trail().unwrap_or(false),
        log_file_validation: trail.log_file_validation_enabled().unwrap_or(false),
        kms_key_id: trail.kms_key_id().map(str::to_string),
        s3_bucket: trail.s3_bucket_name().map(str::to_string),
        is_logging: Collected::from(status.map(|output| output.is_logging().unwrap_or(false))),
        records_all_management_events: selectors
            .clone()
            .map(|output| records_all_management_events(&output)),
        s3_data_events: selectors.map(|output| s3_data_events(&output)),
        cloudwatch_logs_log_group_arn: trail
            .cloud_watch_logs_log_group_arn()
            .filter(|arn| !arn.is_empty())
            .map(str::to_string),
        is_organization_trail: trail.is_organization_trail().unwrap_or(false),
    }
}

/// Which S3 object-level events the selectors record for every bucket (CIS 3.8 and 3.9). Basic
/// selectors name all buckets with the bare prefix `arn:<partition>:s3` (or `...:s3:::`); advanced
/// ones select `eventCategory = Data` and `resources.type = AWS::S3::Object`, optionally split by
/// `readOnly`. A selector narrowed to some buckets or event names does not cover every bucket.
fn s3_data_events(output: &GetEventSelectorsOutput) -> S3DataEvents {
    let mut events = S3DataEvents::default();
    let mut add = |read: bool, write: bool| {
        events.read |= read;
        events.write |= write;
    };
    for selector in output.event_selectors() {
        let all_buckets = selector.data_resources().iter().any(|resource| {
            resource.r#type() == Some("AWS::S3::Object")
                && resource.values().iter().any(|value| is_every_bucket(value))
        });
        if all_buckets {
            match selector.read_write_type() {
                Some(ReadWriteType::ReadOnly) => add(true, false),
                Some(ReadWriteType::WriteOnly) => add(false, true),
                _ => add(true, true),
            }
        }
    }
    for selector in output.advanced_event_selectors() {
        let fields = selector.field_selectors();
        let equals = |name: &str, value: &str| {
            fields
                .iter()
                .any(|f| f.field() == name && f.equals() == [value])
        };
        let narrowed = fields
            .iter()
            .any(|f| !matches!(f.field(), "eventCategory" | "resources.type" | "readOnly"));
        if equals("eventCategory", "Data")
            && equals("resources.type", "AWS::S3::Object")
            && !narrowed
        {
            match fields
                .iter()
                .find(|f| f.field() == "readOnly")
                .map(|f| f.equals().iter().map(String::as_str).collect::<Vec<_>>())
            {
                Some(values) if values == ["true"] => add(true, false),
                Some(values) if values == ["false"] => add(false, true),
                _ => add(true, true),
            }
        }
    }
    events
}

/// `arn:aws:s3` (or `arn:aws:s3:::`): the documented way to select every bucket's objects.
fn is_every_bucket(value: &str) -> bool {
    let value = value.strip_suffix(":::").unwrap_or(value);
    value.starts_with("arn:") && value.ends_with(":s3") && value.matches(':').count() == 2
}

/// Whether the trail records every management event, reads and writes, from every source (CIS
/// 3.1). A trail uses either basic or advanced selectors; one selector of either kind that asks
/// for all management events is enough, since selectors add up. A trail with no selector at all
/// has the documented default, "all read and write management events, no data events": AWS
/// answers with that default selector spelled out, moto answers with two empty lists.
fn records_all_management_events(output: &GetEventSelectorsOutput) -> bool {
    let no_selectors =
        output.event_selectors().is_empty() && output.advanced_event_selectors().is_empty();
    no_selectors
        || output.event_selectors().iter().any(basic_records_all)
        || output
            .advanced_event_selectors()
            .iter()
            .any(advanced_records_all)
}

/// A basic selector: management events on, read/write type `All`, no event source excluded
/// (such as KMS or RDS Data API events).
fn basic_records_all(selector: &EventSelector) -> bool {
    selector.include_management_events().unwrap_or(false)
        && selector.read_write_type() == Some(&ReadWriteType::All)
        && selector.exclude_management_event_sources().is_empty()
}

/// An advanced selector: `eventCategory = Management` and no other field. Any other field (a
/// `readOnly` filter, an `eventSource` exclusion) narrows it to a subset.
fn advanced_records_all(selector: &AdvancedEventSelector) -> bool {
    let fields = selector.field_selectors();
    let is_category = |field: &str| field == "eventCategory";
    fields
        .iter()
        .any(|f| is_category(f.field()) && f.equals() == ["Management"])
        && fields.iter().all(|f| is_category(f.field()))
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudtrail::types::AdvancedFieldSelector;

    use super::*;

    fn basic(read_write: ReadWriteType, management: bool, excluded: &[&str]) -> EventSelector {
        let mut builder = EventSelector::builder()
            .read_write_type(read_write)
            .include_management_events(management);
        for source in excluded {
            builder = builder.exclude_management_event_sources(*source);
        }
        builder.build()
    }

    fn field(name: &str, equals: &str) -> AdvancedFieldSelector {
        AdvancedFieldSelector::builder()
            .field(name)
            .equals(equals)
            .build()
            .expect("field is set")
    }

    fn advanced(fields: Vec<AdvancedFieldSelector>) -> AdvancedEventSelector {
        AdvancedEventSelector::builder()
            .set_field_selectors(Some(fields))
            .build()
            .expect("fields are set")
    }

    fn with_basic(selector: EventSelector) -> GetEventSelectorsOutput {
        GetEventSelectorsOutput::builder()
            .event_selectors(selector)
            .build()
    }

    fn with_advanced(selector: AdvancedEventSelector) -> GetEventSelectorsOutput {
        GetEventSelectorsOutput::builder()
            .advanced_event_selectors(selector)
            .build()
    }

    #[test]
    fn basic_selectors_must_ask_for_all_management_events() {
        assert!(records_all_management_events(&with_basic(basic(
            ReadWriteType::All,
            true,
            &[]
        ))));
        assert!(!records_all_management_events(&with_basic(basic(
            ReadWriteType::WriteOnly,
            true,
            &[]
        ))));
        assert!(!records_all_management_events(&with_basic(basic(
            ReadWriteType::All,
            false,
            &[]
        ))));
        assert!(!records_all_management_events(&with_basic(basic(
            ReadWriteType::All,
            true,
            &["kms.amazonaws.com"]
        ))));
    }

    #[test]
    fn s3_data_events_count_only_when_every_bucket_is_selected() {
        let basic_s3 = |values: &[&str], read_write: ReadWriteType| {
            let mut resource =
                aws_sdk_cloudtrail::types::DataResource::builder().r#type("AWS::S3::Object");
            for value in values {
                resource = resource.values(*value);
            }
            with_basic(
                EventSelector::builder()
                    .read_write_type(read_write)
                    .include_management_events(true)
                    .data_resources(resource.build())
                    .build(),
            )
        };
        let all = S3DataEvents {
            read: true,
            write: true,
        };
        assert_eq!(
            s3_data_events(&basic_s3(&["arn:aws:s3"], ReadWriteType::All)),
            all
        );
        assert_eq!(
            s3_data_events(&basic_s3(&["arn:aws:s3:::"], ReadWriteType::WriteOnly)),
            S3DataEvents {
                read: false,
                write: true
            }
        );
        assert_eq!(
            s3_data_events(&basic_s3(&["arn:aws:s3:::one-bucket/"], ReadWriteType::All)),
            S3DataEvents::default()
        );
        let data = || field("eventCategory", "Data");
        let objects = || field("resources.type", "AWS::S3::Object");
        assert_eq!(
            s3_data_events(&with_advanced(advanced(vec![data(), objects()]))),
            all
        );
        assert_eq!(
            s3_data_events(&with_advanced(advanced(vec![
                data(),
                objects(),
                field("readOnly", "true")
            ]))),
            S3DataEvents {
                read: true,
                write: false
            }
        );
        assert_eq!(
            s3_data_events(&with_advanced(advanced(vec![
                data(),
                objects(),
                field("resources.ARN", "arn:aws:s3:::b/")
            ]))),
            S3DataEvents::default()
        );
        assert_eq!(
            s3_data_events(&GetEventSelectorsOutput::builder().build()),
            S3DataEvents::default()
        );
    }

    #[test]
    fn no_selector_at_all_means_the_default_of_all_management_events() {
        let empty = GetEventSelectorsOutput::builder().build();
        assert!(records_all_management_events(&empty));
    }

    #[test]
    fn advanced_selectors_must_not_narrow_the_management_category() {
        let management = || field("eventCategory", "Management");
        assert!(records_all_management_events(&with_advanced(advanced(
            vec![management()]
        ))));
        assert!(!records_all_management_events(&with_advanced(advanced(
            vec![management(), field("readOnly", "false"),]
        ))));
        assert!(!records_all_management_events(&with_advanced(advanced(
            vec![field("eventCategory", "Data")]
        ))));
    }
}
