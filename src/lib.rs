pub mod check;
pub mod checks;
pub mod finding;
pub mod inventory;
pub mod policy;
pub mod registry;
pub mod responsibility;
