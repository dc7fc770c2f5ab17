//! Charts drawn with plotters as SVG, so the app and the packs show the same
//! pictures: the month's cumulative spend against budget with the forecast and
//! its 80% range, and a bullet chart for an overview tile.
//!
//! Text is laid out with the embedded DejaVu Sans (see
//! `assets/fonts/DejaVuSans.LICENSE.txt`); the SVG names the family
//! `sans-serif`, so the viewer draws the glyphs. Amounts are plotted as
//! approximations (chart coordinates are floating point); every figure a
//! person reads is printed from the exact decimals.

use std::sync::Once;

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::api::forecasts::ScopeForecast;
use crate::error::{Error, Result};
use crate::model::forecast::PeriodForecast;
use crate::money::RoundingRule;

const FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

static REGISTER_FONT: Once = Once::new();

fn register_font() {
    REGISTER_FONT.call_once(|| {
        // The font is part of the binary; failing to parse it is a build defect
        // that the chart tests catch, and charts then fail with a clear error.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

const ACTUAL: RGBColor = RGBColor(31, 78, 121);
const FORECAST: RGBColor = RGBColor(86, 140, 190);
const BAND: RGBColor = RGBColor(196, 216, 236);
const BUDGET: RGBColor = RGBColor(178, 34, 34);
const GRID: RGBColor = RGBColor(225, 225, 225);
const TEXT: RGBColor = RGBColor(40, 40, 40);

fn f(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// The series legend, top left, as every line chart draws it.
fn draw_legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
) -> Result<()> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(GRID)
        .label_font(("sans-serif", 12).into_font().color(&TEXT))
        .draw()
        .map_err(chart_error)
}

fn chart_error(e: impl std::fmt::Display) -> Error {
    Error::internal("The chart could not be drawn").with_detail(e.to_string())
}

fn month_name(date: NaiveDate) -> String {
    date.format("%B %Y").to_string()
}

/// The month chart: cumulative actual spend, the forecast path with its 80%
/// range, the budget line and the day the budget runs out.
fn draw_forecast<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    forecast: &ScopeForecast,
    rule: RoundingRule,
) -> Result<()> {
    register_font();
    let month = &forecast.month;
    let currency = forecast.currency;
    let first = forecast
        .path
        .first()
        .map(|p| p.date)
        .unwrap_or(forecast.as_of)
        .with_day(1)
        .unwrap_or(forecast.as_of);
    let days_in_month = crate::model::month::Month::of(first).days();
    let top = [
        month.budget.map(f),
        Some(f(month.forecast)),
        month.high.map(f),
        forecast
            .path
            .iter()
            .filter_map(|p| p.high.map(f))
            .reduce(f64::max),
    ]
    .into_iter()
    .flatten()
    .fold(1.0_f64, f64::max)
        * 1.12;
    root.fill(&WHITE).map_err(chart_error)?;
    let title = format!(
        "{} — {}: cumulative spend ({})",
        forecast.scope.key,
        month_name(first),
        currency.code()
    );
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 17).into_font().color(&TEXT))
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(78)
        .build_cartesian_2d(0.5f64..(days_in_month as f64 + 0.5), 0f64..top)
        .map_err(chart_error)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_desc("day of month")
        .x_labels(days_in_month as usize / 3 + 1)
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(("sans-serif", 12).into_font().color(&TEXT))
        .draw()
        .map_err(chart_error)?;

    let day = |d: NaiveDate| d.day() as f64;
    // The 80% range, as a band between the cumulative low and high.
    let band: Vec<(f64, f64, f64)> = forecast
        .path
        .iter()
        .filter_map(|p| Some((day(p.date), f(p.low?), f(p.high?))))
        .collect();
    if let Some(start) = forecast.path.iter().rev().find(|p| p.actual) {
        let mut outline: Vec<(f64, f64)> = vec![(day(start.date), f(start.cumulative))];
        outline.extend(band.iter().map(|(x, _, hi)| (*x, *hi)));
        outline.extend(band.iter().rev().map(|(x, lo, _)| (*x, *lo)));
        if band.len() > 1 {
            chart
                .draw_series(std::iter::once(Polygon::new(
                    outline,
                    BAND.mix(0.8).filled(),
                )))
                .map_err(chart_error)?
                .label("80% range")
                .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], BAND.filled()));
        }
    }
    let actual: Vec<(f64, f64)> = forecast
        .path
        .iter()
        .filter(|p| p.actual)
        .map(|p| (day(p.date), f(p.cumulative)))
        .collect();
    let mut ahead: Vec<(f64, f64)> = actual.last().copied().into_iter().collect();
    ahead.extend(
        forecast
            .path
            .iter()
            .filter(|p| !p.actual)
            .map(|p| (day(p.date), f(p.cumulative))),
    );
    if ahead.len() > 1 {
        chart
            .draw_series(DashedLineSeries::new(
                ahead,
                6,
                4,
                ShapeStyle::from(&FORECAST).stroke_width(2),
            ))
            .map_err(chart_error)?
            .label(format!("forecast {}", rule.round(month.forecast, currency)))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], FORECAST.stroke_width(2)));
    }
    if !actual.is_empty() {
        chart
            .draw_series(LineSeries::new(actual, ACTUAL.stroke_width(3)))
            .map_err(chart_error)?
            .label(format!(
                "actual {}",
                rule.round(month.actual_to_date, currency)
            ))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], ACTUAL.stroke_width(3)));
    }
    if let Some(budget) = month.budget {
        let b = f(budget);
        chart
            .draw_series(LineSeries::new(
                vec![(0.5, b), (days_in_month as f64 + 0.5, b)],
                BUDGET.stroke_width(2),
            ))
            .map_err(chart_error)?
            .label(format!("budget {}", rule.round(budget, currency)))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BUDGET.stroke_width(2)));
    }
    if let (Some(date), Some(budget)) = (month.exhaustion_date, month.budget) {
        let x = day(date);
        chart
            .draw_series(std::iter::once(Circle::new(
                (x, f(budget)),
                6,
                BUDGET.filled(),
            )))
            .map_err(chart_error)?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("runs out {}", date.format("%-d %b")),
                // Above the line, ending near the marker.
                (x - 4.5, f(budget) + top * 0.07),
                ("sans-serif", 12).into_font().color(&BUDGET),
            )))
            .map_err(chart_error)?;
    }
    draw_legend(&mut chart)
}

