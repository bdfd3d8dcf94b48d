//! Pages that belong to no single feature: the error pages.

mod errors;

pub use errors::{set_page_status, ErrorPage, NotFoundPage};
