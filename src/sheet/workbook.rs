//! Workbooks: xlsx through a pre-flighted zip and calamine's streaming cell
//! reader; xls and ods through calamine's range reader.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xlsx};

use super::{Cell, FileKind, Limits, Row, SheetError, SheetInfo, Visit, Visitor};
use crate::error::Result;

const MIB: u64 = 1024 * 1024;

/// What the pre-flight learned that calamine does not tell us.
struct Preflight {
    date_1904: bool,
}

fn archive_error(e: zip::result::ZipError) -> SheetError {
    match e {
        zip::result::ZipError::UnsupportedArchive(msg)
            if msg.to_lowercase().contains("password") =>
        {
            SheetError::Encrypted
        }
        other => SheetError::BadArchive(other.to_string()),
    }
}

/// Checks an xlsx zip before calamine touches it (see the module docs of `sheet`).
fn preflight_zip(path: &Path, limits: &Limits) -> Result<Preflight, SheetError> {
    let file = File::open(path).map_err(|e| SheetError::Io(e.kind().to_string()))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(archive_error)?;
    if zip.len() > limits.max_zip_entries {
        return Err(SheetError::Bomb(format!(
            "{} entries in the archive",
            zip.len()
        )));
    }
    if zip.has_overlapping_files().map_err(archive_error)? {
        return Err(SheetError::Bomb("entries overlap each other".to_string()));
    }
    let mut total: u64 = 0;
    let mut date_1904 = false;
    let mut has_workbook = false;
    let mut binary_workbook = false;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(archive_error)?;
        let name = entry.name().map_err(archive_error)?.to_string();
        // Nothing is extracted to disk, but a name that climbs out of the
        // archive is a sign of a crafted file. (Backslashes appear in files
        // written by some Windows tools and are harmless here.)
        if name.split(['/', '\\']).any(|part| part == "..")
            || name.starts_with('/')
            || name.contains('\0')
        {
            return Err(SheetError::BadArchive(format!(
                "unsafe entry name '{}'",
                name.escape_debug()
            )));
        }
        if entry.encrypted() {
            return Err(SheetError::Encrypted);
        }
        match entry.compression() {
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated => {}
            other => {
                return Err(SheetError::Malformed(format!(
                    "entry '{name}' uses unsupported compression {other:?}"
                )));
            }
        }
        let compressed = entry.compressed_size().max(1);
        let is_workbook = name == "xl/workbook.xml";
        has_workbook |= is_workbook;
        binary_workbook |= name == "xl/workbook.bin";
        let mut bounded = (&mut entry).take(limits.max_entry_bytes + 1);
        let inflated = if is_workbook {
            // Keep the (small) workbook part to read its date system.
            let mut text = Vec::new();
            let n = (&mut bounded)
                .take(16 * MIB)
                .read_to_end(&mut text)
                .map_err(|e| SheetError::BadArchive(format!("entry '{name}' is damaged: {e}")))?
                as u64;
            let rest = std::io::copy(&mut bounded, &mut std::io::sink())
                .map_err(|e| SheetError::BadArchive(format!("entry '{name}' is damaged: {e}")))?;
            date_1904 = workbook_uses_1904(&text);
            n + rest
        } else {
            std::io::copy(&mut bounded, &mut std::io::sink())
                .map_err(|e| SheetError::BadArchive(format!("entry '{name}' is damaged: {e}")))?
        };
        if inflated > limits.max_entry_bytes {
            return Err(SheetError::Bomb(format!(
                "entry '{name}' inflates past {} MB",
                limits.max_entry_bytes / MIB
            )));
        }
        if inflated > MIB && inflated / compressed > limits.max_ratio {
            return Err(SheetError::Bomb(format!(
                "entry '{name}' inflates {}:1, more than real workbooks do",
                inflated / compressed
            )));
        }
        total += inflated;
        if total > limits.max_total_bytes {
            return Err(SheetError::Bomb(format!(
                "the archive inflates past {} MB",
                limits.max_total_bytes / MIB
            )));
        }
    }
    if !has_workbook && binary_workbook {
        return Err(SheetError::Unsupported(
            "it is an Excel binary workbook (.xlsb), which Runrate does not read; \
             save it as an Excel Workbook (.xlsx) and import that"
                .to_string(),
        ));
    }
    if !has_workbook {
        return Err(SheetError::Unrecognised);
    }
    Ok(Preflight { date_1904 })
}

/// Whether `xl/workbook.xml` sets the 1904 date system.
fn workbook_uses_1904(xml: &[u8]) -> bool {
    let text = String::from_utf8_lossy(xml);
    text.find("date1904=").is_some_and(|at| {
        let value = &text[at + "date1904=".len()..];
        value.starts_with("\"1\"")
            || value.starts_with("\"true\"")
            || value.starts_with("'1'")
            || value.starts_with("'true'")
    })
}

