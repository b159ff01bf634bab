//! `lambda.runtime_supported`: no function runs on a Lambda runtime AWS has deprecated.

use chrono::NaiveDate;

use crate::check::{Check, CheckMeta, Settings};
use crate::check_meta;
use crate::checks::lambda::per_function;
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct RuntimeSupported;

/// Managed runtimes and the day AWS deprecated them (stopped applying security patches), from
/// the "Deprecated runtimes" and "Supported runtimes" tables of the AWS Lambda Developer Guide
/// page "Lambda runtimes" (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
/// A function is judged against `collected_at`, so an entry whose day has not come yet is not a
/// failure. Only dates known for certain are listed; AWS moves future dates now and then, so keep
/// this table in step with that page.
const DEPRECATED: &[(&str, (i32, u32, u32))] = &[
    ("dotnet6", (2024, 12, 20)),
    ("dotnet7", (2024, 5, 14)),
    ("dotnet8", (2026, 11, 10)),
    ("dotnetcore1.0", (2019, 7, 30)),
    ("dotnetcore2.0", (2019, 5, 30)),
    ("dotnetcore2.1", (2022, 1, 5)),
    ("dotnetcore3.1", (2023, 4, 3)),
    ("go1.x", (2024, 1, 8)),
    ("java8", (2024, 1, 8)),
    ("nodejs", (2016, 10, 31)),
    ("nodejs10.x", (2021, 7, 30)),
    ("nodejs12.x", (2023, 3, 31)),
    ("nodejs14.x", (2023, 12, 4)),
    ("nodejs16.x", (2024, 6, 12)),
    ("nodejs18.x", (2025, 9, 1)),
    ("nodejs20.x", (2026, 4, 30)),
    ("nodejs4.3", (2020, 3, 5)),
    ("nodejs4.3-edge", (2020, 4, 30)),
    ("nodejs6.10", (2019, 8, 12)),
    ("nodejs8.10", (2020, 3, 6)),
    ("provided", (2024, 1, 8)),
    ("python2.7", (2021, 7, 15)),
    ("python3.6", (2022, 7, 18)),
    ("python3.7", (2023, 12, 4)),
    ("python3.8", (2024, 10, 14)),
    ("python3.9", (2025, 12, 15)),
    ("ruby2.5", (2021, 7, 30)),
    ("ruby2.7", (2023, 12, 7)),
    ("ruby3.2", (2026, 3, 31)),
];

/// The day `runtime` was (or will be) deprecated, if the table knows it.
fn deprecation_date(runtime: &str) -> Option<NaiveDate> {
    DEPRECATED
        .iter()
        .find(|(name, _)| *name == runtime)
        .and_then(|(_, (year, month, day))| NaiveDate::from_ymd_opt(*year, *month, *day))
}

impl Check for RuntimeSupported {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("lambda/runtime_supported")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let today = inventory.collected_at.date_naive();
        per_function(inventory, self.meta(), |function| {
            let name = &function.name;
            let Some(runtime) = function.runtime.as_deref() else {
                return Ok((
                    true,
                    format!(
                        "function {name} is a container image: it brings its own runtime, which \
                         its image build must keep patched"
                    ),
                ));
            };
            Ok(match deprecation_date(runtime) {
                Some(date) if date <= today => (
                    false,
                    format!(
                        "function {name} runs on {runtime}, deprecated by AWS on {date}: the \
                         runtime no longer receives security patches"
                    ),
                ),
                _ => (
                    true,
                    format!("function {name} runs on {runtime}, which is not deprecated"),
                ),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::verdicts;
    use crate::checks::lambda::fixtures::{assert_region_error, function, run};
    use crate::finding::Status;
    use crate::inventory::services::Function;

    fn on(name: &str, runtime: Option<&str>) -> Function {
        Function {
            runtime: runtime.map(str::to_string),
            ..function(name)
        }
    }

    #[test]
    fn every_table_entry_is_a_real_date_and_the_table_is_sorted() {
        for (runtime, _) in DEPRECATED {
            assert!(deprecation_date(runtime).is_some(), "{runtime}");
        }
        assert!(DEPRECATED.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn deprecated_runtimes_fail_as_of_collection_time() {
        // The fixture inventory is collected on 2026-11-01: dotnet8 (2026-11-10) is not due yet.
        let findings = run(
            &RuntimeSupported,
            vec![
                on("old", Some("python3.7")),
                on("current", Some("python3.12")),
                on("al2", Some("provided.al2")),
                on("soon", Some("dotnet8")),
                on("image", None),
            ],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("old".into(), Status::Fail),
                ("current".into(), Status::Pass),
                ("al2".into(), Status::Pass),
                ("soon".into(), Status::Pass),
                ("image".into(), Status::Pass),
            ]
        );
        assert_eq!(
            findings[0].message,
            "function old runs on python3.7, deprecated by AWS on 2023-12-04: the runtime no \
             longer receives security patches"
        );
        assert_eq!(
            findings[1].message,
            "function current runs on python3.12, which is not deprecated"
        );
        assert!(
            findings[4]
                .message
                .starts_with("function image is a container image")
        );
    }

    #[test]
    fn errors_when_functions_were_not_listed() {
        assert_region_error(&RuntimeSupported);
    }
}