/// A bullet chart for a tile: the budget's 80% and 100% zones, spend so far as
/// a bar, the forecast as a marker and its range as a thin bar.
fn draw_bullet<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    period: &PeriodForecast,
) -> Result<()> {
    register_font();
    let budget = period.budget.map(f);
    let forecast = f(period.forecast);
    let top = [
        budget,
        Some(forecast),
        period.high.map(f),
        Some(f(period.actual_to_date)),
    ]
    .into_iter()
    .flatten()
    .fold(1.0_f64, f64::max)
        * 1.08;
    root.fill(&WHITE).map_err(chart_error)?;
    let mut chart = ChartBuilder::on(root)
        .margin(4)
        .build_cartesian_2d(0f64..top, 0f64..1f64)
        .map_err(chart_error)?;
    if let Some(b) = budget {
        chart
            .draw_series([
                Rectangle::new(
                    [(0.0, 0.1), (b * 0.8, 0.9)],
                    RGBColor(232, 236, 240).filled(),
                ),
                Rectangle::new([(b * 0.8, 0.1), (b, 0.9)], RGBColor(214, 220, 228).filled()),
                Rectangle::new([(b, 0.1), (top, 0.9)], RGBColor(248, 226, 226).filled()),
            ])
            .map_err(chart_error)?;
    }
    if let (Some(lo), Some(hi)) = (period.low, period.high) {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(f(lo), 0.45), (f(hi), 0.55)],
                FORECAST.filled(),
            )))
            .map_err(chart_error)?;
    }
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(0.0, 0.32), (f(period.actual_to_date), 0.68)],
            ACTUAL.filled(),
        )))
        .map_err(chart_error)?;
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [
                (forecast - top * 0.004, 0.18),
                (forecast + top * 0.004, 0.82),
            ],
            FORECAST.filled(),
        )))
        .map_err(chart_error)?;
    if let Some(b) = budget {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(b - top * 0.003, 0.05), (b + top * 0.003, 0.95)],
                BUDGET.filled(),
            )))
            .map_err(chart_error)?;
    }
    Ok(())
}

