//! `lambda.runtime_supported`: no function runs on a Lambda runtime AWS has deprecated.

use chrono::NaiveDate;

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::per_regional_resource;
use crate::finding::{Finding, Verdict};
use crate::inventory::services::Function;
use crate::inventory::{Gap, Inventory, Source};

pub struct RuntimeSupported;

/// A calendar day as (year, month, day).
type Day = (i32, u32, u32);

/// Every Lambda managed runtime this table knows, with the day AWS deprecated it (stopped applying
/// security patches) or plans to, from the "Supported runtimes" and "Deprecated runtimes" tables of
/// the Lambda Developer Guide page "Lambda runtimes"
/// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html). `None`: AWS supports it
/// and this table records no date. A function is judged against `collected_at`, so a date that has
/// not come yet is not a failure. A runtime missing here is not judged at all (ERROR): a name this
/// table has never seen may be new or may be long gone, and guessing either way would be a silent
/// verdict. Keep it in step with that page.
const RUNTIMES: &[(&str, Option<Day>)] = &[
    ("dotnet10", Some((2028, 11, 14))),
    ("dotnet6", Some((2024, 12, 20))),
    ("dotnet7", Some((2024, 5, 14))),
    ("dotnet8", Some((2026, 11, 10))),
    ("dotnetcore1.0", Some((2019, 7, 30))),
    ("dotnetcore2.0", Some((2019, 5, 30))),
    ("dotnetcore2.1", Some((2022, 1, 5))),
    ("dotnetcore3.1", Some((2023, 4, 3))),
    ("go1.x", Some((2024, 1, 8))),
    ("java11", None),
    ("java17", None),
    ("java21", None),
    ("java25", Some((2029, 6, 30))),
    ("java8", Some((2024, 1, 8))),
    ("java8.al2", None),
    ("nodejs", Some((2016, 10, 31))),
    ("nodejs10.x", Some((2021, 7, 30))),
    ("nodejs12.x", Some((2023, 3, 31))),
    ("nodejs14.x", Some((2023, 12, 4))),
    ("nodejs16.x", Some((2024, 6, 12))),
    ("nodejs18.x", Some((2025, 9, 1))),
    ("nodejs20.x", Some((2026, 4, 30))),
    ("nodejs22.x", Some((2027, 4, 30))),
    ("nodejs24.x", Some((2028, 4, 30))),
    ("nodejs4.3", Some((2020, 3, 5))),
    ("nodejs4.3-edge", Some((2020, 4, 30))),
    ("nodejs6.10", Some((2019, 8, 12))),
    ("nodejs8.10", Some((2020, 3, 6))),
    ("provided", Some((2024, 1, 8))),
    ("provided.al2", None),
    ("provided.al2023", None),
    ("python2.7", Some((2021, 7, 15))),
    ("python3.10", None),
    ("python3.11", None),
    ("python3.12", None),
    ("python3.13", Some((2029, 6, 30))),
    ("python3.14", Some((2029, 6, 30))),
    ("python3.6", Some((2022, 7, 18))),
    ("python3.7", Some((2023, 12, 4))),
    ("python3.8", Some((2024, 10, 14))),
    ("python3.9", Some((2025, 12, 15))),
    ("ruby2.5", Some((2021, 7, 30))),
    ("ruby2.7", Some((2023, 12, 7))),
    ("ruby3.2", Some((2026, 3, 31))),
    ("ruby3.3", Some((2027, 3, 31))),
    ("ruby3.4", Some((2028, 3, 31))),
];

/// What the table knows of `runtime`: `None` when the runtime is not in it, `Some(None)` when it is
/// supported with no date recorded, `Some(Some(day))` when it is deprecated from `day` on.
fn deprecation_date(runtime: &str) -> Option<Option<NaiveDate>> {
    RUNTIMES
        .iter()
        .find(|(name, _)| *name == runtime)
        .map(|(_, date)| {
            date.and_then(|(year, month, day)| NaiveDate::from_ymd_opt(year, month, day))
        })
}

/// The gap for what the listing did not say: no runtime, yet no container image either.
const LIST_FUNCTIONS: &str = "lambda:ListFunctions";

impl Check for RuntimeSupported {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("lambda/runtime_supported")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::Lambda]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let today = inventory.collected_at.date_naive();
        per_regional_resource(
            inventory,
            self.meta(),
            |r| &r.services.functions,
            |_, function| Some(judge(function, today)),
        )
    }
}

fn judge(function: &Function, today: NaiveDate) -> Result<Verdict, Gap> {
    let name = &function.name;
    let Some(runtime) = function.runtime.as_deref() else {
        // Only a container image runs without one of Lambda's runtimes; anything else is a
        // listing that left the runtime out, which says nothing about what the code runs on.
        return match function.package_type.as_deref() {
            Some(kind) if kind.eq_ignore_ascii_case("Image") => Ok(Verdict::Pass(format!(
                "function {name} is a container image: it brings its own runtime, which its \
                 image build must keep patched"
            ))),
            kind => Err(Gap::new(
                LIST_FUNCTIONS,
                format!(
                    "function {name} was listed without a runtime and with package type {}, so \
                     what it runs on is unknown",
                    kind.unwrap_or("(none)")
                ),
            )),
        };
    };
    match deprecation_date(runtime) {
        None => Err(Gap::new(
            "",
            format!(
                "function {name} runs on {runtime}, a runtime posture's table does not know: \
                 check it against the Lambda runtimes page"
            ),
        )),
        Some(Some(date)) if date <= today => Ok(Verdict::Fail(format!(
            "function {name} runs on {runtime}, deprecated by AWS on {date}: the runtime no \
             longer receives security patches"
        ))),
        Some(_) => Ok(Verdict::Pass(format!(
            "function {name} runs on {runtime}, which is not deprecated"
        ))),
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
        let package_type = if runtime.is_some() { "Zip" } else { "Image" };
        Function {
            runtime: runtime.map(str::to_string),
            package_type: Some(package_type.into()),
            ..function(name)
        }
    }

    #[test]
    fn every_table_date_is_a_real_date_and_the_table_is_sorted() {
        for (runtime, date) in RUNTIMES {
            let known = deprecation_date(runtime).expect("listed");
            assert_eq!(known.is_some(), date.is_some(), "{runtime}");
        }
        assert!(RUNTIMES.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn a_missing_runtime_is_a_container_image_only_when_the_package_type_says_so() {
        let zip_without_runtime = Function {
            runtime: None,
            package_type: Some("Zip".into()),
            ..function("zip")
        };
        let untyped = Function {
            runtime: None,
            package_type: None,
            ..function("untyped")
        };
        let findings = run(
            &RuntimeSupported,
            vec![on("image", None), zip_without_runtime, untyped],
        );
        assert_eq!(
            verdicts(&findings),
            vec![
                ("image".into(), Status::Pass),
                ("zip".into(), Status::Error),
                ("untyped".into(), Status::Error),
            ]
        );
        assert!(findings[1].message.contains("lambda:ListFunctions failed"));
        assert!(findings[2].message.contains("package type (none)"));
    }

    #[test]
    fn a_runtime_the_table_does_not_know_is_an_error_not_a_pass() {
        let findings = run(&RuntimeSupported, vec![on("future", Some("cobol2.0"))]);
        assert_eq!(verdicts(&findings), vec![("future".into(), Status::Error)]);
        assert!(findings[0].message.contains("does not know"));
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
