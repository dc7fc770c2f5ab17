//! Service codes: the register of AI workloads.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnection;
use ts_rs::TS;

use super::Engine;
use crate::error::{Error, FieldIssue, Result, Severity};
use crate::model::service_code::{
    self, CodeStatus, ServiceCode, ServiceCodeDraft, ServiceCodeInput, ServiceCodePatch,
};
use crate::register::{self, RowIssue};
use crate::store::{self, WriteTx};

/// Which codes to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct CodeFilter {
    /// Words that must all appear in the code, description, department, owners
    /// or cost centre (case-insensitive).
    pub search: Option<String>,
    /// Only this department (name or alias).
    pub department: Option<String>,
    /// Only this status.
    pub status: Option<CodeStatus>,
}

/// What importing a register file did (or, for a preview, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct RegisterImport {
    /// The file's name.
    pub file: String,
    /// The sheet read.
    pub sheet: String,
    /// Whether the changes were saved (false for a preview or when rows were rejected).
    pub committed: bool,
    /// Data rows read.
    pub rows_read: usize,
    /// Codes created.
    pub created: Vec<String>,
    /// Codes whose fields changed.
    pub updated: Vec<String>,
    /// Codes already exactly as in the file.
    pub unchanged: Vec<String>,
    /// Codes retired or reactivated by the status column.
    pub status_changed: Vec<String>,
    /// Departments the file introduced.
    pub departments_created: Vec<String>,
    /// Cost centres the file introduced.
    pub cost_centres_created: Vec<String>,
    /// Rows that could not be imported, with the reason.
    pub rejected: Vec<RowIssue>,
    /// Non-blocking remarks per row.
    pub warnings: Vec<RowIssue>,
}

/// Whether a form is for a new code or an existing one.
enum FormMode<'a> {
    New,
    Edit(&'a ServiceCode),
}

/// A checked code plus what the store must create for it.
struct Checked {
    draft: ServiceCodeDraft,
    department_id: i64,
    department_name: String,
    new_cost_centre: bool,
}

