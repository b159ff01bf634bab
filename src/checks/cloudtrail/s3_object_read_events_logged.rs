//! `cloudtrail.s3_object_read_events_logged`: a multi-region trail records S3 object-level read events for every bucket.

//!
//! Its tests live with the shared evaluator in `cloudtrail/mod.rs`, run for reads and writes alike.

use crate::catalog::CheckMeta;
use crate::check::{Check, Settings};
use crate::check_meta;
use crate::checks::cloudtrail::s3_object_events_logged;
use crate::finding::Finding;
use crate::inventory::Inventory;

pub struct S3ObjectReadEventsLogged;

impl Check for S3ObjectReadEventsLogged {
    fn meta(&self) -> &'static CheckMeta {
        check_meta!("cloudtrail/s3_object_read_events_logged")
    }

    fn evaluate(&self, inventory: &Inventory, _settings: &Settings) -> Vec<Finding> {
        s3_object_events_logged(inventory, self.meta(), "read", |events| events.read)
    }
}
