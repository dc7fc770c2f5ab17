//! Hostile and damaged files: every one ends in an import or a plain-language
//! error, never a panic, an abort, a hang or runaway memory.

use std::path::{Path, PathBuf};

use runrate::api::imports::ImportOptions;

use crate::common::{Fixture, fixture};

/// The calamine test-suite corpus (real spreadsheets from many producers).
fn corpus_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("RUNRATE_CORPUS_DIR").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/calamine-tests")),
        Some(PathBuf::from("/work/shared/corpus/calamine-tests")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_dir())
}

async fn preview(
    fx: &Fixture,
    path: &Path,
) -> Result<runrate::api::imports::ImportSummary, runrate::error::Error> {
    fx.engine
        .import_file(
            path,
            &ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            },
        )
        .await
}

/// A readable error: names the file, says something, no Rust debug text.
fn assert_plain(name: &str, e: &runrate::error::Error) {
    assert!(
        e.message.contains(&format!("'{name}'")),
        "{name}: the message names the file: {}",
        e.message
    );
    for leak in ["Error {", "Os {", "kind:", "panicked", "unwrap", "\\n"] {
        assert!(!e.message.contains(leak), "{name}: {}", e.message);
    }
}

#[tokio::test]
async fn every_file_of_the_calamine_corpus_imports_or_is_refused_in_words() {
    // The corpus lives beside the repository (../shared/corpus), not in it;
    // the hostile cases that must always run are copied into
    // tests/fixtures/hostile or made by the tests below.
    let Some(dir) = corpus_dir() else {
        eprintln!("calamine corpus not found (set RUNRATE_CORPUS_DIR to run this test); skipped");
        return;
    };
    let fx = fixture().await;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() > 100, "{} files", files.len());
    let (mut imported, mut refused) = (0, 0);
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        match preview(&fx, path).await {
            Ok(s) => {
                assert_eq!(
                    s.rows_read,
                    s.lines_imported + s.rows_skipped.values().sum::<u64>() + s.rows_rejected,
                    "{name}"
                );
                imported += 1;
            }
            Err(e) => {
                if std::env::var_os("SHOW_CORPUS").is_some() {
                    eprintln!("{name}: {:?} {}", e.code, e.message);
                }
                assert_plain(&name, &e);
                refused += 1;
            }
        }
    }
    eprintln!("corpus: {imported} previewed, {refused} refused in words");
    assert!(fx.engine.list_imports().await.unwrap().is_empty());
}

fn hostile_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// A minimal xlsx whose first sheet is `sheet_xml`.
fn write_xlsx(path: &Path, sheet_xml: &[u8]) {
    use std::io::Write;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, &[u8]); 5] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Showback" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

async fn refused(fx: &Fixture, path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let err = preview(fx, path)
        .await
        .expect_err(&format!("{name} should be refused"));
    assert_plain(&name, &err);
    err.message
}

#[tokio::test]
async fn protected_oversized_and_foreign_workbooks_are_refused_in_words() {
    let fx = fixture().await;
    for (name, expected) in [
        ("pass_protected.xlsx", "password-protected"),
        ("issue_385.xls", "password-protected"),
        ("issue_174.xlsx", "declares 1048576 rows × 16384 columns"),
        ("issue_594_dos.ods", "more cells than Runrate reads"),
        ("any_sheets.xlsb", "save it as an Excel Workbook (.xlsx)"),
    ] {
        let message = refused(&fx, &hostile_file(name)).await;
        assert!(message.contains(expected), "{name}: {message}");
    }
}

#[tokio::test]
async fn a_tiny_sheet_claiming_an_absurd_dimension_is_refused_before_reading() {
    // calamine #693: a 2 KB sheet whose dimension spans every cell of a sheet.
    let fx = fixture().await;
    let path = fx.dir.path().join("absurd.xlsx");
    let xml = format!(
        r#"{SHEET_HEAD}<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Month</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#
    );
    write_xlsx(&path, xml.as_bytes());
    assert!(std::fs::metadata(&path).unwrap().len() < 4096);
    let message = refused(&fx, &path).await;
    assert!(message.contains("more than Runrate reads"), "{message}");
}

