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

/// Writes the generated hostile files into `dir`; returns each with what
/// reading it must give (`None`: read or refused, either is fine).
fn generated_hostile_files(dir: &Path) -> Vec<(PathBuf, Option<Result<u64, ()>>)> {
    let mut files = Vec::new();
    let header = r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Month</t></is></c><c r="B1" t="inlineStr"><is><t>Department</t></is></c><c r="C1" t="inlineStr"><is><t>Amount</t></is></c></row>"#;

    // Unknown entities and a DOCTYPE that would expand a billion times.
    let laughs = dir.join("entities.xlsx");
    let mut xml = String::from(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    xml.push_str(header);
    xml.push_str(r#"<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;&unknown;</t></is></c></row></sheetData></worksheet>"#);
    write_xlsx(&laughs, xml.as_bytes());
    files.push((laughs, None));

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
    files.push((attributes, None));

    // A cell of 32,768 characters, one more than Excel allows.
    let long = dir.join("long-cell.xlsx");
    let mut xml = String::from(SHEET_HEAD);
    xml.push_str(header);
    xml.push_str(&format!(
        r#"<row r="2"><c r="A2" t="inlineStr"><is><t>Sep-26</t></is></c><c r="B2" t="inlineStr"><is><t>{}</t></is></c><c r="C2"><v>12.5</v></c></row></sheetData></worksheet>"#,
        "x".repeat(32_768)
    ));
    write_xlsx(&long, xml.as_bytes());
    files.push((long, None));

    // An old binary workbook (OLE compound file) renamed to .xlsx.
    let renamed = dir.join("renamed.xlsx");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(&renamed, &ole).unwrap();
    files.push((renamed, Some(Err(()))));

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
    files.push((climbing, Some(Err(()))));

    // JSON nested 10,000 deep.
    let deep = dir.join("deep.json");
    let mut json = "[".repeat(10_000);
    json.push_str(&"]".repeat(10_000));
    std::fs::write(&deep, json).unwrap();
    files.push((deep, Some(Err(()))));

    // UTF-16BE with its byte-order mark, and a CSV that is not valid UTF-8.
    let table = "Month,Department,Service Code,Amount\nSep-26,Finance,WL-RECON,1204.55\n";
    let mut be = vec![0xFE, 0xFF];
    for unit in table.encode_utf16() {
        be.extend_from_slice(&unit.to_be_bytes());
    }
    let utf16be = dir.join("utf16be.csv");
    std::fs::write(&utf16be, be).unwrap();
    // UTF-16BE reads as UTF-16LE does.
    files.push((utf16be, Some(Ok(1))));
    let mut broken = table.as_bytes().to_vec();
    broken.extend_from_slice(b"Sep-26,Fin\xC3\x28ance,WL-RECON,5\n\xFF\xFE\xFD,,,\n");
    let invalid = dir.join("invalid-utf8.csv");
    std::fs::write(&invalid, broken).unwrap();
    files.push((invalid, None));
    files
}

#[tokio::test]
async fn generated_hostile_files_are_read_or_refused_in_words_within_five_seconds() {
    let fx = fixture().await;
    let dir = fx.dir.path();
    for (path, expected) in generated_hostile_files(dir) {
        let outcome = read_or_refused(&fx, &path).await;
        match expected {
            Some(Ok(lines)) => assert_eq!(outcome, Ok(lines), "{}", path.display()),
            Some(Err(())) => assert!(outcome.is_err(), "{} should be refused", path.display()),
            None => {}
        }
    }
    // Nothing was ever extracted from the archive whose entries climb out.
    assert!(!dir.join("escape.txt").exists() && !dir.parent().unwrap().join("escape.txt").exists());
}

/// The parts of a minimal xlsx around `sheet_xml`, for archives built by hand.
fn xlsx_with_extra(path: &Path, sheet_xml: &[u8], extra: &[(&str, &[u8], bool)]) {
    use std::io::Write;
    write_xlsx(path, sheet_xml);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    let mut zip = zip::ZipWriter::new_append(file).unwrap();
    for (name, bytes, stored) in extra {
        let method = if *stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() > u32::MAX as usize / 2);
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// A zip bomb of `inflated` zero bytes under `name`, as bytes.
fn flat_bomb(name: &str, inflated: usize) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(name, options).unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..inflated / chunk.len() {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

/// Rewrites the archive at `path` so that `copies` more central-directory
/// entries point at the local entry named `target` (David Fifield's
/// overlapping-entry construction: one compressed kernel, many names).
fn overlap_entries(path: &Path, target: &str, copies: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    let eocd = bytes
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .expect("end of central directory");
    let u16_at = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let u32_at =
        |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize;
    let entries = u16_at(&bytes, eocd + 10);
    let cd_size = u32_at(&bytes, eocd + 12);
    let cd_start = u32_at(&bytes, eocd + 16);
    // Find the target's central entry.
    let mut at = cd_start;
    let mut template = None;
    for _ in 0..entries {
        let name_len = u16_at(&bytes, at + 28);
        let extra_len = u16_at(&bytes, at + 30);
        let comment_len = u16_at(&bytes, at + 32);
        let len = 46 + name_len + extra_len + comment_len;
        if &bytes[at + 46..at + 46 + name_len] == target.as_bytes() {
            template = Some(bytes[at..at + len].to_vec());
        }
        at += len;
    }
    let template = template.expect("the target entry");
    let name_len = u16_at(&template, 28);
    let mut added = Vec::new();
    for k in 0..copies {
        let name = format!("xl/worksheets/copy{k}.xml");
        let mut entry = template[..46].to_vec();
        entry[28..30].copy_from_slice(&(name.len() as u16).to_le_bytes());
        entry[30..34].copy_from_slice(&[0, 0, 0, 0]); // no extra field, no comment
        entry.extend_from_slice(name.as_bytes());
        added.extend_from_slice(&entry);
    }
    let _ = name_len;
    let tail = bytes.split_off(cd_start + cd_size);
    bytes.extend_from_slice(&added);
    let mut eocd_record = tail;
    let count = (entries + copies) as u16;
    eocd_record[8..10].copy_from_slice(&count.to_le_bytes());
    eocd_record[10..12].copy_from_slice(&count.to_le_bytes());
    eocd_record[12..16].copy_from_slice(&((cd_size + added.len()) as u32).to_le_bytes());
    bytes.extend_from_slice(&eocd_record);
    std::fs::write(path, bytes).unwrap();
}

/// Writes a nested, a zip-of-zips and an overlapping-entry bomb into `dir`.
fn generated_bombs(dir: &Path) -> [PathBuf; 3] {
    let sheet = format!(
        r#"{SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Month</t></is></c></row></sheetData></worksheet>"#
    );
    // A workbook carrying a zip bomb as an embedded file: nothing opens it.
    let nested = dir.join("nested.xlsx");
    let inner = flat_bomb("zeros.bin", 256 << 20);
    assert!(inner.len() < 1 << 20);
    xlsx_with_extra(
        &nested,
        sheet.as_bytes(),
        &[("xl/embeddings/inner.zip", &inner, true)],
    );

    // A zip of zips named like a workbook.
    let zip_of_zips = dir.join("zip-of-zips.xlsx");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_of_zips).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for k in 0..16 {
            zip.start_file(format!("layer{k}.zip"), options).unwrap();
            zip.write_all(&inner).unwrap();
        }
        zip.finish().unwrap();
    }

    // One compressed sheet named a thousand times over.
    let overlapping = dir.join("overlapping.xlsx");
    let mut xml = String::from(SHEET_HEAD);
    xml.push_str("<sheetData>");
    let mut x: u64 = 1;
    for r in 1..20_000 {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        xml.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}"><v>{}</v></c></row>"#,
            x >> 11
        ));
    }
    xml.push_str("</sheetData></worksheet>");
    write_xlsx(&overlapping, xml.as_bytes());
    overlap_entries(&overlapping, "xl/worksheets/sheet1.xml", 1_000);
    [nested, zip_of_zips, overlapping]
}