/// The value chart: total cost per outcome by month (filled where the month
/// counts as evidence, hollow where it does not) and AI cost per outcome,
/// against the baseline and target lines.
fn draw_value<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &crate::model::value::ValueReport,
    rule: RoundingRule,
) -> Result<()> {
    register_font();
    let h = &report.hypothesis;
    let months = &report.months;
    let top = months
        .iter()
        .filter_map(|m| m.total_per_outcome.map(f))
        .chain([f(h.baseline_cost), f(h.target_cost)])
        .fold(0.01_f64, f64::max)
        * 1.45;
    let n = months.len().max(1) as f64;
    root.fill(&WHITE).map_err(chart_error)?;
    let title = format!(
        "{} — cost per {} ({})",
        h.service_code,
        h.outcome_unit,
        h.currency.code()
    );
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 17).into_font().color(&TEXT))
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(64)
        .build_cartesian_2d(-0.5f64..(n - 0.5), 0f64..top)
        .map_err(chart_error)?;
    let labels: Vec<String> = months.iter().map(|m| m.month.clone()).collect();
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(months.len().clamp(1, 12))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 0.01 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| format!("{y:.2}"))
        .label_style(("sans-serif", 12).into_font().color(&TEXT))
        .draw()
        .map_err(chart_error)?;
    for (value, colour, label) in [
        (h.baseline_cost, BUDGET, "baseline"),
        (h.target_cost, RGBColor(46, 125, 50), "target"),
    ] {
        let y = f(value);
        chart
            .draw_series(LineSeries::new(
                vec![(-0.5, y), (n - 0.5, y)],
                colour.stroke_width(2),
            ))
            .map_err(chart_error)?
            .label(format!("{label} {}", rule.round(value, h.currency)))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2))
            });
    }
    let total: Vec<(f64, f64, bool)> = months
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((i as f64, f(m.total_per_outcome?), m.counts)))
        .collect();
    if !total.is_empty() {
        chart
            .draw_series(LineSeries::new(
                total.iter().map(|(x, y, _)| (*x, *y)),
                ACTUAL.stroke_width(3),
            ))
            .map_err(chart_error)?
            .label("total per outcome (AI + shared + other)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], ACTUAL.stroke_width(3)));
        chart
            .draw_series(total.iter().map(|(x, y, counts)| {
                if *counts {
                    Circle::new((*x, *y), 5, ACTUAL.filled())
                } else {
                    Circle::new((*x, *y), 5, ACTUAL.stroke_width(2))
                }
            }))
            .map_err(chart_error)?;
    }
    let ai: Vec<(f64, f64)> = months
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((i as f64, f(m.ai_cost_per_outcome?))))
        .collect();
    if !ai.is_empty() {
        chart
            .draw_series(DashedLineSeries::new(
                ai,
                6,
                4,
                ShapeStyle::from(&FORECAST).stroke_width(2),
            ))
            .map_err(chart_error)?
            .label("AI cost per outcome")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], FORECAST.stroke_width(2)));
    }
    draw_legend(&mut chart)
}

/// The portfolio chart: each measured use case by aggregate cost (across)
/// and cost per outcome as a share of its baseline (up), with the line at
/// which cost per outcome counts as high and the median aggregate cost.
fn draw_portfolio<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[crate::model::review::PortfolioPoint],
    currency: crate::money::Currency,
) -> Result<()> {
    register_font();
    let measured: Vec<(&str, f64, f64)> = points
        .iter()
        .filter_map(|p| {
            Some((
                p.service_code.as_str(),
                f(p.aggregate_cost),
                f(p.ratio_to_baseline?),
            ))
        })
        .collect();
    let right = points
        .iter()
        .map(|p| f(p.aggregate_cost))
        .fold(1.0_f64, f64::max)
        * 1.2;
    let top = measured.iter().map(|p| p.2).fold(1.2_f64, f64::max) * 1.1;
    let mut costs: Vec<f64> = points
        .iter()
        .map(|p| f(p.aggregate_cost))
        .filter(|c| *c > 0.0)
        .collect();
    costs.sort_by(|a, b| a.total_cmp(b));
    let median = match costs.len() {
        0 => 0.0,
        n if n % 2 == 1 => costs[n / 2],
        n => (costs[n / 2 - 1] + costs[n / 2]) / 2.0,
    };
    let high = f(crate::model::review::HIGH_RATIO);
    root.fill(&WHITE).map_err(chart_error)?;
    let mut chart = ChartBuilder::on(root)
        .caption(
            "Portfolio: aggregate AI cost against cost per outcome",
            ("sans-serif", 17).into_font().color(&TEXT),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..right, 0f64..top)
        .map_err(chart_error)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_desc(format!(
            "AI cost, last three closed months ({})",
            currency.code()
        ))
        .y_desc("cost per outcome ÷ baseline")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.1}"))
        .label_style(("sans-serif", 12).into_font().color(&TEXT))
        .draw()
        .map_err(chart_error)?;
    chart
        .draw_series(LineSeries::new(
            vec![(0.0, high), (right, high)],
            BUDGET.stroke_width(1),
        ))
        .map_err(chart_error)?;
    chart
        .draw_series(LineSeries::new(
            vec![(median, 0.0), (median, top)],
            GRID.stroke_width(2),
        ))
        .map_err(chart_error)?;
    chart
        .draw_series(std::iter::once(Text::new(
            "high cost per outcome",
            (right * 0.01, high + top * 0.02),
            ("sans-serif", 11).into_font().color(&BUDGET),
        )))
        .map_err(chart_error)?;
    chart
        .draw_series(
            measured
                .iter()
                .map(|(_, x, y)| Circle::new((*x, *y), 6, ACTUAL.filled())),
        )
        .map_err(chart_error)?;
    chart
        .draw_series(measured.iter().map(|(name, x, y)| {
            Text::new(
                name.to_string(),
                (*x + right * 0.01, *y + top * 0.015),
                ("sans-serif", 12).into_font().color(&TEXT),
            )
        }))
        .map_err(chart_error)?;
    Ok(())
}