fn text_cell(text: &str, limits: &Limits, sheet: &str, row: u32) -> Result<Cell, SheetError> {
    if text.len() > limits.max_cell_chars && text.chars().count() > limits.max_cell_chars {
        return Err(SheetError::TooManyCells(format!(
            "sheet '{sheet}' row {row} has a cell of {} characters; Excel's limit is {}",
            text.chars().count(),
            limits.max_cell_chars
        )));
    }
    Ok(if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text.to_string())
    })
}

fn cell_from_ref(
    value: DataRef<'_>,
    limits: &Limits,
    sheet: &str,
    row: u32,
) -> Result<Cell, SheetError> {
    Ok(match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => text_cell(&s, limits, sheet, row)?,
        DataRef::SharedString(s) => text_cell(s, limits, sheet, row)?,
        DataRef::Float(f) => Cell::Number(f),
        DataRef::Int(i) => Cell::Int(i),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => Cell::DateTime(d),
            _ => Cell::Number(dt.as_f64()),
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::IsoDate(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    })
}

fn cell_from_data(
    value: &Data,
    limits: &Limits,
    sheet: &str,
    row: u32,
) -> Result<Cell, SheetError> {
    Ok(match value {
        Data::Empty => Cell::Empty,
        Data::String(s) => text_cell(s, limits, sheet, row)?,
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Int(*i),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => Cell::DateTime(d),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::IsoDate(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    })
}

/// A reader's error in the words the app uses: protection and oversized
/// sheets are named as such; anything else is "malformed" with the detail.
fn malformed(e: impl std::fmt::Display) -> SheetError {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        SheetError::Encrypted
    } else if lower.contains("cell limit") {
        SheetError::TooManyCells(
            "a sheet declares more cells than Runrate reads (the file may be crafted to exhaust memory)"
                .to_string(),
        )
    } else {
        SheetError::Malformed(text)
    }
}

/// Reads an xlsx workbook, one streamed row at a time.
pub fn read_xlsx(path: &Path, limits: &Limits, visitor: &mut dyn Visitor) -> Result<()> {
    let preflight = preflight_zip(path, limits)?;
    let file = File::open(path).map_err(|e| SheetError::Io(e.kind().to_string()))?;
    let mut workbook: Xlsx<_> = Xlsx::new(BufReader::new(file)).map_err(|e| match e {
        calamine::XlsxError::Password => SheetError::Encrypted,
        other => malformed(other),
    })?;
    let names = workbook.sheet_names();
    let mut cells_seen: u64 = 0;
    for (index, name) in names.iter().enumerate() {
        let info = SheetInfo {
            name: name.clone(),
            index,
            count: names.len(),
            date_1904: preflight.date_1904,
        };
        if visitor.sheet(&info)? == Visit::Skip {
            continue;
        }
        let mut reader = match workbook.worksheet_cells_reader(name) {
            Ok(r) => r,
            // Chart sheets and dialog sheets hold no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => {
                visitor.end_sheet()?;
                continue;
            }
            Err(e) => return Err(malformed(e).into()),
        };
        let dims = reader.dimensions();
        let rows = u64::from(dims.end.0.saturating_sub(dims.start.0)) + 1;
        let cols = u64::from(dims.end.1.saturating_sub(dims.start.1)) + 1;
        if rows.saturating_mul(cols) > limits.max_cells {
            return Err(SheetError::TooManyCells(format!(
                "sheet '{name}' declares {rows} rows × {cols} columns, more than Runrate reads ({} cells)",
                limits.max_cells
            ))
            .into());
        }
        let mut current: Option<(u32, Vec<Cell>)> = None;
        while let Some(cell) = reader.next_cell().map_err(malformed)? {
            let (r, c) = cell.get_position();
            let value = cell_from_ref(cell.get_value().clone(), limits, name, r + 1)?;
            if matches!(value, Cell::Empty) {
                continue;
            }
            cells_seen += 1;
            if cells_seen > limits.max_cells {
                return Err(SheetError::TooManyCells(format!(
                    "the workbook holds more than {} cells",
                    limits.max_cells
                ))
                .into());
            }
            if c >= limits.max_columns {
                return Err(SheetError::TooManyCells(format!(
                    "sheet '{name}' row {} has a value in column {}; Runrate reads at most {} columns",
                    r + 1,
                    super::column_letters(c as usize),
                    limits.max_columns
                ))
                .into());
            }
            if current.as_ref().is_some_and(|(row, _)| *row != r)
                && let Some((row, cells)) = current.take()
            {
                visitor.row(Row {
                    number: row + 1,
                    cells,
                })?;
            }
            let (_, cells) = current.get_or_insert_with(|| (r, Vec::new()));
            let c = c as usize;
            if cells.len() <= c {
                cells.resize(c + 1, Cell::Empty);
            }
            cells[c] = value;
        }
        if let Some((row, cells)) = current.take() {
            visitor.row(Row {
                number: row + 1,
                cells,
            })?;
        }
        visitor.end_sheet()?;
    }
    Ok(())
}

