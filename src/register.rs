//! The service-code register as a file: CSV or xlsx, one row per code.
//!
//! The columns are those of [`HEADERS`]. Reading accepts common synonyms for each
//! header (`service code`, `cost center`, `budget`, …) in any order, finds the
//! header row below any title rows, and reports every row it cannot use with its
//! row number and column. Writing produces exactly [`HEADERS`], so an exported
//! register imports back unchanged.

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};

use crate::error::{Error, Result};
use crate::model::service_code::{CodeStatus, ServiceCode, ServiceCodeInput};
use crate::sheet::{self, Cell, Collect, Limits};
use crate::xlsx_out::{write_amount, write_text, xlsx_error};

/// The register's columns, in order.
pub const HEADERS: [&str; 19] = [
    "code",
    "description",
    "department",
    "business_owner",
    "technical_owner",
    "cost_centre",
    "environment",
    "stage",
    "model_tier",
    "allowed_providers",
    "data_classification",
    "currency",
    "monthly_budget_cap",
    "expected_monthly_run_rate",
    "forecast_monthly_benefit",
    "retention_rule",
    "approval_reference",
    "review_date",
    "status",
];

/// The file format, from the file name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterFormat {
    /// Comma-separated text.
    Csv,
    /// Excel workbook.
    Xlsx,
}

impl RegisterFormat {
    /// `.xlsx` → xlsx, anything else → CSV.
    pub fn from_path(path: &Path) -> RegisterFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("xlsx") => RegisterFormat::Xlsx,
            _ => RegisterFormat::Csv,
        }
    }
}

fn row_values(code: &ServiceCode) -> [String; 19] {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let amount = |v: &Option<rust_decimal::Decimal>| {
        v.map(|d| d.normalize().to_string()).unwrap_or_default()
    };
    [
        code.code.clone(),
        code.description.clone(),
        code.department.clone(),
        text(&code.business_owner),
        text(&code.technical_owner),
        text(&code.cost_centre),
        code.environment.as_str().to_string(),
        code.stage.as_str().to_string(),
        code.model_tier.as_str().to_string(),
        code.allowed_providers
            .iter()
            .map(|p| p.id())
            .collect::<Vec<_>>()
            .join(";"),
        code.data_classification.as_str().to_string(),
        code.currency.code().to_string(),
        amount(&code.budget_cap),
        amount(&code.expected_run_rate),
        amount(&code.forecast_benefit),
        text(&code.retention_rule),
        text(&code.approval_reference),
        code.review_date.map(|d| d.to_string()).unwrap_or_default(),
        code.status.as_str().to_string(),
    ]
}

/// Writes the register to `path`, replacing it atomically.
pub fn write(path: &Path, codes: &[ServiceCode]) -> Result<()> {
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("out")
    ));
    match RegisterFormat::from_path(path) {
        RegisterFormat::Csv => write_csv(&tmp, codes)?,
        RegisterFormat::Xlsx => write_xlsx(&tmp, codes)?,
    }
    std::fs::rename(&tmp, path)
        .map_err(|e| Error::from(e).context(format!("Saving {}", path.display())))?;
    Ok(())
}

fn write_csv(path: &Path, codes: &[ServiceCode]) -> Result<()> {
    let mut out = csv::Writer::from_path(path).map_err(|e| {
        Error::new(crate::error::Code::Io, "The CSV file could not be written")
            .with_detail(e.to_string())
    })?;
    let io = |e: csv::Error| {
        Error::new(crate::error::Code::Io, "The CSV file could not be written")
            .with_detail(e.to_string())
    };
    out.write_record(HEADERS).map_err(io)?;
    for code in codes {
        out.write_record(row_values(code)).map_err(io)?;
    }
    out.flush()?;
    Ok(())
}

