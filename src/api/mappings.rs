//! Saved column mappings: how to read a layout Runrate does not recognise by
//! itself, made once in the app or from a JSON file and used again for
//! workbooks of the same layout.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::{Engine, Exported};
use crate::error::{Error, Result};
use crate::import::Columns;
use crate::import::columns::normalise;
use crate::import::table::{Field, Mapping, header_words, recognise_showback};
use crate::sheet::{Collect, Row};
use crate::store;

/// Rows of each sheet shown to the person mapping a layout.
const PREVIEW_ROWS: usize = 40;

/// The top of one sheet, for the mapping editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetPreview {
    /// The sheet's name.
    pub name: String,
    /// The first rows as text, with their row numbers.
    pub rows: Vec<PreviewRow>,
    /// The row that looks most like a header (its row number).
    pub header_row: Option<u32>,
    /// A guess at each column's field, by column index (`None` = not used).
    pub suggested: Vec<Option<Field>>,
}

/// One row as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewRow {
    /// The row number as the spreadsheet shows it.
    pub number: u32,
    /// The cells as text.
    pub cells: Vec<String>,
}

/// What the mapping editor shows about a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LayoutPreview {
    /// The file's name.
    pub file: String,
    /// Each sheet's top rows.
    pub sheets: Vec<SheetPreview>,
    /// Every field a column can be mapped to, in the editor's order.
    pub fields: Vec<Field>,
}

/// The row with the most short text cells among the first rows: likely the header.
fn likely_header(rows: &[Row]) -> Option<&Row> {
    rows.iter().take(30).max_by_key(|row| {
        let texts = row
            .cells
            .iter()
            .filter(|c| matches!(c, crate::sheet::Cell::Text(t) if !t.trim().is_empty() && t.len() < 60))
            .count();
        // Prefer the earliest row among equals: reverse the row number.
        (texts, u32::MAX - row.number)
    })
}

fn suggest(header: &Row) -> Vec<Option<Field>> {
    let columns = Columns::from_row(header);
    let recognised = recognise_showback(&columns);
    (0..header.cells.len())
        .map(|i| {
            recognised.as_ref().and_then(|layout| {
                layout
                    .fields
                    .iter()
                    .find(|(_, index)| **index == i)
                    .map(|(f, _)| *f)
            })
        })
        .collect()
}

fn normalised(mut mapping: Mapping) -> Mapping {
    mapping.name = mapping.name.trim().to_string();
    mapping.signature = mapping
        .signature
        .iter()
        .map(|h| normalise(h))
        .filter(|h| !h.is_empty())
        .collect();
    mapping.signature.sort();
    mapping.signature.dedup();
    mapping.currency = mapping
        .currency
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty());
    mapping.provider = mapping
        .provider
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    mapping
}

fn parse_definition(name: &str, json: &str) -> Result<Mapping> {
    serde_json::from_str(json).map_err(|e| {
        Error::internal(format!("The saved mapping '{name}' cannot be read"))
            .with_detail(e.to_string())
    })
}

/// Every saved mapping, read on `conn`.
/// The saved mapping of this name (any case), or an error naming it.
pub(crate) fn find(saved: &[Mapping], name: &str) -> Result<Mapping> {
    let name = name.trim();
    saved
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(name))
        .cloned()
        .ok_or_else(|| Error::not_found(format!("There is no saved mapping '{name}'")))
}

pub(crate) async fn load_all(conn: &mut sqlx::SqliteConnection) -> Result<Vec<Mapping>> {
    store::mappings::list(conn)
        .await?
        .into_iter()
        .map(|(name, json)| parse_definition(&name, &json))
        .collect()
}

impl Engine {
    /// The first rows of every sheet of a file, with a guess at its header
    /// row and columns, for mapping a layout by hand.
    pub async fn inspect_layout(&self, path: &Path) -> Result<LayoutPreview> {
        let file = crate::sheet::file_name(path);
        let mut top = Collect {
            max_rows: Some(PREVIEW_ROWS),
            skip_blank: true,
            ..Collect::default()
        };
        crate::sheet::read_path(path, &crate::sheet::Limits::default(), &mut top)
            .map_err(|e| e.context(format!("File '{file}'")))?;
        let sheets = top
            .sheets
            .into_iter()
            .map(|(info, rows)| {
                let name = info.name;
                let header = likely_header(&rows);
                SheetPreview {
                    header_row: header.map(|h| h.number),
                    suggested: header.map(suggest).unwrap_or_default(),
                    rows: rows
                        .iter()
                        .map(|r| PreviewRow {
                            number: r.number,
                            cells: r.cells.iter().map(|c| c.display()).collect(),
                        })
                        .collect(),
                    name,
                }
            })
            .collect();
        Ok(LayoutPreview {
            file,
            sheets,
            fields: Field::ALL.to_vec(),
        })
    }

