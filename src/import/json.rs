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
//!
//! Numbers keep the exact text the file wrote: the document is split into
//! raw JSON values, so an amount never passes through a floating-point number.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::value::RawValue;

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

/// A JSON value whose numbers are kept as the text the file wrote.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    /// A number, exactly as written (`0.045`, `1788134400`).
    Number(String),
    Text(String),
    List(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

/// How deep an API page's JSON may nest. Real pages nest four or five
/// levels; capturing a raw value does not count depth, so without this a
/// hostile file nested thousands deep would overflow the stack here.
const MAX_DEPTH: usize = 64;

/// The error text for JSON nested deeper than [`MAX_DEPTH`].
const TOO_DEEP: &str = "nested too deeply";

impl Json {
    /// Splits a raw value into its parts, recursively, at most
    /// [`MAX_DEPTH`] levels deep.
    fn from_raw(raw: &RawValue) -> serde_json::Result<Json> {
        Json::from_raw_at(raw, 0)
    }

    fn from_raw_at(raw: &RawValue, depth: usize) -> serde_json::Result<Json> {
        if depth > MAX_DEPTH {
            return Err(<serde_json::Error as serde::de::Error>::custom(TOO_DEEP));
        }
        let text = raw.get().trim_start();
        Ok(match text.as_bytes().first() {
            Some(b'{') => {
                let map: BTreeMap<String, Box<RawValue>> = serde_json::from_str(text)?;
                Json::Object(
                    map.into_iter()
                        .map(|(k, v)| Ok((k, Json::from_raw_at(&v, depth + 1)?)))
                        .collect::<serde_json::Result<_>>()?,
                )
            }
            Some(b'[') => {
                let list: Vec<Box<RawValue>> = serde_json::from_str(text)?;
                Json::List(
                    list.iter()
                        .map(|v| Json::from_raw_at(v, depth + 1))
                        .collect::<serde_json::Result<_>>()?,
                )
            }
            Some(b'"') => Json::Text(serde_json::from_str(text)?),
            Some(b't') | Some(b'f') => Json::Bool(serde_json::from_str(text)?),
            Some(b'n') => Json::Null,
            _ => Json::Number(text.trim_end().to_string()),
        })
    }

    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(map) => map.get(key),
            _ => None,
        }
    }

    fn list(&self) -> &[Json] {
        match self {
            Json::List(items) => items,
            _ => &[],
        }
    }

    /// The value as a cell: nested lists are kept as JSON text.
    fn cell(&self) -> Cell {
        match self {
            Json::Null => Cell::Empty,
            Json::Bool(b) => Cell::Text(b.to_string()),
            Json::Number(n) | Json::Text(n) => Cell::Text(n.clone()),
            other => Cell::Text(other.to_text()),
        }
    }

    fn to_text(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => n.clone(),
            Json::Text(t) => serde_json::to_string(t).unwrap_or_default(),
            Json::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Json::to_text)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Json::Object(map) => format!(
                "{{{}}}",
                map.iter()
                    .map(|(k, v)| format!(
                        "{}:{}",
                        serde_json::to_string(k).unwrap_or_default(),
                        v.to_text()
                    ))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }
}

/// Calls `leaf` with each flattened name (`amount_value`) and value of a result.
fn flatten<'j>(prefix: &str, value: &'j Json, leaf: &mut dyn FnMut(String, &'j Json)) {
    match value {
        Json::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}_{k}")
                };
                flatten(&key, v, leaf);
            }
        }
        other => leaf(prefix.to_string(), other),
    }
}

/// The pages in a document: one page object, or a list of them.
fn pages(doc: Json, file: &str) -> Result<Vec<Json>> {
    let is_page = |j: &Json| matches!(j.get("data"), Some(Json::List(_)));
    let list = match doc {
        Json::List(items) if !items.is_empty() && items.iter().all(is_page) => items,
        page if is_page(&page) => vec![page],
        _ => {
            return Err(Error::invalid(format!(
                "File '{file}' is JSON but not a usage or cost API page (no 'data' list of time buckets)"
            )));
        }
    };
    Ok(list)
}

/// Every result of every bucket, with the bucket's period fields.
fn results(pages: &[Json]) -> impl Iterator<Item = (Vec<(&'static str, &Json)>, &Json)> {
    pages
        .iter()
        .flat_map(|page| page.get("data").map(Json::list).unwrap_or_default())
        .flat_map(|bucket| {
            let period: Vec<(&'static str, &Json)> =
                ["start_time", "end_time", "starting_at", "ending_at"]
                    .into_iter()
                    .filter_map(|key| bucket.get(key).map(|v| (key, v)))
                    .collect();
            bucket
                .get("results")
                .map(Json::list)
                .unwrap_or_default()
                .iter()
                .map(move |result| (period.clone(), result))
        })
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
    let doc = serde_json::from_slice::<&RawValue>(text)
        .and_then(Json::from_raw)
        .map_err(|e| {
            if e.to_string() == TOO_DEEP {
                Error::invalid(format!(
                    "File '{file}' nests its JSON more than {MAX_DEPTH} levels deep; an API \
                     export page nests a few levels, so this is not one"
                ))
            } else {
                Error::invalid(format!(
                    "File '{file}' is not valid JSON (line {}, column {}): it may be truncated",
                    e.line(),
                    e.column()
                ))
            }
        })?;
    let pages = pages(doc, &file)?;
    let info = PageInfo {
        pages: pages.len(),
        has_more: pages
            .last()
            .and_then(|p| p.get("has_more"))
            .is_some_and(|v| *v == Json::Bool(true)),
    };

    // Columns: every name any result has, sorted; then one row per result.
    let mut names: BTreeSet<String> = BTreeSet::from([PAGE_MARKER.to_string()]);
    for (period, result) in results(&pages) {
        names.extend(period.iter().map(|(k, _)| k.to_string()));
        flatten("", result, &mut |name, _| {
            names.insert(name);
        });
    }
    let headers: Vec<String> = names.into_iter().collect();
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
    let marker = Json::Bool(true);
    for (i, (period, result)) in results(&pages).enumerate() {
        let mut values: BTreeMap<String, &Json> = BTreeMap::new();
        for (k, v) in period {
            values.insert(k.to_string(), v);
        }
        flatten("", result, &mut |name, v| {
            values.insert(name, v);
        });
        values.insert(PAGE_MARKER.to_string(), &marker);
        visitor.row(Row {
            number: i as u32 + 1,
            cells: headers
                .iter()
                .map(|h| values.get(h).map(|v| v.cell()).unwrap_or(Cell::Empty))
                .collect(),
        })?;
    }
    visitor.end_sheet()?;
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_the_text_the_file_wrote() {
        let raw: &RawValue = serde_json::from_str(
            r#"{"a": {"value": 0.30000000000000000001, "n": 12e3}, "t": "x"}"#,
        )
        .unwrap();
        let json = Json::from_raw(raw).unwrap();
        let mut seen = Vec::new();
        flatten("", &json, &mut |name, v| seen.push((name, v.cell())));
        assert_eq!(
            seen,
            [
                ("a_n".to_string(), Cell::Text("12e3".into())),
                (
                    "a_value".to_string(),
                    Cell::Text("0.30000000000000000001".into())
                ),
                ("t".to_string(), Cell::Text("x".into())),
            ]
        );
    }
}
