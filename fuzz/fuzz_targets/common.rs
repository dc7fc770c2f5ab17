//! What the file targets share: the bytes go to a file (the readers take a
//! path, as imports do) and through the same parser an import uses.

use runrate::import::{FileParser, ParseContext};
use std::path::PathBuf;

/// Writes `data` to a file with `extension` in this process's scratch folder.
pub fn scratch_file(data: &[u8], extension: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("runrate-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let path = dir.join(format!("input.{extension}"));
    std::fs::write(&path, data).expect("scratch file");
    path
}

/// Reads the file as an import would, without a database: every outcome but
/// a panic, an abort or a hang is acceptable. A refusal must name the file.
pub fn read_as_import(data: &[u8], extension: &str) {
    let path = scratch_file(data, extension);
    let mut parser = FileParser::new(ParseContext::default());
    let outcome = if extension == "json" {
        runrate::import::json::read_pages(&path, &mut parser).map(|_| ())
    } else {
        runrate::sheet::read_path(&path, &runrate::sheet::Limits::default(), &mut parser)
            .map(|_| ())
    };
    if let Err(e) = outcome {
        assert!(!e.message.is_empty(), "an error without words");
    } else if parser.parsed.format.is_some() {
        // As the engine does: a file whose layout was recognised accounts for
        // every row (one that was not is refused before its rows count).
        let parsed = &parser.parsed;
        let accounted =
            parsed.lines.len() as u64 + parsed.skipped.values().sum::<u64>() + parsed.rows_rejected;
        assert!(
            accounted == parsed.rows_read,
            "{accounted} rows accounted for, {} read",
            parsed.rows_read
        );
    }
}