    /// Every saved mapping, by name.
    pub async fn list_mappings(&self) -> Result<Vec<Mapping>> {
        let mut conn = self.store.reader().await?;
        load_all(&mut conn).await
    }

    /// One saved mapping.
    pub async fn mapping(&self, name: &str) -> Result<Mapping> {
        let mut conn = self.store.reader().await?;
        let json = store::mappings::get(&mut conn, name.trim())
            .await?
            .ok_or_else(|| {
                Error::not_found(format!("There is no saved mapping '{}'", name.trim()))
            })?;
        parse_definition(name, &json)
    }

    /// Saves a mapping (replacing one of the same name); audited.
    pub async fn save_mapping(&self, mapping: Mapping) -> Result<Mapping> {
        let mapping = normalised(mapping);
        mapping.check().map_err(Error::invalid)?;
        for header in mapping.columns.values() {
            if header_words(header).0.is_empty() && header.trim().is_empty() {
                return Err(Error::invalid(format!(
                    "Mapping '{}': every mapped column needs its header text",
                    mapping.name
                )));
            }
        }
        let mut tx = self.store.begin().await?;
        let before = store::mappings::get(&mut tx, &mapping.name)
            .await?
            .map(|json| parse_definition(&mapping.name, &json))
            .transpose()?;
        let json = serde_json::to_string(&mapping)?;
        store::mappings::put(&mut tx, &mapping.name, &json, &self.now()).await?;
        self.record(
            &mut tx,
            "mapping.save",
            &format!("mapping:{}", mapping.name),
            before.as_ref(),
            Some(&mapping),
        )
        .await?;
        tx.commit().await?;
        Ok(mapping)
    }

    /// Deletes a saved mapping; audited. Imports made with it keep its name.
    pub async fn delete_mapping(&self, name: &str) -> Result<Mapping> {
        let mut tx = self.store.begin().await?;
        let json = store::mappings::get(&mut tx, name.trim())
            .await?
            .ok_or_else(|| {
                Error::not_found(format!("There is no saved mapping '{}'", name.trim()))
            })?;
        let before = parse_definition(name, &json)?;
        store::mappings::delete(&mut tx, name.trim()).await?;
        self.record(
            &mut tx,
            "mapping.delete",
            &format!("mapping:{}", before.name),
            Some(&before),
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        Ok(before)
    }

    /// Saves the mappings in a JSON file (one mapping, or a list of them).
    pub async fn import_mappings(&self, path: &Path) -> Result<Vec<Mapping>> {
        let file = crate::sheet::file_name(path);
        let meta = std::fs::metadata(path)
            .map_err(|e| Error::from(e).context(format!("File '{file}'")))?;
        if meta.len() > 1024 * 1024 {
            return Err(Error::invalid(format!(
                "File '{file}' is larger than a mapping file can be (1 MB)"
            )));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::from(e).context(format!("File '{file}'")))?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Error::invalid(format!(
                "File '{file}' is not JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        let list = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        let mut mappings = Vec::new();
        for (i, item) in list.into_iter().enumerate() {
            let mapping: Mapping = serde_json::from_value(item)
                .map_err(|e| Error::invalid(format!("File '{file}', mapping {}: {e}", i + 1)))?;
            let mapping = normalised(mapping);
            mapping
                .check()
                .map_err(|m| Error::invalid(format!("File '{file}': {m}")))?;
            mappings.push(mapping);
        }
        let mut saved = Vec::new();
        for mapping in mappings {
            saved.push(self.save_mapping(mapping).await?);
        }
        Ok(saved)
    }

    /// Writes a saved mapping to a JSON file.
    pub async fn export_mapping(&self, name: &str, path: &Path) -> Result<Exported> {
        let mapping = self.mapping(name).await?;
        let json = serde_json::to_string_pretty(&mapping)?;
        std::fs::write(path, json + "\n").map_err(|e| {
            Error::from(e).context(format!("File '{}'", crate::sheet::file_name(path)))
        })?;
        Ok(Exported {
            name: crate::sheet::file_name(path),
            records: 1,
        })
    }
}