#[tokio::test]
async fn a_zip_bomb_is_refused_before_it_inflates() {
    let fx = fixture().await;
    let path = fx.dir.path().join("bomb.xlsx");
    // 64 MB of spaces inside the sheet part compress about a thousandfold.
    let mut xml = Vec::with_capacity(64 << 20);
    xml.extend_from_slice(SHEET_HEAD.as_bytes());
    xml.resize(64 << 20, b' ');
    xml.extend_from_slice(b"<sheetData/></worksheet>");
    write_xlsx(&path, &xml);
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let message = refused(&fx, &path).await;
    assert!(message.contains("beyond safe limits"), "{message}");
}

#[tokio::test]
async fn truncated_garbage_empty_and_oversized_files_are_refused() {
    let fx = fixture().await;
    let whole = std::fs::read(crate::imports::fixture_file("showback-acme.xlsx")).unwrap();
    let truncated = fx.dir.path().join("truncated.xlsx");
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let message = refused(&fx, &truncated).await;
    assert!(message.contains("damaged or truncated"), "{message}");

    let garbage = fx.dir.path().join("garbage.xlsx");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(&garbage, bytes).unwrap();
    let message = refused(&fx, &garbage).await;
    assert!(message.contains("not a spreadsheet"), "{message}");

    let empty = fx.dir.path().join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    assert!(refused(&fx, &empty).await.contains("empty"));

    let json = fx.dir.path().join("cut.json");
    let page = std::fs::read(crate::imports::fixture_file("openai-costs-page.json")).unwrap();
    std::fs::write(&json, &page[..page.len() / 2]).unwrap();
    assert!(refused(&fx, &json).await.contains("not valid JSON"));

    // The size limit applies before a byte is parsed.
    let limits = runrate::sheet::Limits {
        max_file_bytes: 100,
        ..runrate::sheet::Limits::default()
    };
    let mut collect = runrate::sheet::Collect::default();
    let err = runrate::sheet::read_path(
        &crate::imports::fixture_file("showback-acme.xlsx"),
        &limits,
        &mut collect,
    )
    .unwrap_err();
    assert!(err.message.contains("larger than"), "{}", err.message);
}

#[tokio::test]
async fn text_in_every_encoding_excel_writes_reads_the_same() {
    let table = "Month\tDepartment\tService Code\tAmount\nSep-26\tFinance\tWL-RECON\t£1,204.55\nSep-26\tHR\tWL-HRBOT\t(£3.10)\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in table.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let csv = table
        .replace('\t', ",")
        .replace("£1,204.55", "\"£1,204.55\"");
    let cp1252: Vec<u8> = csv
        .chars()
        .map(|c| if c == '£' { 0xA3 } else { c as u8 })
        .collect();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(csv.as_bytes());
    for (name, bytes, encoding) in [
        ("utf16.txt", utf16, "UTF-16LE with BOM"),
        ("cp1252.csv", cp1252, "Windows-1252"),
        ("bom.csv", bom, "UTF-8 with BOM"),
        ("plain.csv", csv.clone().into_bytes(), "UTF-8"),
    ] {
        // Each in its own database: the four files hold the same lines.
        let fx = fixture().await;
        let path = fx.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let s = fx
            .engine
            .import_file(&path, &ImportOptions::default())
            .await
            .unwrap_or_else(|e| panic!("{name}: {}", e.message));
        assert_eq!(s.format, "showback", "{name}");
        assert_eq!(s.lines_imported, 2, "{name}");
        assert_eq!(s.totals[0].currency, "GBP", "{name}: £ read as £");
        assert_eq!(s.totals[0].amount.to_string(), "1201.45", "{name}");
        let record = fx.engine.import_record(s.import_id.unwrap()).await.unwrap();
        assert_eq!(record.encoding.as_deref(), Some(encoding), "{name}");
    }
}

/// Imports `path` as a preview and returns what happened, after checking it
/// ended within five seconds and, if refused, in plain words naming the file.
async fn read_or_refused(fx: &Fixture, path: &Path) -> Result<u64, String> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let started = std::time::Instant::now();
    let outcome = preview(fx, path).await;
    let took = started.elapsed();
    assert!(took.as_secs_f64() < 5.0, "{name} took {took:?}");
    match outcome {
        Ok(summary) => Ok(summary.lines_imported),
        Err(e) => {
            assert_plain(&name, &e);
            Err(e.message)
        }
    }
}