/// Whether an OLE compound file is an encrypted OOXML package (what Excel writes
/// for a password-protected xlsx) rather than an xls.
fn is_encrypted_package(path: &Path, limit: u64) -> Result<bool, SheetError> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|f| f.take(limit).read_to_end(&mut bytes))
        .map_err(|e| SheetError::Io(e.kind().to_string()))?;
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    Ok(bytes.windows(needle.len()).any(|w| w == needle.as_slice()))
}

/// Reads an xls or ods workbook through calamine's range reader.
pub fn read_legacy(
    path: &Path,
    kind: FileKind,
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> Result<()> {
    if kind == FileKind::Xls && is_encrypted_package(path, limits.max_file_bytes)? {
        return Err(SheetError::Encrypted.into());
    }
    if kind == FileKind::Ods {
        preflight_ods(path, limits)?;
    }
    let file = BufReader::new(File::open(path).map_err(|e| SheetError::Io(e.kind().to_string()))?);
    let mut workbook: calamine::Sheets<_> = match kind {
        FileKind::Xls => calamine::Sheets::Xls(calamine::Xls::new(file).map_err(|e| match e {
            calamine::XlsError::Password => SheetError::Encrypted,
            other => malformed(other),
        })?),
        _ => calamine::Sheets::Ods(calamine::Ods::new(file).map_err(malformed)?),
    };
    let names = workbook.sheet_names();
    for (index, name) in names.iter().enumerate() {
        let info = SheetInfo {
            name: name.clone(),
            index,
            count: names.len(),
            date_1904: false,
        };
        if visitor.sheet(&info)? == Visit::Skip {
            continue;
        }
        let range = workbook.worksheet_range(name).map_err(malformed)?;
        let (height, width) = range.get_size();
        if (height as u64).saturating_mul(width as u64) > limits.max_cells
            || width > limits.max_columns as usize
        {
            return Err(SheetError::TooManyCells(format!(
                "sheet '{name}' spans {height} rows × {width} columns, more than Runrate reads"
            ))
            .into());
        }
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (i, cells) in range.rows().enumerate() {
            let number = row0 + i as u32 + 1;
            let mut row = vec![Cell::Empty; col0 as usize];
            for value in cells {
                row.push(cell_from_data(value, limits, name, number)?);
            }
            while matches!(row.last(), Some(Cell::Empty)) {
                row.pop();
            }
            if !row.is_empty() {
                visitor.row(Row { number, cells: row })?;
            }
        }
        visitor.end_sheet()?;
    }
    Ok(())
}

/// The zip checks for ods, which is a zip too.
fn preflight_ods(path: &Path, limits: &Limits) -> Result<(), SheetError> {
    let file = File::open(path).map_err(|e| SheetError::Io(e.kind().to_string()))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(archive_error)?;
    if zip.len() > limits.max_zip_entries || zip.has_overlapping_files().map_err(archive_error)? {
        return Err(SheetError::Bomb(
            "the archive's entries are not those of a spreadsheet".to_string(),
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(archive_error)?;
        if entry.encrypted() {
            return Err(SheetError::Encrypted);
        }
        let compressed = entry.compressed_size().max(1);
        let inflated = std::io::copy(
            &mut (&mut entry).take(limits.max_entry_bytes + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| SheetError::BadArchive(e.to_string()))?;
        if inflated > limits.max_entry_bytes
            || (inflated > MIB && inflated / compressed > limits.max_ratio)
        {
            return Err(SheetError::Bomb(
                "an entry inflates past safe limits".to_string(),
            ));
        }
        total += inflated;
        if total > limits.max_total_bytes {
            return Err(SheetError::Bomb(
                "the archive inflates past safe limits".to_string(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_1904_flag_is_read_from_workbook_xml() {
        assert!(workbook_uses_1904(
            br#"<workbookPr date1904="1" defaultThemeVersion="1"/>"#
        ));
        assert!(workbook_uses_1904(br#"<workbookPr date1904="true"/>"#));
        assert!(!workbook_uses_1904(br#"<workbookPr date1904="0"/>"#));
        assert!(!workbook_uses_1904(br#"<workbookPr/>"#));
    }
}
