//! Dropdown sources: where a form builder gets the choices of a field.
//! Each one runs a read operation of the catalog and picks a list out of
//! its output. Fields point at these with `.options(&sources::X)`.

use crate::catalog::{Source, Step};

/// The location's opportunity pipelines.
pub const PIPELINES: Source = Source {
    name: "pipelines",
    op: "opportunities.list_pipelines",
    path: &[Step::Key("pipelines")],
    value: "id",
    label: &["name"],
    detail: None,
};

/// The stages of the pipeline chosen in `pipelineId`.
pub const PIPELINE_STAGES: Source = Source {
    name: "pipeline-stages",
    op: "opportunities.list_pipelines",
    path: &[
        Step::Key("pipelines"),
        Step::Where {
            key: "id",
            field: "pipelineId",
        },
        Step::Key("stages"),
    ],
    value: "id",
    label: &["name"],
    detail: None,
};

/// The location's calendars.
pub const CALENDARS: Source = Source {
    name: "calendars",
    op: "calendars.list",
    path: &[Step::Key("calendars")],
    value: "id",
    label: &["name"],
    detail: None,
};

/// The location's calendar groups.
pub const CALENDAR_GROUPS: Source = Source {
    name: "calendar-groups",
    op: "calendars.list_groups",
    path: &[Step::Key("groups")],
    value: "id",
    label: &["name"],
    detail: None,
};

/// The location's users (team members), for owner and assignee fields.
pub const USERS: Source = Source {
    name: "users",
    op: "users.list_by_location",
    path: &[Step::Key("users")],
    value: "id",
    label: &["name", "firstName lastName", "email"],
    detail: Some("email"),
};

/// The location's workflows.
pub const WORKFLOWS: Source = Source {
    name: "workflows",
    op: "workflows.list",
    path: &[Step::Key("workflows")],
    value: "id",
    label: &["name"],
    detail: Some("status"),
};