#[tokio::test]
async fn nested_and_overlapping_zip_bombs_are_refused_before_they_inflate() {
    let fx = fixture().await;
    let [nested, zip_of_zips, overlapping] = generated_bombs(fx.dir.path());
    let _ = read_or_refused(&fx, &nested).await;
    assert!(read_or_refused(&fx, &zip_of_zips).await.is_err());
    let message = read_or_refused(&fx, &overlapping).await.unwrap_err();
    assert!(message.contains("overlap"), "{message}");
    assert!(fx.engine.list_imports().await.unwrap().is_empty());
}

/// A CSV whose third field opens a quote and runs for 1 GiB: its first 32 MiB
/// are written out, the rest is a hole in a sparse file (read back as NUL
/// characters), so the test needs little disk.
fn one_gigabyte_field(dir: &Path) -> PathBuf {
    use std::io::Write;
    let path = dir.join("one-gigabyte-field.csv");
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(b"Month,Department,Amount\nSep-26,Finance,\"12")
        .unwrap();
    let chunk = vec![b'7'; 1 << 20];
    for _ in 0..32 {
        file.write_all(&chunk).unwrap();
    }
    file.set_len(1 << 30).unwrap();
    path
}

#[tokio::test]
async fn a_one_gigabyte_field_is_refused_without_being_held() {
    let fx = fixture().await;
    let path = one_gigabyte_field(fx.dir.path());
    // Through the engine, the file's size refuses it before a byte is parsed.
    let message = read_or_refused(&fx, &path).await.unwrap_err();
    assert!(message.contains("larger than"), "{message}");

    // With the size limit lifted, the reader streams the field and stops at
    // the longest record it accepts instead of holding the gigabyte.
    let limits = runrate::sheet::Limits {
        max_file_bytes: u64::MAX,
        ..runrate::sheet::Limits::default()
    };
    let started = std::time::Instant::now();
    let mut collect = runrate::sheet::Collect::default();
    let err = runrate::sheet::read_path(&path, &limits, &mut collect).unwrap_err();
    assert!(
        started.elapsed().as_secs_f64() < 5.0,
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.message.contains("line 2 is longer than 16 MB"),
        "{}",
        err.message
    );
}