fn write_xlsx(path: &Path, codes: &[ServiceCode]) -> Result<()> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Service codes").map_err(xlsx_error)?;
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE8EEF7))
        .set_border_bottom(FormatBorder::Thin);
    let text = Format::new();
    let money = Format::new().set_num_format("#,##0.00");
    for (col, name) in HEADERS.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *name, &header)
            .map_err(xlsx_error)?;
    }
    for (i, code) in codes.iter().enumerate() {
        let row = i as u32 + 1;
        let values = row_values(code);
        for (col, value) in values.iter().enumerate() {
            let col16 = col as u16;
            let amount = match col {
                12 => code.budget_cap,
                13 => code.expected_run_rate,
                14 => code.forecast_benefit,
                _ => None,
            };
            match amount {
                Some(a) => write_amount(sheet, row, col16, a, &money, &text).map_err(xlsx_error)?,
                None if value.is_empty() => {}
                None => write_text(sheet, row, col16, value, &text).map_err(xlsx_error)?,
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    sheet
        .autofilter(0, 0, codes.len() as u32, (HEADERS.len() - 1) as u16)
        .map_err(xlsx_error)?;
    sheet.autofit();
    workbook.save(path).map_err(xlsx_error)?;
    Ok(())
}

/// One usable row of a register file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// The row number the user sees.
    pub row: u32,
    /// The code as typed in the file.
    pub input: ServiceCodeInput,
    /// The status column, if present.
    pub status: Option<CodeStatus>,
}

/// A row of a register file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct RowIssue {
    /// Sheet name (for CSV, the file name).
    pub sheet: String,
    /// The row number the user sees.
    pub row: u32,
    /// The column's header, when the issue is about one column.
    pub column: Option<String>,
    /// The code in that row, if readable.
    pub code: String,
    /// What is wrong.
    pub message: String,
}

/// The rows of a register file.
#[derive(Debug, Clone, Default)]
pub struct RegisterFile {
    /// The sheet that was read.
    pub sheet: String,
    /// Rows with a code.
    pub rows: Vec<RegisterRow>,
    /// Rows that could not be read at all.
    pub rejected: Vec<RowIssue>,
    /// Data rows read (excluding blank rows and the header).
    pub rows_read: usize,
}

/// Maps a header cell to a register column.
fn column_for(header: &str) -> Option<usize> {
    let key: String = header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let index = match key.as_str() {
        "code" | "service_code" | "ai_service_code" => 0,
        "description" | "workload" | "workload_description" => 1,
        "department" | "dept" | "business_unit" => 2,
        "business_owner" | "owner" => 3,
        "technical_owner" | "tech_owner" => 4,
        "cost_centre" | "cost_center" | "cc" => 5,
        "environment" | "env" => 6,
        "stage" => 7,
        "model_tier" | "tier" => 8,
        "allowed_providers" | "providers" => 9,
        "data_classification" | "data_class" | "classification" => 10,
        "currency" => 11,
        "monthly_budget_cap" | "budget_cap" | "budget" | "monthly_budget" => 12,
        "expected_monthly_run_rate" | "expected_run_rate" | "run_rate" => 13,
        "forecast_monthly_benefit" | "forecast_benefit" | "benefit" => 14,
        "retention_rule" | "retention" => 15,
        "approval_reference" | "approval" | "approval_ref" => 16,
        "review_date" | "next_review" => 17,
        "status" => 18,
        _ => return None,
    };
    Some(index)
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::DateTime(d) => d.date().to_string(),
        other => other.display().trim().to_string(),
    }
}

