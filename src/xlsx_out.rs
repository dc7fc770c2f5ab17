//! Writing xlsx that is safe to open.
//!
//! Text that came from a spreadsheet or a provider export can start with `=`, `+`,
//! `-` or `@`, which Excel would treat as a formula. Every text cell Runrate writes
//! goes through [`write_text`], which marks such text with Excel's quote prefix so
//! it shows as text and never runs. Numbers are written as numbers.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use crate::error::{Code, Error};

/// Whether Excel would read `text` as the start of a formula.
pub fn is_formula_trigger(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Writes `text` as a text cell, with a quote prefix when it would otherwise be
/// read as a formula.
pub fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if is_formula_trigger(text) {
        sheet.write_string_with_format(row, col, text, &format.clone().set_quote_prefix())?;
    } else {
        sheet.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

/// Writes `text` as a text cell in the default format, as [`write_text`] does
/// with `Format::new()`, without the per-cell format lookup (rust_xlsxwriter
/// hashes a cell's format to find its style): for sheets with one row per line.
pub fn write_plain_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
) -> Result<(), XlsxError> {
    if is_formula_trigger(text) {
        sheet.write_string_with_format(row, col, text, &Format::new().set_quote_prefix())?;
    } else {
        sheet.write_string(row, col, text)?;
    }
    Ok(())
}

/// Writes an amount as a number when a spreadsheet's number can hold it exactly,
/// and as text otherwise (so no digit is silently lost).
pub fn write_amount(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    amount: Decimal,
    number_format: &Format,
    text_format: &Format,
) -> Result<(), XlsxError> {
    match amount.to_f64() {
        Some(f)
            if crate::money::decimal_from_cell_number(f)
                .is_ok_and(|back| back == amount.normalize()) =>
        {
            sheet.write_number_with_format(row, col, f, number_format)?;
        }
        _ => write_text(
            sheet,
            row,
            col,
            &amount.normalize().to_string(),
            text_format,
        )?,
    }
    Ok(())
}

/// Maps a writer error to an engine error.
pub fn xlsx_error(e: XlsxError) -> Error {
    Error::new(Code::Io, "The Excel file could not be written").with_detail(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_are_recognised() {
        for t in ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx"] {
            assert!(is_formula_trigger(t), "{t}");
        }
        for t in ["Finance", "1-2", "", "a=b"] {
            assert!(!is_formula_trigger(t), "{t}");
        }
    }
}