/// What a child process used: how it ended, its peak resident memory and
/// how long it took.
struct ChildRun {
    exit: Option<i32>,
    signal: Option<i32>,
    peak_mib: f64,
    seconds: f64,
    stderr: String,
}

/// The memory a hostile file may cost, as the issue sets it.
const MEMORY_CAP: u64 = 512 << 20;

/// Runs `program` with `args` with its address space capped at
/// [`MEMORY_CAP`] (util-linux `prlimit`, which then becomes the program).
/// Its peak resident memory is the kernel's high-water mark (`VmHWM`), read
/// every few milliseconds while it runs: `wait4`'s figure would count this
/// test process, whose memory a spawned child starts from.
fn run_capped(program: &Path, args: &[&std::ffi::OsStr], stderr_to: &Path) -> ChildRun {
    use std::os::unix::process::ExitStatusExt;
    let started = std::time::Instant::now();
    let mut child = std::process::Command::new("prlimit")
        .arg(format!("--as={MEMORY_CAP}"))
        .arg("--")
        .arg(program)
        .args(args)
        .env("RUNRATE_CLOCK", crate::common::NOW)
        // glibc reserves 64 MiB of address space per malloc arena; two keep
        // the cap about memory actually used.
        .env("MALLOC_ARENA_MAX", "2")
        .stdout(std::fs::File::create(stderr_to.with_extension("out")).unwrap())
        .stderr(std::fs::File::create(stderr_to).unwrap())
        .spawn()
        .expect("prlimit (util-linux) runs");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    ChildRun {
        exit: status.code(),
        signal: status.signal(),
        peak_mib: peak_kib as f64 / 1024.0,
        seconds: started.elapsed().as_secs_f64(),
        stderr: std::fs::read_to_string(stderr_to).unwrap_or_default()
            + &std::fs::read_to_string(stderr_to.with_extension("out")).unwrap_or_default(),
    }
}