/// Reads a register file (CSV or a workbook; the sheet named "Service codes"
/// if there is one, else the first sheet).
pub fn read(path: &Path) -> Result<RegisterFile> {
    let limits = Limits {
        max_file_bytes: 50 * 1024 * 1024,
        ..Limits::default()
    };
    let mut collect = Collect::default();
    let name = sheet::file_name(path);
    sheet::read_path(path, &limits, &mut collect)
        .map_err(|e| e.context(format!("File '{name}'")))?;
    let chosen = collect
        .sheets
        .iter()
        .position(|(info, _)| info.name.eq_ignore_ascii_case("service codes"))
        .unwrap_or(0);
    let Some((info, rows)) = collect.sheets.into_iter().nth(chosen) else {
        return Err(Error::invalid(format!("File '{name}' has no sheets")));
    };
    let mut file = RegisterFile {
        sheet: info.name.clone(),
        ..Default::default()
    };

    // The header row is the first row with a `code` column and at least two other
    // known columns.
    let mut header: Option<(usize, Vec<Option<usize>>)> = None;
    for (i, row) in rows.iter().enumerate().take(20) {
        let columns: Vec<Option<usize>> = row
            .cells
            .iter()
            .map(|c| column_for(&cell_text(c)))
            .collect();
        let known = columns.iter().flatten().count();
        if columns.contains(&Some(0)) && known >= 3 {
            header = Some((i, columns));
            break;
        }
    }
    let Some((header_index, columns)) = header else {
        return Err(Error::invalid(format!(
            "File '{name}' sheet '{}' has no header row with a 'code' column and the register's other columns ({})",
            info.name,
            HEADERS.join(", ")
        )));
    };
    let header_row = &rows[header_index];
    for row in rows.iter().skip(header_index + 1) {
        if row.is_blank() {
            continue;
        }
        file.rows_read += 1;
        let mut values: [String; 19] = Default::default();
        for (col, target) in columns.iter().enumerate() {
            if let Some(t) = target {
                values[*t] = cell_text(row.cell(col));
            }
        }
        if values[0].is_empty() {
            file.rejected.push(RowIssue {
                sheet: info.name.clone(),
                row: row.number,
                column: header_row
                    .cells
                    .get(columns.iter().position(|c| *c == Some(0)).unwrap_or(0))
                    .map(cell_text),
                code: String::new(),
                message: format!(
                    "Sheet '{}' row {}: the code is empty",
                    info.name, row.number
                ),
            });
            continue;
        }
        let status = if values[18].is_empty() {
            None
        } else {
            match CodeStatus::parse(&values[18]) {
                Some(s) => Some(s),
                None => {
                    file.rejected.push(RowIssue {
                        sheet: info.name.clone(),
                        row: row.number,
                        column: Some("status".to_string()),
                        code: values[0].clone(),
                        message: format!(
                            "Sheet '{}' row {}: status '{}' is not active or retired",
                            info.name, row.number, values[18]
                        ),
                    });
                    continue;
                }
            }
        };
        let providers = values[9]
            .split([';', ','])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        let [
            code,
            description,
            department,
            business_owner,
            technical_owner,
            cost_centre,
            environment,
            stage,
            model_tier,
            _,
            data_classification,
            currency,
            budget_cap,
            expected_run_rate,
            forecast_benefit,
            retention_rule,
            approval_reference,
            review_date,
            _,
        ] = values;
        file.rows.push(RegisterRow {
            row: row.number,
            input: ServiceCodeInput {
                code,
                description,
                department,
                business_owner,
                technical_owner,
                cost_centre,
                environment,
                stage,
                model_tier,
                allowed_providers: providers,
                data_classification,
                currency,
                budget_cap,
                expected_run_rate,
                forecast_benefit,
                retention_rule,
                approval_reference,
                review_date,
            },
            status,
        });
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_accept_synonyms() {
        assert_eq!(column_for("Service Code"), Some(0));
        assert_eq!(column_for("Cost Center"), Some(5));
        assert_eq!(column_for(" Monthly budget cap "), Some(12));
        assert_eq!(column_for("expected_monthly_run_rate"), Some(13));
        assert_eq!(column_for("Notes"), None);
        for (i, h) in HEADERS.iter().enumerate() {
            assert_eq!(column_for(h), Some(i), "{h} maps to itself");
        }
    }
}