const FORECAST_SIZE: (u32, u32) = (760, 380);
/// Rows the reconciliation chart shows (the largest variances; the table has all).
const RECONCILE_ROWS: usize = 12;
const BULLET_SIZE: (u32, u32) = (320, 46);
const VALUE_SIZE: (u32, u32) = (760, 340);
const PORTFOLIO_SIZE: (u32, u32) = (760, 380);

/// Draws a picture as SVG text.
fn svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<()>,
) -> Result<String> {
    register_font();
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        draw(&root)?;
        root.present().map_err(chart_error)?;
    }
    Ok(text)
}

/// Draws the same picture as a PNG, with the embedded font rasterised.
fn png(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<()>,
) -> Result<Vec<u8>> {
    register_font();
    let (width, height) = size;
    let mut pixels = vec![255u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        draw(&root)?;
        root.present().map_err(chart_error)?;
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(chart_error)?;
        writer.write_image_data(&pixels).map_err(chart_error)?;
        writer.finish().map_err(chart_error)?;
    }
    Ok(out)
}

/// The month chart (SVG): cumulative actual spend, the forecast path with its
/// 80% range, the budget line and the day the budget runs out.
pub fn forecast_chart(forecast: &ScopeForecast, rule: RoundingRule) -> Result<String> {
    svg(FORECAST_SIZE, |root| draw_forecast(root, forecast, rule))
}

/// The month chart as a PNG.
pub fn forecast_chart_png(forecast: &ScopeForecast, rule: RoundingRule) -> Result<Vec<u8>> {
    png(FORECAST_SIZE, |root| draw_forecast(root, forecast, rule))
}

/// A tile's bullet chart (SVG).
pub fn bullet_chart(period: &PeriodForecast) -> Result<String> {
    svg(BULLET_SIZE, |root| draw_bullet(root, period))
}

/// The value chart (SVG): cost per outcome by month against baseline and target.
pub fn value_chart(
    report: &crate::model::value::ValueReport,
    rule: RoundingRule,
) -> Result<String> {
    svg(VALUE_SIZE, |root| draw_value(root, report, rule))
}

/// The value chart as a PNG.
pub fn value_chart_png(
    report: &crate::model::value::ValueReport,
    rule: RoundingRule,
) -> Result<Vec<u8>> {
    png(VALUE_SIZE, |root| draw_value(root, report, rule))
}

/// The portfolio chart (SVG).
pub fn portfolio_chart(
    points: &[crate::model::review::PortfolioPoint],
    currency: crate::money::Currency,
) -> Result<String> {
    svg(PORTFOLIO_SIZE, |root| {
        draw_portfolio(root, points, currency)
    })
}

