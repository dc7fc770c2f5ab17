//! A header row, and reading a data row's cells by column name.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use crate::money::{ParsedAmount, decimal_from_cell_number, parse_amount};
use crate::sheet::{Cell, Row};

/// A number read from a cell: a number cell, or text as spreadsheets write it
/// (with the currency the text names). `Ok(None)` for a blank cell; an error
/// completes the sentence "'<value>' …".
pub fn read_number(cell: &Cell) -> Result<Option<ParsedAmount>, String> {
    let plain = |value| {
        Some(ParsedAmount {
            value,
            currency: None,
        })
    };
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => decimal_from_cell_number(*n)
            .map(plain)
            .map_err(|_| "is not a finite number".to_string()),
        Cell::Int(i) => Ok(plain(Decimal::from(*i))),
        Cell::Error(e) => Err(format!("is a spreadsheet error ({e}), not a number")),
        other => {
            let text = other.display();
            if text.trim().is_empty() {
                return Ok(None);
            }
            parse_amount(&text)
                .map(Some)
                .map_err(|_| "is not a number".to_string())
        }
    }
}

/// A count written as `31422`, `31422.0` or `31,422`: whole and not negative.
pub fn to_count(value: Decimal) -> Result<i64, &'static str> {
    if value.fract() != Decimal::ZERO || value.is_sign_negative() {
        return Err("is not a whole, non-negative count");
    }
    i64::try_from(value).map_err(|_| "is too large a count")
}

/// The columns of a table, found by name whatever their order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Columns {
    headers: Vec<String>,
    index: HashMap<String, usize>,
}

/// The form a header is matched in: lowercase, trimmed, no BOM.
pub fn normalise(header: &str) -> String {
    header.trim_start_matches('\u{feff}').trim().to_lowercase()
}

impl Columns {
    /// Reads a header row.
    pub fn from_row(row: &Row) -> Columns {
        let headers: Vec<String> = row
            .cells
            .iter()
            .map(|c| c.display().trim().to_string())
            .collect();
        let mut index = HashMap::new();
        for (i, header) in headers.iter().enumerate() {
            let key = normalise(header);
            if !key.is_empty() {
                // The first of two same-named columns wins; the second stays in raw values.
                index.entry(key).or_insert(i);
            }
        }
        Columns { headers, index }
    }

    /// The headers as written, in column order.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The normalised names of the non-blank headers.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(String::as_str)
    }

    /// The column index of a (normalised) name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Whether a column of this (normalised) name exists.
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// The header as written in the file.
    pub fn header(&self, name: &str) -> String {
        self.index
            .get(name)
            .and_then(|&i| self.headers.get(i))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// The cell under `name`, if the column exists.
    pub fn cell<'r>(&self, row: &'r Row, name: &str) -> Option<&'r Cell> {
        self.index.get(name).map(|&i| row.cell(i))
    }

    /// The cell's text, trimmed; `None` when the column is absent or the cell blank.
    pub fn text(&self, row: &Row, name: &str) -> Option<String> {
        self.cell(row, name)
            .map(|c| c.display().trim().to_string())
            .filter(|t| !t.is_empty())
    }

    /// The row's cells by header as a JSON object, keys in order (as a map
    /// serialises): the raw values a line keeps. Empty cells are left out; a
    /// cell whose header is empty or repeated is named by its column's
    /// letters; columns whose normalised header is in `leave_out` (personal
    /// data) are dropped.
    pub fn raw_json(&self, row: &Row, leave_out: &[&str]) -> String {
        let mut raw: BTreeMap<Cow<'_, str>, String> = BTreeMap::new();
        for (i, cell) in row.cells.iter().enumerate() {
            let value = cell.display();
            if value.trim().is_empty() {
                continue;
            }
            let header = match self.headers.get(i) {
                Some(h) if !h.is_empty() && !raw.contains_key(h.as_str()) => {
                    Cow::Borrowed(h.as_str())
                }
                _ => Cow::Owned(crate::sheet::column_letters(i)),
            };
            raw.insert(header, value);
        }
        if !leave_out.is_empty() {
            raw.retain(|k, _| !leave_out.contains(&normalise(k).as_str()));
        }
        // A map of text to text always serialises.
        serde_json::to_string(&raw).unwrap_or_else(|_| String::from("{}"))
    }
}
