//! Delimited text: encoding, delimiter and streaming rows.
//!
//! Encodings are taken as Excel writes them:
//! - a BOM decides: UTF-8, UTF-16LE or UTF-16BE (Excel's "Unicode Text" is
//!   UTF-16LE with a BOM and tab-separated);
//! - without a BOM, the file is checked to be valid UTF-8 from end to end; if it
//!   is not, it is read as Windows-1252 (what "CSV" from Excel on Windows is), and
//!   the summary says so, so the preview can show the accented rows.
//!
//! The delimiter is sniffed from the first lines: comma, semicolon, tab or pipe,
//! whichever splits the lines most consistently.
//!
//! A record may not exceed [`MAX_RECORD_BYTES`]: a guard counts bytes since the
//! last line break outside quotes and stops a single runaway field (a 1 GB
//! "cell") before the CSV parser buffers it.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::{Cell, Limits, Row, SheetError, SheetInfo, Visit, Visitor};

/// The longest record (line) accepted, in bytes.
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// A text encoding Runrate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without a BOM.
    Utf8,
    /// UTF-8 with a BOM (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little-endian with a BOM (Excel's "Unicode Text").
    Utf16Le,
    /// UTF-16 big-endian with a BOM.
    Utf16Be,
    /// Windows-1252 (Excel's "CSV" on Windows in Western locales).
    Windows1252,
}

impl Encoding {
    /// How the encoding is named in summaries.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE with BOM",
            Encoding::Utf16Be => "UTF-16BE with BOM",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// How a text file was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextFormat {
    /// Its encoding.
    pub encoding: Encoding,
    /// Its delimiter.
    pub delimiter: u8,
}

/// The bytes after a UTF-8 or UTF-16 BOM.
pub fn strip_bom(head: &[u8]) -> &[u8] {
    if let Some(rest) = head.strip_prefix(b"\xEF\xBB\xBF") {
        rest
    } else if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        &head[2..]
    } else {
        head
    }
}

fn bom(head: &[u8]) -> Option<Encoding> {
    if head.starts_with(b"\xEF\xBB\xBF") {
        Some(Encoding::Utf8Bom)
    } else if head.starts_with(b"\xFF\xFE") {
        Some(Encoding::Utf16Le)
    } else if head.starts_with(b"\xFE\xFF") {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Whether the first bytes look like text rather than binary.
pub fn looks_textual(head: &[u8]) -> bool {
    if matches!(bom(head), Some(Encoding::Utf16Le | Encoding::Utf16Be)) {
        return true;
    }
    if head.contains(&0) {
        return false;
    }
    let control = head
        .iter()
        .filter(|b| **b < 0x09 || (0x0E..0x20).contains(*b) && **b != 0x1B)
        .count();
    control * 100 <= head.len()
}

/// Checks that the whole file is valid UTF-8, reading it in chunks. It stops
/// early, answering yes, at a stretch of more than [`MAX_RECORD_BYTES`]
/// without a line break: the record holding it is refused whichever encoding
/// is chosen, and everything before it was valid, so reading on (a gigabyte,
/// for a hostile file) would change nothing.
fn is_utf8(path: &Path) -> Result<bool, SheetError> {
    let mut file = File::open(path).map_err(|e| SheetError::Io(e.kind().to_string()))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut carry: Vec<u8> = Vec::new();
    let mut since_break = 0usize;
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| SheetError::Io(e.kind().to_string()))?;
        if n == 0 {
            return Ok(carry.is_empty());
        }
        since_break = match buf[..n].iter().rposition(|&b| b == b'\n') {
            Some(at) => n - at - 1,
            None => since_break + n,
        };
        carry.extend_from_slice(&buf[..n]);
        match std::str::from_utf8(&carry) {
            Ok(_) => carry.clear(),
            Err(e) if e.error_len().is_none() => {
                // An incomplete sequence at the end of the chunk: keep it for the next one.
                let keep = carry.split_off(e.valid_up_to());
                carry = keep;
            }
            Err(_) => return Ok(false),
        }
        if since_break > MAX_RECORD_BYTES {
            return Ok(true);
        }
    }
}

