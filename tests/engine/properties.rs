//! Property tests: amounts read the same however they are written, and every
//! row of a showback table is accounted for.

use proptest::prelude::*;
use rust_decimal::Decimal;

use runrate::import::{FileParser, ParseContext};
use runrate::money::{decimal_from_cell_number, parse_amount};

/// Writes `value` (two decimal places) the ways spreadsheets and people do.
fn styles(value: Decimal) -> Vec<String> {
    let negative = value.is_sign_negative();
    let abs = value.abs();
    let plain = format!("{abs:.2}");
    let (int, frac) = plain.split_once('.').unwrap();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let european = format!("{}, {frac}", grouped.replace(',', ".")).replace(", ", ",");
    let sign = |s: String| if negative { format!("-{s}") } else { s };
    let mut out = vec![
        sign(plain.clone()),
        sign(format!("{grouped}.{frac}")),
        sign(format!("£{grouped}.{frac}")),
        sign(format!("{european} €")),
        sign(format!("USD {grouped}.{frac}")),
    ];
    if negative {
        out.push(format!("({grouped}.{frac})"));
        out.push(format!("£({grouped}.{frac})"));
        out.push(format!("{grouped}.{frac}-"));
    }
    out
}

fn cents() -> impl Strategy<Value = Decimal> {
    (-99_999_999_999i64..99_999_999_999i64).prop_map(|c| Decimal::new(c, 2))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn an_amount_written_as_text_reads_as_the_number(value in cents()) {
        for text in styles(value) {
            let parsed = parse_amount(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert_eq!(parsed.value, value, "{}", text);
        }
        // The same amount typed into a number cell (an f64) reads back exactly.
        let as_float: f64 = value.to_string().parse().unwrap();
        prop_assert_eq!(decimal_from_cell_number(as_float).unwrap(), value);
    }
}

/// One generated row of a showback table and what it should become.
#[derive(Debug, Clone)]
enum Generated {
    Line(Decimal, bool),
    Blank,
    Note,
    Total,
    Zero,
    Bad,
}

fn rows() -> impl Strategy<Value = Vec<Generated>> {
    prop::collection::vec(
        prop_oneof![
            6 => (cents(), any::<bool>()).prop_map(|(d, text)| Generated::Line(d, text)),
            1 => Just(Generated::Blank),
            1 => Just(Generated::Note),
            1 => Just(Generated::Total),
            1 => Just(Generated::Zero),
            1 => Just(Generated::Bad),
        ],
        0..60,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_showback_row_is_a_line_a_skip_or_a_rejection(generated in rows(), title_rows in 0usize..4) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("showback.csv");
        let mut text = String::new();
        for i in 0..title_rows {
            text.push_str(&format!("AI showback pack, part {i}\n"));
        }
        text.push_str("Month,Department,Workload Code,Amount\n");
        let mut expected = Decimal::ZERO;
        let mut lines = 0u64;
        let mut rejected = 0u64;
        for (i, row) in generated.iter().enumerate() {
            let line = match row {
                Generated::Line(d, as_text) => {
                    expected += *d;
                    if d.is_zero() {
                        format!("2026-09,Finance,WL-{i},{d}\n")
                    } else {
                        lines += 1;
                        if *as_text {
                            format!("2026-09,Finance,WL-{i},\"{}\"\n", styles(*d)[2])
                        } else {
                            format!("2026-09,Finance,WL-{i},{d}\n")
                        }
                    }
                }
                Generated::Blank => ",,,\n".to_string(),
                Generated::Note => "Figures are provisional,,,\n".to_string(),
                Generated::Total => ",Finance Total,,0\n".to_string(),
                Generated::Zero => format!("2026-09,Finance,WL-{i},-\n"),
                Generated::Bad => {
                    rejected += 1;
                    format!("2026-09,Finance,WL-{i},1;2\n")
                }
            };
            text.push_str(&line);
        }
        std::fs::write(&path, text).unwrap();
        let mut parser = FileParser::new(ParseContext::default());
        runrate::sheet::read_path(&path, &runrate::sheet::Limits::default(), &mut parser).unwrap();
        let parsed = parser.parsed;
        let skipped: u64 = parsed.skipped.values().sum();
        prop_assert_eq!(parsed.rows_read, parsed.lines.len() as u64 + skipped + parsed.rejected());
        prop_assert_eq!(parsed.lines.len() as u64, lines);
        prop_assert_eq!(parsed.rejected(), rejected);
        let total: Decimal = parsed.lines.iter().filter_map(|l| l.amount).sum();
        prop_assert_eq!(total, expected);
    }
}

/// Weights as tokens, requests or cost: zero or more, with up to four places.
fn weights() -> impl Strategy<Value = Vec<Decimal>> {
    proptest::collection::vec((0i64..5_000_000_000, 0u32..=4), 1..12)
        .prop_map(|ws| ws.into_iter().map(|(m, s)| Decimal::new(m, s)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Largest remainder: the parts always add up exactly to the whole, each
    /// part is within one minor unit of its exact share, and a zero weight
    /// gets nothing.
    #[test]
    fn split_parts_always_sum_to_the_whole(
        total_minor in -10_000_000_000i64..10_000_000_000,
        minor_units in 0u32..=3,
        ws in weights(),
    ) {
        use runrate::model::split::{split, SplitError};
        let total = Decimal::new(total_minor, minor_units);
        let named: Vec<(String, Decimal)> = ws
            .iter()
            .enumerate()
            .map(|(i, w)| (format!("code-{i}"), *w))
            .collect();
        let sum_w: Decimal = ws.iter().sum();
        match split(total, minor_units, &named) {
            Err(SplitError::ZeroWeights) => prop_assert!(sum_w.is_zero()),
            Err(e) => prop_assert!(false, "unexpected {e}"),
            Ok(parts) => {
                let sum: Decimal = parts.iter().map(|p| p.amount).sum();
                prop_assert_eq!(sum, total);
                let unit = Decimal::new(1, minor_units);
                for (part, w) in parts.iter().zip(&ws) {
                    let exact = total * *w / sum_w;
                    prop_assert!((part.amount - exact).abs() < unit, "{} vs {}", part.amount, exact);
                    prop_assert_eq!(part.amount.scale(), minor_units);
                    if w.is_zero() {
                        prop_assert!(part.amount.is_zero());
                    }
                }
            }
        }
    }
}