impl Engine {
    /// Every service code matching `filter`, ordered by code.
    pub async fn list_service_codes(&self, filter: CodeFilter) -> Result<Vec<ServiceCode>> {
        let mut conn = self.store.reader().await?;
        let department = match filter
            .department
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            Some(label) => Some(
                store::org::resolve_department(&mut conn, label)
                    .await?
                    .ok_or_else(|| {
                        Error::not_found(format!("Department '{}' is not registered", label.trim()))
                    })?
                    .1,
            ),
            None => None,
        };
        let words: Vec<String> = filter
            .search
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let codes = store::org::list_service_codes(&mut conn).await?;
        Ok(codes
            .into_iter()
            .filter(|c| department.as_ref().is_none_or(|d| &c.department == d))
            .filter(|c| filter.status.is_none_or(|s| c.status == s))
            .filter(|c| {
                let haystack = [
                    c.code.as_str(),
                    &c.description,
                    &c.department,
                    c.business_owner.as_deref().unwrap_or(""),
                    c.technical_owner.as_deref().unwrap_or(""),
                    c.cost_centre.as_deref().unwrap_or(""),
                ]
                .join(" ")
                .to_lowercase();
                words.iter().all(|w| haystack.contains(w.as_str()))
            })
            .collect())
    }

    /// One service code.
    pub async fn service_code(&self, code: &str) -> Result<ServiceCode> {
        let mut conn = self.store.reader().await?;
        find(&mut conn, code).await
    }

    /// Checks a form without saving it: every issue, blocking or not, by field.
    /// `editing` names the code being edited, or `None` for a new one.
    pub async fn validate_service_code(
        &self,
        input: ServiceCodeInput,
        editing: Option<String>,
    ) -> Result<Vec<FieldIssue>> {
        let mut conn = self.store.reader().await?;
        let existing = match editing {
            Some(code) => Some(find(&mut conn, &code).await?),
            None => None,
        };
        let mode = match &existing {
            Some(c) => FormMode::Edit(c),
            None => FormMode::New,
        };
        let (_, issues) = self.check(&mut conn, &input, mode).await?;
        Ok(issues)
    }

    /// Creates a service code. Imported lines whose finance workload code is
    /// this code are attributed to it.
    pub async fn add_service_code(&self, input: ServiceCodeInput) -> Result<ServiceCode> {
        let mut tx = self.store.begin().await?;
        let created = self.add_in(&mut tx, &input).await?;
        super::rules::reattribute(&mut tx).await?;
        // The code's audit event was written before the lines moved.
        store::audit::stamp_line_changes(&mut tx).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Replaces every editable field of a code with `input` (the code itself
    /// cannot change).
    pub async fn edit_service_code(
        &self,
        code: &str,
        input: ServiceCodeInput,
    ) -> Result<ServiceCode> {
        let mut tx = self.store.begin().await?;
        let existing = find(&mut tx, code).await?;
        let edited = self.edit_in(&mut tx, &existing, &input).await?;
        tx.commit().await?;
        Ok(edited)
    }

    /// Changes only the fields `patch` names.
    pub async fn patch_service_code(
        &self,
        code: &str,
        patch: ServiceCodePatch,
    ) -> Result<ServiceCode> {
        let mut tx = self.store.begin().await?;
        let existing = find(&mut tx, code).await?;
        let mut input = existing.to_input();
        patch.apply(&mut input);
        let edited = self.edit_in(&mut tx, &existing, &input).await?;
        tx.commit().await?;
        Ok(edited)
    }

    /// Retires a code: it stays in history and reports, and takes no new rules.
    pub async fn retire_service_code(&self, code: &str) -> Result<ServiceCode> {
        self.set_status(code, CodeStatus::Retired).await
    }

    /// Makes a retired code active again.
    pub async fn reactivate_service_code(&self, code: &str) -> Result<ServiceCode> {
        self.set_status(code, CodeStatus::Active).await
    }

    async fn set_status(&self, code: &str, status: CodeStatus) -> Result<ServiceCode> {
        let mut tx = self.store.begin().await?;
        let existing = find(&mut tx, code).await?;
        if existing.status == status {
            return Err(Error::conflict(format!(
                "Service code '{}' is already {}",
                existing.code, status
            )));
        }
        let changed = self.set_status_in(&mut tx, &existing, status).await?;
        if status == CodeStatus::Active {
            super::rules::reattribute(&mut tx).await?;
            store::audit::stamp_line_changes(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Writes the register (every code) to `path` as CSV or, for `.xlsx`, a workbook.
    pub async fn export_register(&self, path: &Path) -> Result<super::Exported> {
        let codes = self.list_service_codes(CodeFilter::default()).await?;
        register::write(path, &codes)?;
        Ok(super::Exported {
            name: crate::sheet::file_name(path),
            records: codes.len(),
        })
    }

    /// Imports a register file: creates new codes, updates changed ones, applies
    /// the status column. All or nothing: if any row is rejected, nothing is
    /// saved. With `dry_run`, nothing is saved either way and the summary says
    /// what would happen.
    pub async fn import_register(&self, path: &Path, dry_run: bool) -> Result<RegisterImport> {
        let file = register::read(path)?;
        let mut summary = RegisterImport {
            file: crate::sheet::file_name(path),
            sheet: file.sheet.clone(),
            rows_read: file.rows_read,
            rejected: file.rejected.clone(),
            ..Default::default()
        };
        let mut tx = self.store.begin().await?;
        let mut seen = std::collections::HashSet::new();
        for row in &file.rows {
            let code = row.input.code.trim().to_string();
            let issue = |message: String, column: Option<&str>| RowIssue {
                sheet: file.sheet.clone(),
                row: row.row,
                column: column.map(str::to_string),
                code: code.clone(),
                message: format!("Sheet '{}' row {}: {message}", file.sheet, row.row),
            };
            if !seen.insert(code.clone()) {
                summary.rejected.push(issue(
                    format!("code '{code}' appears twice in the file"),
                    Some("code"),
                ));
                continue;
            }
            let outcome = self
                .import_row(&mut tx, &row.input, row.status, &mut summary)
                .await;
            match outcome {
                Ok(warnings) => summary.warnings.extend(
                    warnings
                        .into_iter()
                        .map(|w| issue(w.message, Some(&w.field))),
                ),
                Err(e) if e.fields.is_empty() => summary.rejected.push(issue(e.message, None)),
                Err(e) => summary.rejected.extend(
                    e.fields
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .map(|f| issue(f.message.clone(), Some(&f.field))),
                ),
            }
        }
        if dry_run || !summary.rejected.is_empty() {
            tx.rollback().await?;
        } else {
            super::rules::reattribute(&mut tx).await?;
            store::audit::stamp_line_changes(&mut tx).await?;
            tx.commit().await?;
            summary.committed = true;
        }
        Ok(summary)
    }

    async fn import_row(
        &self,
        tx: &mut WriteTx,
        input: &ServiceCodeInput,
        status: Option<CodeStatus>,
        summary: &mut RegisterImport,
    ) -> Result<Vec<FieldIssue>> {
        let code = input.code.trim().to_string();
        // Departments named by the file are created (the file is the register).
        let department = crate::model::department::normalise_label(&input.department);
        if !department.is_empty()
            && store::org::resolve_department(tx, &department)
                .await?
                .is_none()
        {
            if let Some(problem) =
                crate::model::department::check_label(&department, "department name")
            {
                return Err(Error::invalid(problem));
            }
            self.add_department_in(tx, &department).await?;
            summary.departments_created.push(department);
        }
        let existing = store::org::service_code(tx, &code).await?;
        let warnings = match &existing {
            None => {
                let checked = self.check_or_reject(tx, input, FormMode::New).await?;
                let warnings = checked.1;
                if checked.0.new_cost_centre {
                    summary
                        .cost_centres_created
                        .extend(checked.0.draft.cost_centre.clone());
                }
                self.add_checked(tx, checked.0).await?;
                summary.created.push(code.clone());
                warnings
            }
            Some(current) => {
                let (checked, warnings) = self
                    .check_or_reject(tx, input, FormMode::Edit(current))
                    .await?;
                let before = current.clone();
                if checked.new_cost_centre {
                    summary
                        .cost_centres_created
                        .extend(checked.draft.cost_centre.clone());
                }
                let after = self.edit_checked(tx, current, checked).await?;
                if after != before {
                    summary.updated.push(code.clone());
                } else if status.is_none_or(|s| s == before.status) {
                    summary.unchanged.push(code.clone());
                }
                warnings
            }
        };
        if let Some(wanted) = status {
            let current = find(tx, &code).await?;
            if current.status != wanted {
                self.set_status_in(tx, &current, wanted).await?;
                summary.status_changed.push(code);
            }
        }
        Ok(warnings
            .into_iter()
            .filter(|w| w.severity == Severity::Warning)
            .collect())
    }

    async fn add_in(&self, tx: &mut WriteTx, input: &ServiceCodeInput) -> Result<ServiceCode> {
        let (checked, _) = self.check_or_reject(tx, input, FormMode::New).await?;
        self.add_checked(tx, checked).await
    }

    async fn add_checked(&self, tx: &mut WriteTx, checked: Checked) -> Result<ServiceCode> {
        let at = self.now();
        self.register_cost_centre(tx, &checked).await?;
        store::org::insert_service_code(tx, &checked.draft, checked.department_id, &at).await?;
        let created = find(tx, &checked.draft.code).await?;
        self.record(
            tx,
            "service_code.add",
            &subject(&created.code),
            None::<&()>,
            Some(&created),
        )
        .await?;
        Ok(created)
    }

    async fn edit_in(
        &self,
        tx: &mut WriteTx,
        existing: &ServiceCode,
        input: &ServiceCodeInput,
    ) -> Result<ServiceCode> {
        let (checked, _) = self
            .check_or_reject(tx, input, FormMode::Edit(existing))
            .await?;
        self.edit_checked(tx, existing, checked).await
    }

    async fn edit_checked(
        &self,
        tx: &mut WriteTx,
        existing: &ServiceCode,
        checked: Checked,
    ) -> Result<ServiceCode> {
        if checked.draft.same_as(existing, &checked.department_name) {
            // Nothing changed: no write, no audit event.
            return Ok(existing.clone());
        }
        self.register_cost_centre(tx, &checked).await?;
        store::org::update_service_code(tx, &checked.draft, checked.department_id, &self.now())
            .await?;
        let edited = find(tx, &existing.code).await?;
        self.record(
            tx,
            "service_code.edit",
            &subject(&edited.code),
            Some(existing),
            Some(&edited),
        )
        .await?;
        Ok(edited)
    }

    async fn set_status_in(
        &self,
        tx: &mut WriteTx,
        existing: &ServiceCode,
        status: CodeStatus,
    ) -> Result<ServiceCode> {
        store::org::set_status(tx, &existing.code, status, &self.now()).await?;
        let changed = find(tx, &existing.code).await?;
        let action = match status {
            CodeStatus::Retired => "service_code.retire",
            CodeStatus::Active => "service_code.reactivate",
        };
        self.record(
            tx,
            action,
            &subject(&changed.code),
            Some(existing),
            Some(&changed),
        )
        .await?;
        Ok(changed)
    }

    async fn register_cost_centre(&self, tx: &mut WriteTx, checked: &Checked) -> Result<()> {
        if let (true, Some(code)) = (
            checked.new_cost_centre,
            checked.draft.cost_centre.as_deref(),
        ) {
            self.add_cost_centre_in(tx, code, "", Some(checked.department_id))
                .await?;
        }
        Ok(())
    }

    async fn check_or_reject(
        &self,
        conn: &mut SqliteConnection,
        input: &ServiceCodeInput,
        mode: FormMode<'_>,
    ) -> Result<(Checked, Vec<FieldIssue>)> {
        let label = match mode {
            FormMode::New => format!("Service code '{}'", input.code.trim()),
            FormMode::Edit(c) => format!("The change to '{}'", c.code),
        };
        let (checked, issues) = self.check(conn, input, mode).await?;
        match checked {
            Some(c) => Ok((c, issues)),
            None => Err(Error::from_field_issues(&label, issues)),
        }
    }

    /// Validates a form against the rules and the stored register.
    async fn check(
        &self,
        conn: &mut SqliteConnection,
        input: &ServiceCodeInput,
        mode: FormMode<'_>,
    ) -> Result<(Option<Checked>, Vec<FieldIssue>)> {
        let settings = super::settings::load(conn).await?;
        let (draft, mut issues) =
            service_code::validate(input, settings.base_currency, self.clock.today());
        let code = input.code.trim();
        match mode {
            FormMode::New => {
                if let Some(existing) = store::org::service_code(conn, code).await? {
                    let hint = if existing.status == CodeStatus::Retired {
                        " (retired; reactivate it instead)"
                    } else {
                        ""
                    };
                    issues.push(FieldIssue::error(
                        "code",
                        format!("Service code '{code}' already exists{hint}"),
                    ));
                }
            }
            FormMode::Edit(existing) => {
                if code != existing.code {
                    issues.push(FieldIssue::error(
                        "code",
                        "A code cannot be renamed; retire it and create the new code",
                    ));
                }
            }
        }
        let mut department = None;
        if !input.department.trim().is_empty() {
            match store::org::resolve_department(conn, &input.department).await? {
                Some(found) => department = Some(found),
                None => {
                    let known = store::org::list_departments(conn).await?;
                    let names: Vec<String> = known.iter().take(8).map(|d| d.name.clone()).collect();
                    let hint = if names.is_empty() {
                        "no departments are registered yet; add one first".to_string()
                    } else {
                        format!("known departments: {}", names.join(", "))
                    };
                    issues.push(FieldIssue::error(
                        "department",
                        format!(
                            "Department '{}' is not registered ({hint})",
                            input.department.trim()
                        ),
                    ));
                }
            }
        }
        let mut new_cost_centre = false;
        let mut registered_cc = None;
        if let Some(cc) = draft.as_ref().and_then(|d| d.cost_centre.as_deref()) {
            match store::org::cost_centre(conn, cc).await? {
                None => {
                    new_cost_centre = true;
                    issues.push(FieldIssue::warning(
                        "cost_centre",
                        format!(
                            "Cost centre '{cc}' is new; it will be registered under this department"
                        ),
                    ));
                }
                Some(existing) => {
                    if let (Some(owner), Some((_, dept))) =
                        (existing.department.as_ref(), department.as_ref())
                        && owner != dept
                    {
                        issues.push(FieldIssue::warning(
                            "cost_centre",
                            format!("Cost centre '{cc}' belongs to {owner}, not {dept}"),
                        ));
                    }
                    registered_cc = Some(existing.code);
                }
            }
        }
        let blocked = issues.iter().any(|i| i.severity == Severity::Error);
        let checked = match (blocked, draft, department) {
            (false, Some(mut draft), Some((department_id, department_name))) => {
                draft.code = code.to_string();
                // Store the cost centre as registered ('CC-4102', not 'cc-4102').
                if registered_cc.is_some() {
                    draft.cost_centre = registered_cc;
                }
                Some(Checked {
                    draft,
                    department_id,
                    department_name,
                    new_cost_centre,
                })
            }
            _ => None,
        };
        Ok((checked, issues))
    }
}

fn subject(code: &str) -> String {
    format!("service_code:{code}")
}

async fn find(conn: &mut SqliteConnection, code: &str) -> Result<ServiceCode> {
    store::org::service_code(conn, code.trim())
        .await?
        .ok_or_else(|| Error::not_found(format!("Service code '{}' does not exist", code.trim())))
}
