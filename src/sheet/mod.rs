//! Reading tabular files safely: xlsx, xls, ods and delimited text.
//!
//! Files arrive as email attachments, so every reader here assumes the bytes are
//! hostile until checked:
//! - the file size is capped before anything is parsed;
//! - an xlsx is a zip: before calamine opens it, every entry is decompressed into
//!   a sink through a bounded reader, and the archive is refused for too many
//!   entries, entries or totals that inflate past the limits, a suspicious
//!   compression ratio, overlapping entries, unsafe names or encryption;
//! - xlsx sheets are read with calamine's streaming cell reader, after checking
//!   the sheet's declared dimension, so a 2 KB sheet that claims cells at A1 and
//!   XFD1048576 cannot make the process allocate half a terabyte (calamine #693);
//! - text files have their encoding detected the way Excel writes them (UTF-8
//!   with or without BOM, UTF-16 with BOM, Windows-1252) and their delimiter
//!   sniffed; a field longer than the cell limit is refused.
//!
//! Readers hand rows to a visitor one at a time, so memory stays flat however
//! long the file is. Every row carries its 1-based number as the user sees it in
//! Excel or a text editor.

mod text;
mod workbook;

use std::fmt;
use std::path::Path;

pub use text::{Encoding, TextFormat};

/// The kinds of file the readers recognise from their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Office Open XML workbook (a zip with `xl/workbook.xml`).
    Xlsx,
    /// Legacy Excel workbook (an OLE compound file).
    Xls,
    /// OpenDocument spreadsheet (a zip with an ODS mimetype).
    Ods,
    /// Delimited text (CSV, TSV, semicolon-separated).
    Text,
    /// JSON.
    Json,
}

impl FileKind {
    /// How the kind is named in messages.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Xlsx => "Excel workbook (xlsx)",
            FileKind::Xls => "Excel 97-2003 workbook (xls)",
            FileKind::Ods => "OpenDocument spreadsheet (ods)",
            FileKind::Text => "delimited text (CSV)",
            FileKind::Json => "JSON",
        }
    }
}

/// Limits on what a file may make Runrate do.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Most entries in an xlsx/ods zip.
    pub max_zip_entries: usize,
    /// Largest decompressed size of one zip entry.
    pub max_entry_bytes: u64,
    /// Largest decompressed size of all entries together.
    pub max_total_bytes: u64,
    /// Largest ratio of decompressed to compressed size for an entry over 1 MiB.
    pub max_ratio: u64,
    /// Most cells a sheet may declare or contain.
    pub max_cells: u64,
    /// Most columns a sheet may use.
    pub max_columns: u32,
    /// Longest text in one cell or field, in characters (Excel's own limit is 32,767).
    pub max_cell_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_entry_bytes: 1024 * 1024 * 1024,
            max_total_bytes: 2 * 1024 * 1024 * 1024,
            max_ratio: 250,
            max_cells: 40_000_000,
            max_columns: 1_000,
            max_cell_chars: 32_767,
        }
    }
}

/// One cell's value as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// Text.
    Text(String),
    /// A number, as the spreadsheet stores it (convert with
    /// [`crate::money::decimal_from_cell_number`]).
    Number(f64),
    /// A whole number stored as an integer.
    Int(i64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A cell formatted as a date or time (the reader has applied the
    /// workbook's 1900 or 1904 date system).
    DateTime(chrono::NaiveDateTime),
    /// An ISO 8601 date or time stored as text by the file format (ods).
    IsoDate(String),
    /// An error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing (or only spaces).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the text a person would see, for provenance and messages.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => crate::money::decimal_from_cell_number(*n)
                .map(|d| d.to_string())
                .unwrap_or_else(|_| n.to_string()),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::DateTime(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.date().to_string()
                } else {
                    d.to_string()
                }
            }
            Cell::IsoDate(t) => t.clone(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// One row handed to a visitor.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row number the user sees (1-based line or spreadsheet row).
    pub number: u32,
    /// The cells, from column A; trailing empty cells may be missing.
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell in column `index` (0-based), or `Empty`.
    pub fn cell(&self, index: usize) -> &Cell {
        self.cells.get(index).unwrap_or(&Cell::Empty)
    }

    /// Whether every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// What a visitor learns about a sheet before its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetInfo {
    /// The sheet's name (for text files, the file name).
    pub name: String,
    /// Its position in the workbook, from 0.
    pub index: usize,
    /// How many sheets the workbook has (1 for text files).
    pub count: usize,
    /// Whether the workbook counts date serials from 1904 (old Mac workbooks);
    /// needed to read dates typed as plain numbers.
    pub date_1904: bool,
}

/// What the visitor tells the reader after each sheet starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit {
    /// Read this sheet's rows.
    Read,
    /// Skip this sheet.
    Skip,
}