#[test]
fn every_hostile_file_is_refused_within_512_mb_in_a_capped_process() {
    let dir = tempfile::tempdir().unwrap();
    let files_dir = dir.path().join("files");
    std::fs::create_dir(&files_dir).unwrap();
    let mut files: Vec<PathBuf> = generated_hostile_files(&files_dir)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    files.extend(generated_bombs(&files_dir));
    files.push(one_gigabyte_field(&files_dir));
    let flat = files_dir.join("flat-bomb.xlsx");
    let mut xml = Vec::with_capacity(64 << 20);
    xml.extend_from_slice(SHEET_HEAD.as_bytes());
    xml.resize(64 << 20, b' ');
    xml.extend_from_slice(b"<sheetData/></worksheet>");
    write_xlsx(&flat, &xml);
    files.push(flat);
    let absurd = files_dir.join("absurd.xlsx");
    write_xlsx(
        &absurd,
        format!(r#"{SHEET_HEAD}<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#).as_bytes(),
    );
    files.push(absurd);
    for stored in std::fs::read_dir(hostile_file("")).unwrap() {
        let path = stored.unwrap().path();
        if path.extension().is_some_and(|e| e != "md") {
            files.push(path);
        }
    }

    let db = dir.path().join("runrate.db");
    let stderr = dir.path().join("stderr.txt");
    let mut worst = (0.0f64, String::new());
    for file in &files {
        let run = run_capped(
            Path::new(env!("CARGO_BIN_EXE_runrate")),
            &[
                "--db".as_ref(),
                db.as_os_str(),
                "import".as_ref(),
                "--dry-run".as_ref(),
                file.as_os_str(),
            ],
            &stderr,
        );
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        eprintln!(
            "{name}: exit {:?}, peak {:.0} MiB, {:.2} s",
            run.exit, run.peak_mib, run.seconds
        );
        assert_eq!(
            run.signal, None,
            "{name} killed the process: {}",
            run.stderr
        );
        assert!(
            matches!(run.exit, Some(0..=1)),
            "{name}: exit {:?}: {}",
            run.exit,
            run.stderr
        );
        if run.exit == Some(1) {
            assert!(run.stderr.contains(&name), "{name}: {}", run.stderr);
            assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        }
        assert!(run.seconds < 5.0, "{name} took {:.2} s", run.seconds);
        if run.peak_mib > worst.0 {
            worst = (run.peak_mib, name);
        }
    }
    eprintln!(
        "{} hostile files, each in a process capped at 512 MiB; largest peak {:.0} MiB ({})",
        files.len(),
        worst.0,
        worst.1
    );

    // The reader streaming the gigabyte field with the size limit lifted, in
    // a capped process of its own (this test binary, running that test).
    let run = run_capped(
        &std::env::current_exe().unwrap(),
        &[
            "hostile::a_one_gigabyte_field_is_refused_without_being_held".as_ref(),
            "--exact".as_ref(),
        ],
        &stderr,
    );
    eprintln!(
        "the 1 GiB field streamed: exit {:?}, peak {:.0} MiB, {:.2} s",
        run.exit, run.peak_mib, run.seconds
    );
    assert_eq!(run.exit, Some(0), "{}", run.stderr);
}

/// Rows in the large valid sheet: 1,000,000 in CI's release run
/// (`RUNRATE_BIG_SHEET_ROWS`), fewer in the quick debug suite.
fn big_sheet_rows() -> u32 {
    std::env::var("RUNRATE_BIG_SHEET_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

#[tokio::test]
async fn a_valid_sheet_of_a_million_rows_and_twenty_columns_still_imports() {
    use rust_xlsxwriter::Workbook;
    let rows = big_sheet_rows();
    let fx = fixture().await;
    let path = fx.dir.path().join("showback-large.xlsx");
    let headers = [
        "Month",
        "Department",
        "Cost Centre",
        "Workload Code",
        "Provider",
        "Model",
        "Environment",
        "Amount",
        "Allocation Method",
        "Region",
        "Owner",
        "Ticket",
        "Tokens In",
        "Tokens Out",
        "Requests",
        "Notes",
        "Contract",
        "Invoice",
        "Approver",
        "Batch",
    ];
    let started = std::time::Instant::now();
    {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory().unwrap();
        sheet.set_name("Showback").unwrap();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        let departments = ["Finance", "HR", "Marketing", "Legal"];
        for r in 1..=rows {
            let d = departments[(r % 4) as usize];
            let cells = [
                "Sep-26",
                d,
                "CC-4410",
                "WL-RECON",
                "Anthropic",
                "Claude Sonnet 5.5",
                "Prod",
            ];
            for (c, v) in cells.iter().enumerate() {
                sheet.write_string(r, c as u16, *v).unwrap();
            }
            // Cents, exact: row r costs r/100 + 1.
            sheet
                .write_number(r, 7, f64::from(r) / 100.0 + 1.0)
                .unwrap();
            sheet.write_string(r, 8, "Direct (API key)").unwrap();
            sheet.write_string(r, 9, "eu-west").unwrap();
            sheet.write_string(r, 10, "dana").unwrap();
            sheet.write_number(r, 11, f64::from(r)).unwrap();
            sheet.write_number(r, 12, f64::from(r * 3 % 9_973)).unwrap();
            sheet.write_number(r, 13, f64::from(r * 7 % 8_191)).unwrap();
            sheet.write_number(r, 14, f64::from(r % 97)).unwrap();
            sheet.write_string(r, 15, "monthly allocation").unwrap();
            sheet.write_string(r, 16, "MSA-2026").unwrap();
            sheet.write_string(r, 17, "INV-0926").unwrap();
            sheet.write_string(r, 18, "Priya").unwrap();
            sheet.write_number(r, 19, f64::from(r / 1000)).unwrap();
        }
        workbook.save(&path).unwrap();
    }
    let written = started.elapsed();
    let started = std::time::Instant::now();
    let summary = fx
        .engine
        .import_file(&path, &ImportOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{}", e.message));
    let imported = started.elapsed();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default();
    eprintln!(
        "{rows} rows × 20 columns: written in {:.1} s, {:.1} MB, imported in {:.1} s; \
         peak of the test process (writing included) {peak}",
        written.as_secs_f64(),
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6,
        imported.as_secs_f64()
    );
    assert!(summary.committed);
    assert_eq!(summary.lines_imported, u64::from(rows));
    assert_eq!(summary.rows_rejected, 0);
    // Σ (r/100 + 1) for r = 1..=n, exactly.
    let n = rust_decimal::Decimal::from(rows);
    let expected = n * (n + rust_decimal::Decimal::ONE) / rust_decimal::Decimal::from(200) + n;
    assert_eq!(summary.totals[0].amount, expected.normalize());
}