#[tokio::test]
async fn generated_hostile_files_are_read_or_refused_in_words_within_five_seconds() {
    let fx = fixture().await;
    let dir = fx.dir.path();
    let header = r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Month</t></is></c><c r="B1" t="inlineStr"><is><t>Department</t></is></c><c r="C1" t="inlineStr"><is><t>Amount</t></is></c></row>"#;

    // Unknown entities and a DOCTYPE that would expand a billion times.
    let laughs = dir.join("entities.xlsx");
    let mut xml = String::from(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    xml.push_str(header);
    xml.push_str(r#"<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;&unknown;</t></is></c></row></sheetData></worksheet>"#);
    write_xlsx(&laughs, xml.as_bytes());
    let _ = read_or_refused(&fx, &laughs).await;

    // One tag with 80,000 attributes.
    let attributes = dir.join("attributes.xlsx");
    let mut xml = String::from(SHEET_HEAD);
    xml.push_str(header);
    xml.push_str("<row r=\"2\"");
    for i in 0..80_000 {
        xml.push_str(&format!(" a{i}=\"{i}\""));
    }
    xml.push_str("/></sheetData></worksheet>");
    write_xlsx(&attributes, xml.as_bytes());
    let _ = read_or_refused(&fx, &attributes).await;

    // A cell of 32,768 characters, one more than Excel allows.
    let long = dir.join("long-cell.xlsx");
    let mut xml = String::from(SHEET_HEAD);
    xml.push_str(header);
    xml.push_str(&format!(
        r#"<row r="2"><c r="A2" t="inlineStr"><is><t>Sep-26</t></is></c><c r="B2" t="inlineStr"><is><t>{}</t></is></c><c r="C2"><v>12.5</v></c></row></sheetData></worksheet>"#,
        "x".repeat(32_768)
    ));
    write_xlsx(&long, xml.as_bytes());
    let _ = read_or_refused(&fx, &long).await;

    // An old binary workbook (OLE compound file) renamed to .xlsx.
    let renamed = dir.join("renamed.xlsx");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(&renamed, &ole).unwrap();
    assert!(read_or_refused(&fx, &renamed).await.is_err());

    // Zip entries that climb out of the archive: nothing is ever extracted.
    let climbing = dir.join("climbing.xlsx");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&climbing).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("../../escape.txt", options).unwrap();
        zip.write_all(b"outside").unwrap();
        zip.start_file("xl/../../../etc/passwd", options).unwrap();
        zip.write_all(b"root").unwrap();
        zip.finish().unwrap();
    }
    assert!(read_or_refused(&fx, &climbing).await.is_err());
    assert!(!dir.join("escape.txt").exists() && !dir.parent().unwrap().join("escape.txt").exists());

    // JSON nested 10,000 deep.
    let deep = dir.join("deep.json");
    let mut json = "[".repeat(10_000);
    json.push_str(&"]".repeat(10_000));
    std::fs::write(&deep, json).unwrap();
    assert!(read_or_refused(&fx, &deep).await.is_err());

    // UTF-16BE with its byte-order mark, and a CSV that is not valid UTF-8.
    let table = "Month,Department,Service Code,Amount\nSep-26,Finance,WL-RECON,1204.55\n";
    let mut be = vec![0xFE, 0xFF];
    for unit in table.encode_utf16() {
        be.extend_from_slice(&unit.to_be_bytes());
    }
    let utf16be = dir.join("utf16be.csv");
    std::fs::write(&utf16be, be).unwrap();
    assert_eq!(
        read_or_refused(&fx, &utf16be).await,
        Ok(1),
        "UTF-16BE reads as UTF-16LE does"
    );
    let mut broken = table.as_bytes().to_vec();
    broken.extend_from_slice(b"Sep-26,Fin\xC3\x28ance,WL-RECON,5\n\xFF\xFE\xFD,,,\n");
    let invalid = dir.join("invalid-utf8.csv");
    std::fs::write(&invalid, broken).unwrap();
    let _ = read_or_refused(&fx, &invalid).await;
}
