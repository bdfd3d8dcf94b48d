//! Pages that belong to no single feature: section placeholders and errors.

mod errors;
mod section;

pub use errors::{set_page_status, ErrorPage, NotFoundPage};
pub use section::SectionPage;