/// Receives sheets and rows in file order.
pub trait Visitor {
    /// A sheet begins; return whether to read it.
    fn sheet(&mut self, info: &SheetInfo) -> crate::error::Result<Visit>;
    /// One row of the current sheet.
    fn row(&mut self, row: Row) -> crate::error::Result<()>;
    /// The current sheet ended.
    fn end_sheet(&mut self) -> crate::error::Result<()> {
        Ok(())
    }
}

/// Why a file could not be read. Messages name the file's problem in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// The file is larger than the limit.
    TooLarge {
        /// The file's size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is empty.
    Empty,
    /// The bytes are not a format Runrate reads.
    Unrecognised,
    /// The workbook is password-protected.
    Encrypted,
    /// The zip container is damaged, truncated or unsafe.
    BadArchive(String),
    /// Decompression would exceed the limits (a zip bomb or an absurd file).
    Bomb(String),
    /// A sheet declares or holds more cells or columns than the limits allow.
    TooManyCells(String),
    /// The contents are malformed.
    Malformed(String),
    /// A real format Runrate does not read; the text says what to do instead.
    Unsupported(String),
    /// The text is not in an encoding Runrate can read.
    Encoding(String),
    /// Reading the file failed.
    Io(String),
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SheetError::TooLarge { bytes, limit } => write!(
                f,
                "the file is {} MB, larger than the {} MB Runrate accepts",
                bytes / 1_048_576,
                limit / 1_048_576
            ),
            SheetError::Empty => write!(f, "the file is empty"),
            SheetError::Unrecognised => write!(
                f,
                "the file is not a spreadsheet, CSV or JSON file Runrate can read (it may be damaged or mislabelled)"
            ),
            SheetError::Encrypted => {
                write!(
                    f,
                    "the workbook is password-protected; save an unprotected copy and import that"
                )
            }
            SheetError::BadArchive(d) => write!(f, "the workbook is damaged or truncated ({d})"),
            SheetError::Bomb(d) => write!(f, "the workbook would expand beyond safe limits ({d})"),
            SheetError::TooManyCells(d) => write!(f, "{d}"),
            SheetError::Malformed(d) => write!(f, "the file's contents are malformed ({d})"),
            SheetError::Unsupported(d) => write!(f, "{d}"),
            SheetError::Encoding(d) => write!(f, "{d}"),
            SheetError::Io(d) => write!(f, "the file could not be read ({d})"),
        }
    }
}

impl From<SheetError> for crate::error::Error {
    fn from(e: SheetError) -> Self {
        let code = match e {
            SheetError::Io(_) => crate::error::Code::Io,
            _ => crate::error::Code::Invalid,
        };
        crate::error::Error::new(code, e.to_string())
    }
}

/// Recognises a file from its first bytes; the name's extension only breaks ties
/// between text formats.
pub fn sniff(head: &[u8], name: &str) -> Option<FileKind> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        // A zip: xlsx or ods. The ODS mimetype is stored first and uncompressed.
        if head.len() > 38
            && head[30..].starts_with(b"mimetype")
            && head
                .windows(46)
                .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet")
        {
            return Some(FileKind::Ods);
        }
        return Some(FileKind::Xlsx);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(FileKind::Xls);
    }
    if head.is_empty() {
        return None;
    }
    // Text: look past a BOM and leading space.
    let body = text::strip_bom(head);
    let first = body.iter().find(|b| !b.is_ascii_whitespace() && **b != 0);
    match first {
        Some(b'{') | Some(b'[') => Some(FileKind::Json),
        Some(_) => {
            // Binary junk is not text: NUL bytes outside UTF-16, or many control bytes.
            if text::looks_textual(head) {
                let lower = name.to_ascii_lowercase();
                if lower.ends_with(".json") && matches!(first, Some(b'{') | Some(b'[')) {
                    Some(FileKind::Json)
                } else {
                    Some(FileKind::Text)
                }
            } else {
                None
            }
        }
        None => None,
    }
}

