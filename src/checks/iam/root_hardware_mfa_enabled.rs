//! `iam.root_hardware_mfa_enabled`: the root user's MFA is a hardware device, not a virtual one.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::account_resource;
use crate::checks::iam::summary_value;
use crate::finding::Finding;
use crate::inventory::iam::VirtualMfaDevice;
use crate::inventory::{Inventory, Source};

pub struct RootHardwareMfaEnabled;

/// The serial IAM gives the root user's virtual MFA device (`arn:aws:iam::<id>:mfa/root-account-mfa-device`).
const ROOT_VIRTUAL_SERIAL_SUFFIX: &str = "root-account-mfa-device";

fn is_root_device(device: &VirtualMfaDevice) -> bool {
    device
        .user_arn
        .as_deref()
        .is_some_and(|arn| arn.ends_with(":root"))
        || device.serial_number.ends_with(ROOT_VIRTUAL_SERIAL_SUFFIX)
}

impl Check for RootHardwareMfaEnabled {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("iam/root_hardware_mfa_enabled")
    }

    fn needs(&self) -> &'static [Source] {
        &[Source::IamAccountSummary, Source::IamVirtualMfaDevices]
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        let meta = self.meta();
        let account = account_resource(inventory);
        let mfa = match summary_value(inventory, "AccountMFAEnabled") {
            Ok(value) => value,
            Err(gap) => return vec![Finding::error(meta, account, &gap)],
        };
        if mfa != 1 {
            return vec![Finding::fail(
                meta,
                account,
                format!("The root user has no MFA device at all (AccountMFAEnabled = {mfa})"),
            )];
        }
        let devices = match inventory.iam.virtual_mfa_devices.get() {
            Ok(devices) => devices,
            Err(gap) => return vec![Finding::error(meta, account, &gap)],
        };
        let finding = match devices.iter().find(|device| is_root_device(device)) {
            Some(device) => Finding::fail(
                meta,
                account,
                format!(
                    "The root user's MFA is a virtual device ({}), not a hardware one",
                    device.serial_number
                ),
            ),
            None => Finding::pass(
                meta,
                account,
                "The root user has MFA and no virtual MFA device is assigned to it, so it uses a hardware device",
            ),
        };
        vec![finding]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixtures::{ACCOUNT, failed, inventory, verdicts};
    use crate::finding::Status;
    use crate::inventory::Collected;

    fn account(mfa: i64, devices: Collected<Vec<VirtualMfaDevice>>) -> Inventory {
        let mut inventory = inventory();
        inventory.iam.account_summary =
            Collected::Ok([("AccountMFAEnabled".to_string(), mfa)].into());
        inventory.iam.virtual_mfa_devices = devices;
        inventory
    }

    fn device(serial: &str, user_arn: Option<&str>) -> VirtualMfaDevice {
        VirtualMfaDevice {
            serial_number: serial.into(),
            user_arn: user_arn.map(str::to_string),
        }
    }

    fn status(inventory: &Inventory) -> Vec<(String, Status)> {
        verdicts(&RootHardwareMfaEnabled.evaluate(inventory, &Settings::default()))
    }

    #[test]
    fn passes_when_no_virtual_device_belongs_to_root() {
        let other = device(
            &format!("arn:aws:iam::{ACCOUNT}:mfa/alice"),
            Some(&format!("arn:aws:iam::{ACCOUNT}:user/alice")),
        );
        let unassigned = device(&format!("arn:aws:iam::{ACCOUNT}:mfa/spare"), None);
        let inventory = account(1, Collected::Ok(vec![other, unassigned]));
        assert_eq!(status(&inventory), vec![(ACCOUNT.into(), Status::Pass)]);
    }

    #[test]
    fn fails_with_a_virtual_root_device() {
        let serial = format!("arn:aws:iam::{ACCOUNT}:mfa/root-account-mfa-device");
        let by_serial = account(1, Collected::Ok(vec![device(&serial, None)]));
        let by_user = account(
            1,
            Collected::Ok(vec![device(
                &format!("arn:aws:iam::{ACCOUNT}:mfa/phone"),
                Some(&format!("arn:aws:iam::{ACCOUNT}:root")),
            )]),
        );
        for inventory in [by_serial, by_user] {
            let findings = RootHardwareMfaEnabled.evaluate(&inventory, &Settings::default());
            assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
            assert!(
                findings[0]
                    .message
                    .contains("virtual device (arn:aws:iam::")
            );
        }
    }

    #[test]
    fn fails_without_any_mfa_even_if_devices_were_not_listed() {
        let inventory = account(0, failed("iam:ListVirtualMFADevices"));
        let findings = RootHardwareMfaEnabled.evaluate(&inventory, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Fail)]);
        assert!(findings[0].message.contains("AccountMFAEnabled = 0"));
    }

    #[test]
    fn errors_when_either_collection_is_missing() {
        let no_devices = account(1, failed("iam:ListVirtualMFADevices"));
        let findings = RootHardwareMfaEnabled.evaluate(&no_devices, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(findings[0].message.contains("iam:ListVirtualMFADevices"));

        let mut no_summary = account(1, Collected::Ok(Vec::new()));
        no_summary.iam.account_summary = failed("iam:GetAccountSummary");
        let findings = RootHardwareMfaEnabled.evaluate(&no_summary, &Settings::default());
        assert_eq!(verdicts(&findings), vec![(ACCOUNT.into(), Status::Error)]);
        assert!(findings[0].message.contains("iam:GetAccountSummary"));
    }

    #[test]
    fn errors_when_the_summary_lacks_the_mfa_entry() {
        let mut inventory = account(1, Collected::Ok(Vec::new()));
        inventory.iam.account_summary = Collected::Ok(Default::default());
        assert_eq!(status(&inventory), vec![(ACCOUNT.into(), Status::Error)]);
    }
}