/// Counts bytes since the last record break outside quotes and refuses records
/// longer than [`MAX_RECORD_BYTES`].
struct RecordGuard<R> {
    inner: R,
    in_quotes: bool,
    since_break: usize,
    tripped: bool,
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(out)?;
        for b in &out[..n] {
            match b {
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' if !self.in_quotes => self.since_break = 0,
                _ => {}
            }
            self.since_break += 1;
            if self.since_break > MAX_RECORD_BYTES {
                self.tripped = true;
                return Err(std::io::Error::other("record too long"));
            }
        }
        Ok(n)
    }
}

/// Picks the delimiter that splits the first lines most consistently.
fn sniff_delimiter(sample: &[u8], utf16: bool) -> u8 {
    let candidates = [b',', b';', b'\t', b'|'];
    let lines: Vec<&[u8]> = sample
        .split(|b| *b == b'\n')
        .filter(|l| !l.iter().all(|b| b.is_ascii_whitespace()))
        .take(30)
        .collect();
    let count = |line: &[u8], d: u8| {
        let mut quoted = false;
        line.iter()
            .filter(|b| {
                if **b == b'"' {
                    quoted = !quoted;
                }
                !quoted && **b == d
            })
            .count()
    };
    let mut best = (if utf16 { b'\t' } else { b',' }, 0usize);
    for d in candidates {
        let counts: Vec<usize> = lines.iter().map(|l| count(l, d)).collect();
        // Score: lines whose count equals the most common non-zero count.
        let mut modes: Vec<usize> = counts.iter().copied().filter(|c| *c > 0).collect();
        modes.sort_unstable();
        let Some(mode) = modes
            .chunk_by(|a, b| a == b)
            .max_by_key(|c| c.len())
            .map(|c| c[0])
        else {
            continue;
        };
        let score = counts.iter().filter(|c| **c == mode).count() * 1000 + mode;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Reads a delimited text file, handing each record to `visitor` as a row.
pub fn read_text(
    path: &Path,
    name: &str,
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> Result<TextFormat, crate::error::Error> {
    let io = |e: std::io::Error| SheetError::Io(e.kind().to_string());
    let mut head = [0u8; 4];
    let n = File::open(path).map_err(io)?.read(&mut head).map_err(io)?;
    let encoding = match bom(&head[..n]) {
        Some(e) => e,
        None if is_utf8(path)? => Encoding::Utf8,
        None => Encoding::Windows1252,
    };
    let source: Box<dyn Read> = {
        let file = BufReader::with_capacity(1 << 16, File::open(path).map_err(io)?);
        match encoding {
            Encoding::Utf8 => Box::new(file),
            Encoding::Utf8Bom => {
                let mut file = file;
                let mut skip = [0u8; 3];
                file.read_exact(&mut skip).map_err(io)?;
                Box::new(file)
            }
            Encoding::Utf16Le | Encoding::Utf16Be | Encoding::Windows1252 => {
                let label = match encoding {
                    Encoding::Utf16Le => encoding_rs::UTF_16LE,
                    Encoding::Utf16Be => encoding_rs::UTF_16BE,
                    _ => encoding_rs::WINDOWS_1252,
                };
                Box::new(
                    encoding_rs_io::DecodeReaderBytesBuilder::new()
                        .encoding(Some(label))
                        .bom_override(true)
                        .strip_bom(true)
                        .build(file),
                )
            }
        }
    };
    // Sniff the delimiter from the decoded start, then parse everything.
    let mut source = std::io::BufReader::with_capacity(1 << 16, source);
    let sample = {
        use std::io::BufRead;
        source.fill_buf().map_err(io)?.to_vec()
    };
    let utf16 = matches!(encoding, Encoding::Utf16Le | Encoding::Utf16Be);
    let delimiter = sniff_delimiter(&sample, utf16);
    let format = TextFormat {
        encoding,
        delimiter,
    };

    let guard = RecordGuard {
        inner: source,
        in_quotes: false,
        since_break: 0,
        tripped: false,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(1 << 16)
        .from_reader(guard);

    let info = SheetInfo {
        name: name.to_string(),
        index: 0,
        count: 1,
        date_1904: false,
    };
    if visitor.sheet(&info)? == Visit::Skip {
        return Ok(format);
    }
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // An error from the guard carries no position: the record it
                // stopped began where the reader stands.
                let line = e
                    .position()
                    .map_or_else(|| reader.position().line(), |p| p.line());
                if reader.get_ref().tripped {
                    return Err(SheetError::TooManyCells(format!(
                        "line {line} is longer than {} MB; the file is not a usable table",
                        MAX_RECORD_BYTES / 1_048_576
                    ))
                    .into());
                }
                return Err(match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => SheetError::Encoding(format!(
                        "line {line} is not valid {} text",
                        encoding.label()
                    )),
                    csv::ErrorKind::Io(err) => SheetError::Io(err.kind().to_string()),
                    _ => SheetError::Malformed(format!("line {line} could not be read")),
                }
                .into());
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let number = u32::try_from(line).map_err(|_| {
            SheetError::TooManyCells("the file has more than 4 billion lines".to_string())
        })?;
        if record.len() > limits.max_columns as usize {
            return Err(SheetError::TooManyCells(format!(
                "line {line} has {} fields; Runrate reads at most {}",
                record.len(),
                limits.max_columns
            ))
            .into());
        }
        let mut cells = Vec::with_capacity(record.len());
        for field in record.iter() {
            if field.len() > limits.max_cell_chars && field.chars().count() > limits.max_cell_chars
            {
                return Err(SheetError::TooManyCells(format!(
                    "line {line} has a field of {} characters; the limit is {}",
                    field.chars().count(),
                    limits.max_cell_chars
                ))
                .into());
            }
            cells.push(if field.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(field.to_string())
            });
        }
        visitor.row(Row { number, cells })?;
    }
    visitor.end_sheet()?;
    Ok(format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_utf8_check_reads_no_further_than_a_record_too_long_to_accept() {
        let dir = tempfile::tempdir().unwrap();
        let short = dir.path().join("short.csv");
        std::fs::write(&short, b"Month,Amount\nSep-26,\xff12\n").unwrap();
        assert!(!is_utf8(&short).unwrap());
        let fine = dir.path().join("fine.csv");
        std::fs::write(&fine, "Month,Amount\nSep-26,£12\n").unwrap();
        assert!(is_utf8(&fine).unwrap());
        // A byte that is not UTF-8 after 17 MB without a line break: the
        // check stops at the over-long record, which is refused either way.
        let long = dir.path().join("long.csv");
        let mut bytes = b"Month,Amount\nSep-26,\"".to_vec();
        bytes.resize(bytes.len() + MAX_RECORD_BYTES + (1 << 20), b'7');
        bytes.extend_from_slice(b"\xff\"\n");
        std::fs::write(&long, &bytes).unwrap();
        assert!(is_utf8(&long).unwrap());
        let mut collect = crate::sheet::Collect::default();
        let err = read_text(&long, "long.csv", &Limits::default(), &mut collect).unwrap_err();
        assert!(err.message.contains("longer than 16 MB"), "{}", err.message);
    }

    #[test]
    fn delimiter_is_the_consistent_one() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n", false), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3\n", false), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n", true), b'\t');
        assert_eq!(sniff_delimiter(b"\"x, y\";b\n\"1,2\";3\n", false), b';');
        assert_eq!(sniff_delimiter(b"single\n", false), b',');
    }

    #[test]
    fn binary_is_not_text() {
        assert!(looks_textual(b"Month,Amount\r\nSep-26,12\r\n"));
        assert!(!looks_textual(b"abc\x00def"));
        assert!(looks_textual(b"\xFF\xFEa\x00b\x00"));
        assert!(!looks_textual(&[1u8, 2, 3, 4, 5, 6, 7, 8, 65]));
    }
}
