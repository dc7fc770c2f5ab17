//! Departments, their aliases, and cost centres.

use super::Engine;
use crate::error::{Error, Result};
use crate::model::department::{CostCentre, Department, check_label, normalise_label};
use crate::store::{self, WriteTx};

fn department_subject(name: &str) -> String {
    format!("department:{name}")
}

impl Engine {
    /// Every department with its aliases and cost centres.
    pub async fn list_departments(&self) -> Result<Vec<Department>> {
        let mut conn = self.store.reader().await?;
        store::org::list_departments(&mut conn).await
    }

    /// The department a name or alias stands for.
    pub async fn department(&self, label: &str) -> Result<Department> {
        let mut conn = self.store.reader().await?;
        let (id, _) = store::org::resolve_department(&mut conn, label)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!("Department '{}' is not registered", label.trim()))
            })?;
        store::org::list_departments(&mut conn)
            .await?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| Error::internal("A department vanished while it was read"))
    }

    /// Registers a department, optionally with aliases.
    pub async fn add_department(&self, name: &str, aliases: &[String]) -> Result<Department> {
        let mut tx = self.store.begin().await?;
        let name = self.add_department_in(&mut tx, name).await?;
        for alias in aliases {
            self.add_alias_in(&mut tx, &name, alias).await?;
        }
        tx.commit().await?;
        self.department(&name).await
    }

    pub(crate) async fn add_department_in(&self, tx: &mut WriteTx, name: &str) -> Result<String> {
        if let Some(problem) = check_label(name, "department name") {
            return Err(Error::invalid(problem));
        }
        let name = normalise_label(name);
        if let Some((_, existing)) = store::org::resolve_department(tx, &name).await? {
            return Err(Error::conflict(format!(
                "'{name}' is already the department '{existing}' or one of its aliases"
            )));
        }
        store::org::insert_department(tx, &name, &self.now()).await?;
        self.record(
            tx,
            "department.add",
            &department_subject(&name),
            None::<&()>,
            Some(&name),
        )
        .await?;
        Ok(name)
    }

    /// Renames a department; its old name becomes an alias, so files that use it
    /// still resolve.
    pub async fn rename_department(&self, label: &str, new_name: &str) -> Result<Department> {
        if let Some(problem) = check_label(new_name, "department name") {
            return Err(Error::invalid(problem));
        }
        let new_name = normalise_label(new_name);
        let mut tx = self.store.begin().await?;
        let (id, old) = store::org::resolve_department(&mut tx, label)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!("Department '{}' is not registered", label.trim()))
            })?;
        if let Some((other, _)) = store::org::resolve_department(&mut tx, &new_name).await? {
            if other != id {
                return Err(Error::conflict(format!(
                    "'{new_name}' already names another department"
                )));
            }
            // Renaming to one of its own aliases: drop that alias first.
            store::org::delete_alias(&mut tx, &new_name).await?;
        }
        store::org::rename_department(&mut tx, id, &new_name).await?;
        if !old.eq_ignore_ascii_case(&new_name) {
            store::org::insert_alias(&mut tx, id, &old).await?;
        }
        self.record(
            &mut tx,
            "department.rename",
            &department_subject(&new_name),
            Some(&old),
            Some(&new_name),
        )
        .await?;
        tx.commit().await?;
        self.department(&new_name).await
    }

    /// Adds an alias (`mktg` for Marketing).
    pub async fn add_department_alias(&self, department: &str, alias: &str) -> Result<Department> {
        let mut tx = self.store.begin().await?;
        let name = store::org::resolve_department(&mut tx, department)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!(
                    "Department '{}' is not registered",
                    department.trim()
                ))
            })?
            .1;
        self.add_alias_in(&mut tx, &name, alias).await?;
        tx.commit().await?;
        self.department(&name).await
    }

    async fn add_alias_in(&self, tx: &mut WriteTx, department: &str, alias: &str) -> Result<()> {
        if let Some(problem) = check_label(alias, "alias") {
            return Err(Error::invalid(problem));
        }
        let alias = normalise_label(alias);
        let (id, name) = store::org::resolve_department(tx, department)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!("Department '{department}' is not registered"))
            })?;
        if let Some((_, taken)) = store::org::resolve_department(tx, &alias).await? {
            return Err(Error::conflict(format!(
                "'{alias}' already resolves to the department '{taken}'"
            )));
        }
        store::org::insert_alias(tx, id, &alias).await?;
        self.record(
            tx,
            "department.alias_add",
            &department_subject(&name),
            None::<&()>,
            Some(&alias),
        )
        .await?;
        Ok(())
    }

    /// Removes an alias.
    pub async fn remove_department_alias(&self, alias: &str) -> Result<Department> {
        let alias = normalise_label(alias);
        let mut tx = self.store.begin().await?;
        let (_, name) = store::org::resolve_department(&mut tx, &alias)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!("'{alias}' is not an alias of any department"))
            })?;
        if name.eq_ignore_ascii_case(&alias) {
            return Err(Error::invalid(format!(
                "'{alias}' is the department's name, not an alias"
            )));
        }
        store::org::delete_alias(&mut tx, &alias).await?;
        self.record(
            &mut tx,
            "department.alias_remove",
            &department_subject(&name),
            Some(&alias),
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        self.department(&name).await
    }

    /// Every cost centre.
    pub async fn list_cost_centres(&self) -> Result<Vec<CostCentre>> {
        let mut conn = self.store.reader().await?;
        store::org::list_cost_centres(&mut conn).await
    }

    /// Registers a cost centre, optionally under a department.
    pub async fn add_cost_centre(
        &self,
        code: &str,
        name: &str,
        department: Option<&str>,
    ) -> Result<CostCentre> {
        let mut tx = self.store.begin().await?;
        let department_id = match department.filter(|d| !d.trim().is_empty()) {
            Some(label) => Some(
                store::org::resolve_department(&mut tx, label)
                    .await?
                    .ok_or_else(|| {
                        Error::not_found(format!("Department '{}' is not registered", label.trim()))
                    })?
                    .0,
            ),
            None => None,
        };
        let centre = self
            .add_cost_centre_in(&mut tx, code, name, department_id)
            .await?;
        tx.commit().await?;
        Ok(centre)
    }

    pub(crate) async fn add_cost_centre_in(
        &self,
        tx: &mut WriteTx,
        code: &str,
        name: &str,
        department_id: Option<i64>,
    ) -> Result<CostCentre> {
        let code = code.trim();
        if code.is_empty() || code.chars().count() > 40 {
            return Err(Error::invalid("A cost centre code has 1 to 40 characters"));
        }
        if let Some(existing) = store::org::cost_centre(tx, code).await? {
            return Err(Error::conflict(format!(
                "Cost centre '{}' is already registered",
                existing.code
            )));
        }
        store::org::insert_cost_centre(
            tx,
            code,
            &normalise_label(name),
            department_id,
            &self.now(),
        )
        .await?;
        let centre = store::org::cost_centre(tx, code)
            .await?
            .ok_or_else(|| Error::internal("A new cost centre could not be read back"))?;
        self.record(
            tx,
            "cost_centre.add",
            &format!("cost_centre:{code}"),
            None::<&()>,
            Some(&centre),
        )
        .await?;
        Ok(centre)
    }
}