/// Recognises the file at `path` from its first bytes, after checking its size.
pub fn detect(path: &Path, limits: &Limits) -> crate::error::Result<Option<FileKind>> {
    let name = file_name(path);
    let meta = std::fs::metadata(path).map_err(|e| SheetError::Io(e.kind().to_string()))?;
    if meta.len() > limits.max_file_bytes {
        return Err(SheetError::TooLarge {
            bytes: meta.len(),
            limit: limits.max_file_bytes,
        }
        .into());
    }
    if meta.len() == 0 {
        return Err(SheetError::Empty.into());
    }
    let mut head = [0u8; 4096];
    let n = {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| SheetError::Io(e.kind().to_string()))?;
        let mut filled = 0;
        while filled < head.len() {
            match f.read(&mut head[filled..]) {
                Ok(0) => break,
                Ok(k) => filled += k,
                Err(e) => return Err(SheetError::Io(e.kind().to_string()).into()),
            }
        }
        filled
    };
    Ok(sniff(&head[..n], &name))
}

/// Reads every sheet of the file at `path`, handing rows to `visitor`.
///
/// Returns the kind of file that was read and, for text, how it was decoded.
pub fn read_path(
    path: &Path,
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> crate::error::Result<ReadSummary> {
    let name = file_name(path);
    match detect(path, limits)? {
        Some(FileKind::Xlsx) => {
            workbook::read_xlsx(path, limits, visitor)?;
            Ok(ReadSummary {
                kind: FileKind::Xlsx,
                text: None,
            })
        }
        Some(FileKind::Xls) => {
            workbook::read_legacy(path, FileKind::Xls, limits, visitor)?;
            Ok(ReadSummary {
                kind: FileKind::Xls,
                text: None,
            })
        }
        Some(FileKind::Ods) => {
            workbook::read_legacy(path, FileKind::Ods, limits, visitor)?;
            Ok(ReadSummary {
                kind: FileKind::Ods,
                text: None,
            })
        }
        Some(FileKind::Text) => {
            let format = text::read_text(path, &name, limits, visitor)?;
            Ok(ReadSummary {
                kind: FileKind::Text,
                text: Some(format),
            })
        }
        Some(FileKind::Json) => {
            Err(SheetError::Malformed("a JSON file is not a table".into()).into())
        }
        None => Err(SheetError::Unrecognised.into()),
    }
}

/// What [`read_path`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSummary {
    /// The kind of file.
    pub kind: FileKind,
    /// For text files: the encoding and delimiter used.
    pub text: Option<TextFormat>,
}

/// A visitor that keeps every row of every sheet (for small files such as the
/// service-code register).
#[derive(Debug, Default)]
pub struct Collect {
    /// Sheets read, with their rows.
    pub sheets: Vec<(SheetInfo, Vec<Row>)>,
    /// Stop after this many rows per sheet (`None` for all).
    pub max_rows: Option<usize>,
    /// Leave blank rows out (they still keep their numbers' gaps).
    pub skip_blank: bool,
}

impl Visitor for Collect {
    fn sheet(&mut self, info: &SheetInfo) -> crate::error::Result<Visit> {
        self.sheets.push((info.clone(), Vec::new()));
        Ok(Visit::Read)
    }

    fn row(&mut self, row: Row) -> crate::error::Result<()> {
        if let Some((_, rows)) = self.sheets.last_mut()
            && self.max_rows.is_none_or(|m| rows.len() < m)
            && !(self.skip_blank && row.is_blank())
        {
            rows.push(row);
        }
        Ok(())
    }
}

/// A path's file name as people see it in messages (`cost_2026-09.csv`).
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// The spreadsheet column letters for a 0-based index: 0 → `A`, 27 → `AB`.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_uses_content_not_extension() {
        assert_eq!(sniff(b"PK\x03\x04rest", "x.csv"), Some(FileKind::Xlsx));
        assert_eq!(
            sniff(
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                "x.xlsx"
            ),
            Some(FileKind::Xls)
        );
        assert_eq!(sniff(b"Month,Amount\n", "x.xlsx"), Some(FileKind::Text));
        assert_eq!(
            sniff(b"\xEF\xBB\xBF{\"data\":[]}", "x"),
            Some(FileKind::Json)
        );
        assert_eq!(
            sniff(&[0u8, 1, 2, 3, 0, 0, 0, 9, 8, 7, 0, 0, 0xff], "x.xlsx"),
            None
        );
        assert_eq!(sniff(b"", "x.csv"), None);
    }

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
    }
}
