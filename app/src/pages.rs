//! Pages that belong to no single feature: the dashboard, section placeholders and errors.

mod dashboard;
mod errors;
mod section;

pub use dashboard::DashboardPage;
pub use errors::{set_page_status, ErrorPage, NotFoundPage};
pub use section::SectionPage;
