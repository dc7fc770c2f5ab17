//! `pack.xlsx`: the pack for reading in Excel. Summary (with native charts),
//! Lines, Disputes or Approval, Reconciliation, Forecast, Value, Sources and
//! About. Presented amounts are rounded to the minor unit by the workspace's
//! rule; `ledger.csv` stays the authoritative figures. Every text cell goes
//! through the quote-prefix guard, so nothing imported can run as a formula.

use chrono::{Datelike, Timelike};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use super::{PackContent, PackKind};
use crate::error::Result;
use crate::xlsx_out::{write_amount, write_plain_text, write_text, xlsx_error};

struct Styles {
    title: Format,
    bold: Format,
    text: Format,
    money: Format,
    exact: Format,
    int: Format,
}

impl Styles {
    fn new(places: u32) -> Styles {
        let money = if places == 0 {
            "#,##0".to_string()
        } else {
            format!("#,##0.{}", "0".repeat(places as usize))
        };
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            bold: Format::new().set_bold(),
            text: Format::new(),
            money: Format::new().set_num_format(&money),
            exact: Format::new().set_num_format("0.#########"),
            int: Format::new().set_num_format("#,##0"),
        }
    }
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    s: &'a Styles,
    row: u32,
}

impl Sheet<'_> {
    fn text(&mut self, col: u16, value: &str) -> std::result::Result<(), XlsxError> {
        write_plain_text(self.ws, self.row, col, value)
    }

    fn bold(&mut self, col: u16, value: &str) -> std::result::Result<(), XlsxError> {
        write_text(self.ws, self.row, col, value, &self.s.bold)
    }

    fn money(&mut self, col: u16, value: Decimal) -> std::result::Result<(), XlsxError> {
        self.ws.write_number_with_format(
            self.row,
            col,
            value.to_f64().unwrap_or_default(),
            &self.s.money,
        )?;
        Ok(())
    }

    fn exact(&mut self, col: u16, value: Option<Decimal>) -> std::result::Result<(), XlsxError> {
        if let Some(v) = value {
            write_amount(self.ws, self.row, col, v, &self.s.exact, &self.s.text)?;
        }
        Ok(())
    }

    fn int(&mut self, col: u16, value: Option<i64>) -> std::result::Result<(), XlsxError> {
        if let Some(v) = value {
            self.ws
                .write_number_with_format(self.row, col, v as f64, &self.s.int)?;
        }
        Ok(())
    }

    fn header(&mut self, names: &[&str]) -> std::result::Result<(), XlsxError> {
        for (i, n) in names.iter().enumerate() {
            self.bold(i as u16, n)?;
        }
        self.row += 1;
        Ok(())
    }

    fn pair(&mut self, label: &str, value: &str) -> std::result::Result<(), XlsxError> {
        self.bold(0, label)?;
        self.text(1, value)?;
        self.row += 1;
        Ok(())
    }
}

fn sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    s: &'a Styles,
) -> std::result::Result<Sheet<'a>, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    Ok(Sheet { ws, s, row: 0 })
}

/// A sheet written row by row to a temporary file instead of held in memory
/// (rust_xlsxwriter's constant-memory mode): for the Lines sheet, which has
/// one row per line; rows must be written in order, strings are stored inline.
fn streamed_sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    s: &'a Styles,
) -> std::result::Result<Sheet<'a>, XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    Ok(Sheet { ws, s, row: 0 })
}

/// The workbook's bytes.
pub fn write(content: &PackContent) -> Result<Vec<u8>> {
    build(content).map_err(xlsx_error)
}

