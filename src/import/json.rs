//! Usage and cost API pages saved as JSON (OpenAI Costs and Usage APIs,
//! Anthropic Cost and Usage Reports), read as a table.
//!
//! Each result inside each time bucket becomes one row; the bucket's start
//! and end are copied into it, and nested objects are flattened with `_`
//! (`amount.value` → `amount_value`, the column OpenAI's CSV export uses). A
//! header row numbered 0, made by Runrate, names the columns; a column
//! `__json_page` marks the rows as coming from an API page, so the JSON
//! formats are told apart from the CSV exports with the same fields.
//! Results are numbered from 1 in file order; messages call them rows.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::sheet::{Cell, Row, SheetInfo, Visit, Visitor};

/// Largest JSON file read (API pages are small; this bounds memory).
pub const MAX_JSON_BYTES: u64 = 64 * 1024 * 1024;

/// The column that marks rows read from an API page.
pub const PAGE_MARKER: &str = "__json_page";

/// What the pages said about themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// Pages in the file.
    pub pages: usize,
    /// Whether the last page said more pages follow.
    pub has_more: bool,
}

fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}_{k}")
                };
                flatten(&key, v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

fn cell(value: &Value) -> Cell {
    match value {
        Value::Null => Cell::Empty,
        Value::String(s) => Cell::Text(s.clone()),
        Value::Number(n) => Cell::Text(n.to_string()),
        Value::Bool(b) => Cell::Text(b.to_string()),
        other => Cell::Text(other.to_string()),
    }
}

/// The pages in a document: one page object, or a list of them.
fn pages(doc: Value, file: &str) -> Result<Vec<Value>> {
    let not_a_page = || {
        Error::invalid(format!(
            "File '{file}' is JSON but not a usage or cost API page (no 'data' list of time buckets)"
        ))
    };
    let list = match doc {
        Value::Array(items) if items.iter().all(|i| i.get("data").is_some()) => items,
        Value::Object(ref map) if map.get("data").is_some_and(Value::is_array) => vec![doc],
        _ => return Err(not_a_page()),
    };
    if list.is_empty() {
        return Err(not_a_page());
    }
    Ok(list)
}

/// Reads the API pages in `path`, handing one row per result to `visitor`.
pub fn read_pages(path: &Path, visitor: &mut dyn Visitor) -> Result<PageInfo> {
    let file = crate::sheet::file_name(path);
    let size = std::fs::metadata(path)?.len();
    if size > MAX_JSON_BYTES {
        return Err(Error::invalid(format!(
            "File '{file}' is {} MB; a JSON API page larger than {} MB is not read",
            size / 1_048_576,
            MAX_JSON_BYTES / 1_048_576
        )));
    }
    let bytes = std::fs::read(path)?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let doc: Value = serde_json::from_slice(text).map_err(|e| {
        Error::invalid(format!(
            "File '{file}' is not valid JSON (line {}, column {}): it may be truncated",
            e.line(),
            e.column()
        ))
    })?;
    let pages = pages(doc, &file)?;
    let mut rows: Vec<BTreeMap<String, Value>> = Vec::new();
    let mut info = PageInfo {
        pages: pages.len(),
        has_more: false,
    };
    for page in &pages {
        info.has_more = page
            .get("has_more")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let buckets = page
            .get("data")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for bucket in buckets {
            let mut bucket_fields = BTreeMap::new();
            for key in ["start_time", "end_time", "starting_at", "ending_at"] {
                if let Some(v) = bucket.get(key) {
                    bucket_fields.insert(key.to_string(), v.clone());
                }
            }
            let results = bucket
                .get("results")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for result in results {
                let mut row = bucket_fields.clone();
                flatten("", &result, &mut row);
                row.insert(PAGE_MARKER.to_string(), Value::Bool(true));
                rows.push(row);
            }
        }
    }
    // Columns: every key seen, in a stable order.
    let mut headers: Vec<String> = Vec::new();
    for row in &rows {
        for key in row.keys() {
            if !headers.contains(key) {
                headers.push(key.clone());
            }
        }
    }
    if headers.is_empty() {
        headers = vec![PAGE_MARKER.to_string()];
    }
    let sheet = SheetInfo {
        name: file.clone(),
        index: 0,
        count: 1,
        date_1904: false,
    };
    if visitor.sheet(&sheet)? == Visit::Skip {
        return Ok(info);
    }
    visitor.row(Row {
        number: 0,
        cells: headers.iter().map(|h| Cell::Text(h.clone())).collect(),
    })?;
    for (i, row) in rows.iter().enumerate() {
        visitor.row(Row {
            number: i as u32 + 1,
            cells: headers
                .iter()
                .map(|h| row.get(h).map(cell).unwrap_or(Cell::Empty))
                .collect(),
        })?;
    }
    visitor.end_sheet()?;
    Ok(info)
}