/// The reconciliation chart: for each row (largest variance first), finance's
/// charge beside the provider evidence, with charges beyond tolerance in red.
fn draw_reconciliation<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    recon: &crate::api::reconcile::Reconciliation,
) -> Result<()> {
    register_font();
    let rows: Vec<_> = recon.rows.iter().take(RECONCILE_ROWS).collect();
    let n = rows.len().max(1) as f64;
    let amounts = rows.iter().flat_map(|r| [f(r.showback), f(r.provider)]);
    let (low, high) = amounts.fold((0f64, 1f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = (high - low) * 0.08;
    // Room on the right for the legend, so it never covers a bar.
    let legend_room = (high - low) * 0.42;
    root.fill(&WHITE).map_err(chart_error)?;
    let title = format!(
        "{}: finance's charge against provider evidence ({})",
        recon.month,
        recon.currency.code()
    );
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 17).into_font().color(&TEXT))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(190)
        .build_cartesian_2d(
            (low - if low < 0.0 { pad } else { 0.0 })..(high + legend_room),
            -0.5f64..(n - 0.5),
        )
        .map_err(chart_error)?;
    // Row 0 (the largest variance) is drawn at the top.
    let labels: Vec<String> = rows
        .iter()
        .rev()
        .map(|r| {
            let key: String = r.key.chars().take(28).collect();
            if r.key.chars().count() > 28 {
                format!("{key}…")
            } else {
                key
            }
        })
        .collect();
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .disable_y_mesh()
        .y_labels(rows.len().max(1))
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() < 0.01 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(("sans-serif", 12).into_font().color(&TEXT))
        .draw()
        .map_err(chart_error)?;
    let at = |i: usize| n - 1.0 - i as f64;
    let finance_ok = ACTUAL;
    let provider = RGBColor(150, 150, 150);
    chart
        .draw_series(rows.iter().enumerate().map(|(i, r)| {
            let colour = if r.dispute_candidate {
                BUDGET
            } else {
                finance_ok
            };
            Rectangle::new(
                [(0.0, at(i) + 0.04), (f(r.showback), at(i) + 0.38)],
                colour.filled(),
            )
        }))
        .map_err(chart_error)?
        .label("finance's charge")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], finance_ok.filled()));
    chart
        .draw_series(rows.iter().enumerate().map(|(i, r)| {
            Rectangle::new(
                [(0.0, at(i) - 0.38), (f(r.provider), at(i) - 0.04)],
                provider.filled(),
            )
        }))
        .map_err(chart_error)?
        .label("provider evidence")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], provider.filled()));
    if rows.iter().any(|r| r.dispute_candidate) {
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
            .map_err(chart_error)?
            .label("charge beyond tolerance")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], BUDGET.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(GRID)
        .label_font(("sans-serif", 12).into_font().color(&TEXT))
        .draw()
        .map_err(chart_error)
}

/// The reconciliation chart's size: taller with more rows.
fn reconcile_size(recon: &crate::api::reconcile::Reconciliation) -> (u32, u32) {
    let rows = recon.rows.len().clamp(1, RECONCILE_ROWS) as u32;
    (760, 110 + 44 * rows)
}

/// The reconciliation chart (SVG).
pub fn reconciliation_chart(recon: &crate::api::reconcile::Reconciliation) -> Result<String> {
    svg(reconcile_size(recon), |root| {
        draw_reconciliation(root, recon)
    })
}

/// The reconciliation chart as a PNG.
pub fn reconciliation_chart_png(recon: &crate::api::reconcile::Reconciliation) -> Result<Vec<u8>> {
    png(reconcile_size(recon), |root| {
        draw_reconciliation(root, recon)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::budget::{Scope, ScopeKind};
    use crate::model::forecast::series::DailySeries;
    use crate::model::forecast::{Presentation, month_end, year_end};
    use crate::money::Currency;
    use rust_decimal::dec;

    #[test]
    fn the_month_chart_shows_actual_forecast_range_and_budget() {
        let start: NaiveDate = "2026-07-01".parse().unwrap();
        let (_, series) = crate::model::forecast::synthetic::generate(3, start, 140);
        let as_of: NaiveDate = "2026-11-10".parse().unwrap();
        let show = Presentation {
            currency: Currency::GBP,
            rule: RoundingRule::HalfAwayFromZero,
        };
        let cut: Option<DailySeries> = series.cut(as_of);
        let outlook = month_end(cut.as_ref(), as_of, Some(dec!(4000)), show);
        let year = year_end(&[], &outlook, 1, None, show);
        let path = outlook
            .path
            .iter()
            .enumerate()
            .map(|(i, (d, v))| crate::api::forecasts::PathPoint {
                date: *d,
                cumulative: *v,
                actual: i < outlook.actual_days,
                low: outlook.band.iter().find(|b| b.0 == *d).map(|b| b.1),
                high: outlook.band.iter().find(|b| b.0 == *d).map(|b| b.2),
            })
            .collect();
        let forecast = ScopeForecast {
            scope: Scope {
                kind: ScopeKind::Department,
                key: "Claims & <Ops>".into(),
            },
            as_of,
            currency: Currency::GBP,
            month: outlook.forecast.clone(),
            year,
            path,
            alerts: Vec::new(),
            unattributed: None,
            warnings: Vec::new(),
        };
        let svg = forecast_chart(&forecast, RoundingRule::HalfAwayFromZero).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert!(
            svg.contains("Claims &amp; &lt;Ops&gt;"),
            "names are escaped"
        );
        assert!(svg.contains("80% range"));
        assert!(svg.contains("budget 4000.00"));
        assert!(svg.contains("<polygon") || svg.contains("<path"));
        let bullet = bullet_chart(&forecast.month).unwrap();
        assert!(bullet.starts_with("<svg") && bullet.contains("<rect"));
    }
}