fn build(c: &PackContent) -> std::result::Result<Vec<u8>, XlsxError> {
    let m = &c.manifest;
    let rule = c.rounding;
    let currency = c.reconciliation.currency;
    let round = |d: Decimal| rule.round(d, currency);
    let styles = Styles::new(m.minor_unit_places);
    let mut wb = Workbook::new();
    // The creation time is the pack's, so the same pack gives the same bytes.
    if let Ok(created) = chrono::DateTime::parse_from_rfc3339(&m.created_at) {
        let when = ExcelDateTime::from_ymd(
            created.year() as u16,
            created.month() as u8,
            created.day() as u8,
        )?
        .and_hms(
            created.hour() as u16,
            created.minute() as u8,
            created.second() as f64,
        )?;
        wb.set_properties(
            &DocProperties::new()
                .set_title(format!("Runrate {} pack {}", m.kind.as_str(), m.pack_id))
                .set_author(&m.signer.name)
                .set_creation_datetime(&when),
        );
    }

    // Summary.
    {
        let mut sh = sheet(&mut wb, "Summary", &styles)?;
        sh.ws.set_column_width(0, 26)?;
        sh.ws.set_column_width(1, 18)?;
        sh.ws.set_column_width(2, 18)?;
        sh.ws.set_column_width(3, 18)?;
        let title = match m.kind {
            PackKind::Approval => format!("Approval of {} for {}", m.period, m.department),
            PackKind::Dispute => format!("Disputed charges, {} for {}", m.period, m.department),
        };
        write_text(sh.ws, 0, 0, &title, &styles.title)?;
        sh.row = 2;
        sh.pair("Pack id", &m.pack_id)?;
        sh.pair("Sequence", &m.sequence.to_string())?;
        sh.pair("Supersedes", m.supersedes.as_deref().unwrap_or("—"))?;
        sh.pair(
            "Signed by",
            &format!("{} ({})", m.signer.name, m.signer.role),
        )?;
        sh.pair("Key fingerprint", &m.signer.fingerprint)?;
        sh.pair("Created (UTC)", &m.created_at)?;
        sh.pair("Currency", &m.currency)?;
        sh.pair(
            "Rounding",
            &format!("{} to {} places", m.rounding_rule, m.minor_unit_places),
        )?;
        sh.bold(0, "Lines")?;
        sh.int(1, Some(m.totals.lines as i64))?;
        sh.row += 1;
        sh.bold(0, &m.headline.label)?;
        sh.money(1, m.headline.rounded)?;
        sh.row += 1;
        sh.bold(0, "…exact, as in ledger.csv")?;
        sh.text(1, &m.headline.amount.to_string())?;
        sh.row += 1;
        for d in &m.disputes {
            sh.bold(0, &format!("Dispute {}", d.id))?;
            sh.text(1, &d.reason_label)?;
            sh.money(2, round(d.requested_adjustment))?;
            sh.row += 1;
        }
        if let Some(f) = &m.forecast {
            sh.bold(0, "Forecast month-end")?;
            sh.money(1, round(f.forecast))?;
            sh.text(2, &f.status)?;
            sh.row += 1;
            if let Some(b) = f.budget {
                sh.bold(0, "Budget")?;
                sh.money(1, round(b))?;
                sh.row += 1;
            }
        }
        sh.row += 1;
        sh.bold(0, "By service code")?;
        sh.row += 1;
        sh.header(&[
            "Service code",
            "Finance",
            "Provider",
            "Variance",
            "Within tolerance",
        ])?;
        let first = sh.row;
        for code in &m.by_service_code {
            sh.text(0, &code.service_code)?;
            sh.money(1, round(code.finance))?;
            sh.money(2, round(code.provider))?;
            sh.money(3, round(code.variance))?;
            sh.text(4, if code.within_tolerance { "yes" } else { "no" })?;
            sh.row += 1;
        }
        if sh.row > first {
            let last = sh.row - 1;
            let mut chart = Chart::new(ChartType::Column);
            chart.title().set_name("Finance against provider evidence");
            chart
                .add_series()
                .set_name("Finance")
                .set_categories(("Summary", first, 0, last, 0))
                .set_values(("Summary", first, 1, last, 1));
            chart
                .add_series()
                .set_name("Provider")
                .set_categories(("Summary", first, 0, last, 0))
                .set_values(("Summary", first, 2, last, 2));
            chart.y_axis().set_name(&m.currency);
            sh.ws.insert_chart(2, 6, &chart)?;
        }
    }

    // Lines.
    {
        let mut sh = streamed_sheet(&mut wb, "Lines", &styles)?;
        sh.header(&super::ledger::COLUMNS)?;
        for r in &c.rows {
            sh.int(0, Some(r.line_id))?;
            sh.text(1, &r.role)?;
            sh.text(
                2,
                &r.disputes
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(";"),
            )?;
            sh.text(3, &r.source_kind)?;
            sh.text(4, &r.period_start)?;
            sh.text(5, &r.period_end)?;
            for (col, v) in [
                (6, &r.provider),
                (7, &r.model),
                (8, &r.line_item),
                (9, &r.api_key),
                (10, &r.service_code),
                (11, &r.department),
            ] {
                sh.text(col, v.as_deref().unwrap_or(""))?;
            }
            sh.int(12, r.requests)?;
            sh.int(13, r.input_tokens)?;
            sh.int(14, r.output_tokens)?;
            sh.exact(15, r.amount)?;
            sh.text(16, r.currency.as_deref().unwrap_or(""))?;
            sh.exact(17, r.fx_rate)?;
            sh.exact(18, r.amount_base)?;
            sh.text(19, &r.cost_basis)?;
            sh.text(20, &r.charge_category)?;
            sh.int(21, Some(r.import_batch))?;
            sh.text(22, &r.source_file)?;
            sh.text(23, &r.source_sha256)?;
            sh.text(24, &r.sheet)?;
            sh.int(25, Some(r.row))?;
            sh.int(26, r.attribution_rule)?;
            sh.row += 1;
        }
        let last = sh.row.max(1) - 1;
        sh.ws.autofilter(0, 0, last, 26)?;
        sh.ws.set_freeze_panes(1, 0)?;
    }

    // Disputes or Approval.
    match m.kind {
        PackKind::Dispute => {
            let mut sh = sheet(&mut wb, "Disputes", &styles)?;
            sh.ws.set_column_width(3, 60)?;
            sh.header(&[
                "Dispute",
                "Reason",
                "Service code",
                "Explanation",
                "Disputed",
                "Adjustment asked",
                "Lines",
            ])?;
            for d in &c.disputes {
                let e = &d.entry;
                sh.int(0, Some(e.id))?;
                sh.text(1, &e.reason_label)?;
                sh.text(2, e.service_code.as_deref().unwrap_or(""))?;
                sh.text(3, &e.explanation)?;
                sh.money(4, round(e.disputed_amount))?;
                sh.money(5, round(e.requested_adjustment))?;
                sh.text(
                    6,
                    &e.line_ids
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(";"),
                )?;
                sh.row += 1;
            }
            sh.row += 1;
            sh.bold(0, "Attribution rules that placed the evidence")?;
            sh.row += 1;
            sh.header(&[
                "Dispute",
                "Rule",
                "Identifier",
                "Pattern",
                "Service code",
                "Lines placed",
            ])?;
            for d in &c.disputes {
                for (rule, lines) in &d.rules {
                    sh.int(0, Some(d.entry.id))?;
                    sh.int(1, Some(rule.id))?;
                    sh.text(2, rule.kind.label())?;
                    sh.text(3, &rule.pattern)?;
                    sh.text(4, &rule.service_code)?;
                    sh.int(5, Some(*lines as i64))?;
                    sh.row += 1;
                }
            }
            for d in &c.disputes {
                let Some(split) = &d.split else { continue };
                sh.row += 1;
                sh.bold(
                    0,
                    &format!(
                        "Split offered with dispute {} ({})",
                        d.entry.id, split.basis_label
                    ),
                )?;
                sh.row += 1;
                sh.header(&["Service code", "Weight", "Share %", "Amount"])?;
                for p in &split.parts {
                    sh.text(0, &p.key)?;
                    sh.exact(1, Some(p.weight))?;
                    sh.exact(2, Some(p.share_percent))?;
                    sh.money(3, p.amount)?;
                    sh.row += 1;
                }
            }
        }
        PackKind::Approval => {
            let mut sh = sheet(&mut wb, "Approval", &styles)?;
            sh.ws.set_column_width(0, 26)?;
            sh.ws.set_column_width(1, 80)?;
            if let Some(a) = &m.approval {
                sh.pair("Statement", &a.statement)?;
                sh.pair("Signed by", &m.signer.name)?;
                sh.pair("Role", &m.signer.role)?;
                sh.bold(0, "Approved charge")?;
                sh.money(1, round(a.approved_amount))?;
                sh.row += 1;
                sh.pair(
                    "Open disputes",
                    &if a.open_disputes.is_empty() {
                        "none".to_string()
                    } else {
                        a.open_disputes
                            .iter()
                            .map(i64::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                )?;
            }
        }
    }

    // Reconciliation.
    {
        let mut sh = sheet(&mut wb, "Reconciliation", &styles)?;
        sh.ws.set_column_width(0, 24)?;
        sh.header(&[
            "Service code",
            "Finance",
            "Provider",
            "Variance",
            "Variance %",
            "Tolerance",
            "Within tolerance",
            "Finance lines",
            "Provider lines",
        ])?;
        for r in c
            .reconciliation
            .rows
            .iter()
            .chain([&c.reconciliation.total])
        {
            sh.text(0, &r.key)?;
            sh.money(1, round(r.showback))?;
            sh.money(2, round(r.provider))?;
            sh.money(3, round(r.variance))?;
            sh.exact(4, r.variance_percent)?;
            sh.money(5, round(r.tolerance))?;
            sh.text(6, if r.within_tolerance { "yes" } else { "no" })?;
            sh.int(7, Some(r.showback_lines as i64))?;
            sh.int(8, Some(r.provider_lines as i64))?;
            sh.row += 1;
        }
        for w in &c.reconciliation.warnings {
            sh.text(0, w)?;
            sh.row += 1;
        }
    }

    // Forecast.
    {
        let mut sh = sheet(&mut wb, "Forecast", &styles)?;
        sh.ws.set_column_width(0, 22)?;
        match &c.forecast {
            None => sh.text(0, "No forecast: there is no spend for this department yet")?,
            Some(f) => {
                let p = &f.month;
                sh.pair("As of", &f.as_of.to_string())?;
                sh.pair("Method", &p.explanation)?;
                sh.pair("Status", p.status.label())?;
                for (label, v) in [
                    ("Spent to date", Some(p.actual_to_date)),
                    ("Forecast month-end", Some(p.forecast)),
                    ("Range low (80%)", p.low),
                    ("Range high (80%)", p.high),
                    ("Budget", p.budget),
                ] {
                    if let Some(v) = v {
                        sh.bold(0, label)?;
                        sh.money(1, round(v))?;
                        sh.row += 1;
                    }
                }
                sh.row += 1;
                sh.header(&["Day", "Cumulative", "Actual", "Low", "High"])?;
                let first = sh.row;
                for point in &f.path {
                    sh.text(0, &point.date.to_string())?;
                    sh.money(1, round(point.cumulative))?;
                    sh.text(2, if point.actual { "actual" } else { "forecast" })?;
                    if let Some(l) = point.low {
                        sh.money(3, round(l))?;
                    }
                    if let Some(h) = point.high {
                        sh.money(4, round(h))?;
                    }
                    sh.row += 1;
                }
                if sh.row > first {
                    let last = sh.row - 1;
                    let mut chart = Chart::new(ChartType::Line);
                    chart.title().set_name("Cumulative spend in the month");
                    chart
                        .add_series()
                        .set_name("Cumulative")
                        .set_categories(("Forecast", first, 0, last, 0))
                        .set_values(("Forecast", first, 1, last, 1));
                    sh.ws.insert_chart(1, 7, &chart)?;
                }
            }
        }
    }

    // Value.
    {
        let mut sh = sheet(&mut wb, "Value", &styles)?;
        sh.ws.set_column_width(0, 14)?;
        if c.value.is_empty() {
            sh.text(
                0,
                "No value hypothesis is recorded for this department's service codes",
            )?;
        }
        for report in &c.value {
            let h = &report.hypothesis;
            sh.bold(0, &format!("{} — {}", h.service_code, h.statement))?;
            sh.row += 1;
            sh.pair(
                "Verdict",
                &format!("{}: {}", report.verdict.kind.label(), report.verdict.reason),
            )?;
            sh.header(&[
                "Month",
                "Outcomes",
                "AI cost",
                "AI cost per outcome",
                "Total per outcome",
                "Counts",
            ])?;
            for mm in &report.months {
                sh.text(0, &mm.month)?;
                sh.int(1, Some(mm.outcomes as i64))?;
                sh.money(2, round(mm.ai_cost))?;
                sh.exact(3, mm.ai_cost_per_outcome)?;
                sh.exact(4, mm.total_per_outcome)?;
                sh.text(5, if mm.counts { "yes" } else { "no" })?;
                sh.row += 1;
            }
            sh.row += 1;
        }
    }

    // Sources.
    {
        let mut sh = sheet(&mut wb, "Sources", &styles)?;
        sh.ws.set_column_width(1, 36)?;
        sh.ws.set_column_width(2, 66)?;
        sh.header(&[
            "Import",
            "File",
            "SHA-256",
            "Format",
            "Imported",
            "Lines in pack",
        ])?;
        for s in &m.sources {
            sh.int(0, Some(s.import_batch))?;
            sh.text(1, &s.file_name)?;
            sh.text(2, &s.sha256)?;
            sh.text(3, &s.format)?;
            sh.text(4, &s.imported_at)?;
            sh.int(5, Some(s.lines as i64))?;
            sh.row += 1;
        }
    }

    // About.
    {
        let mut sh = sheet(&mut wb, "About", &styles)?;
        sh.ws.set_column_width(0, 22)?;
        sh.ws.set_column_width(1, 90)?;
        sh.pair("Format", &m.format)?;
        sh.pair("Made by", &format!("{} {}", m.app_name, m.app_version))?;
        sh.pair("Database schema", &m.schema_version)?;
        sh.pair(
            "Figures",
            "ledger.csv holds the exact figures; this workbook shows them rounded for reading",
        )?;
        sh.pair(
            "Checking",
            "See VERIFY.txt: sha256sum, ssh-keygen -Y verify or openssl pkeyutl",
        )?;
        for w in &m.warnings {
            sh.pair("Note", w)?;
        }
    }
    wb.save_to_buffer()
}
