//! The Account Management API: the account's security alternate contact (CIS 1.2).

use aws_sdk_account::types::{AlternateContact as SdkAlternateContact, AlternateContactType};

use super::calls::{Calls, client};
use crate::inventory::{AlternateContact, Collected};

/// `None` when no security contact is set: the API answers ResourceNotFoundException then.
pub async fn security_contact(calls: &Calls) -> Collected<Option<AlternateContact>> {
    let request = client!(aws_sdk_account, calls)
        .get_alternate_contact()
        .alternate_contact_type(AlternateContactType::Security)
        .send();
    let answer = calls
        .call_optional(
            "account:GetAlternateContact",
            &["ResourceNotFoundException"],
            request,
        )
        .await;
    Collected::from(answer).map(|output| output.and_then(|o| o.alternate_contact().map(contact)))
}

fn contact(contact: &SdkAlternateContact) -> AlternateContact {
    let text = |value: Option<&str>| value.unwrap_or_default().to_string();
    AlternateContact {
        name: text(contact.name()),
        title: text(contact.title()),
        email: text(contact.email_address()),
        phone: text(contact.phone_number()),
    }
}
