//! Importing files: preview, commit, list and undo.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::Engine;
use super::cancel::Cancel;
use crate::error::{Code, Error, Result};
use crate::import::{
    FileParser, Format, ImportIssue, IssueSeverity, LineChunk, LineDraft, ParseContext,
};
use crate::model::attribution::{Attribution, LineIdentity, RuleSet};
use crate::model::price::{PriceBook, Tokens, tier_of};
use crate::money::{from_nanos, to_nanos};
use crate::store::{self, WriteTx};

/// How to import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ImportOptions {
    /// Force a format (`openai-cost-csv`, …) instead of detecting it.
    pub format: Option<String>,
    /// Preview only: read, check and count, save nothing.
    pub dry_run: bool,
    /// Import the valid rows even when some are rejected (they stay listed).
    pub keep_valid_rows: bool,
    /// Read the file through this saved column mapping.
    pub mapping: Option<String>,
    /// Where a line restates a charge an earlier import holds with another
    /// amount, take this file's figure (the earlier line is kept, withdrawn,
    /// and comes back if this import is undone). Otherwise such rows are
    /// rejected as conflicts.
    pub replace_conflicts: bool,
}

/// Money per currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CurrencyTotal {
    /// ISO 4217 code.
    pub currency: String,
    /// Exact sum, as a decimal string.
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// What importing one file did (or, for a preview, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportSummary {
    /// The batch id; `None` for a preview or when nothing was saved.
    pub import_id: Option<i64>,
    /// The file's name.
    pub file: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The format detected or forced.
    pub format: String,
    /// The format's version where the file shows it (FOCUS `1.2`).
    pub format_version: Option<String>,
    /// The saved column mapping used, if any.
    pub mapping: Option<String>,
    /// `showback` (finance's charge) or `provider` (evidence of use).
    pub source_kind: String,
    /// Sheets read.
    pub sheets: Vec<String>,
    /// Sheets not imported (summaries, pivots, sheets without a table).
    pub sheets_skipped: Vec<String>,
    /// Whether the lines were saved.
    pub committed: bool,
    /// Every row read, header, blank and preamble rows included.
    pub rows_read: u64,
    /// Lines saved (or, in a preview, that would be).
    pub lines_imported: u64,
    /// Rows without spend, by reason (duplicates included).
    pub rows_skipped: BTreeMap<String, u64>,
    /// Rows that could not be read.
    pub rows_rejected: u64,
    /// Lines already imported from an earlier file.
    pub duplicates: u64,
    /// Lines whose charge an earlier import holds with another amount.
    pub conflicts: u64,
    /// Of those, lines that replace the earlier figure (with `replace_conflicts`).
    pub replaced: u64,
    /// Usage lines without an amount (model not priced).
    pub unpriced: u64,
    /// Lines that matched no attribution rule.
    pub unattributed: u64,
    /// Sum of imported amounts per currency.
    pub totals: Vec<CurrencyTotal>,
    /// Problems, most serious first.
    pub issues: Vec<ImportIssue>,
}

/// An earlier import, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportRecord {
    /// The batch id.
    pub import_id: i64,
    /// The file's name.
    pub file: String,
    /// The file's size in bytes.
    pub size: i64,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Format.
    pub format: String,
    /// The format's version where the file showed it.
    pub format_version: Option<String>,
    /// The saved column mapping used, if any.
    pub mapping: Option<String>,
    /// The text encoding, for text files.
    pub encoding: Option<String>,
    /// Sheets read.
    pub sheets: Vec<String>,
    /// `showback` or `provider`.
    pub source_kind: String,
    /// Rows read.
    pub rows_read: i64,
    /// Lines imported.
    pub lines_imported: i64,
    /// Rows skipped, by reason.
    pub rows_skipped: BTreeMap<String, u64>,
    /// Rows rejected.
    pub rows_rejected: i64,
    /// Duplicates of earlier imports.
    pub duplicates: i64,
    /// Control totals per currency.
    pub totals: Vec<CurrencyTotal>,
    /// Issues recorded at import.
    pub issues: Vec<ImportIssue>,
    /// When.
    pub imported_at: String,
    /// Who.
    pub imported_by: String,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
}

/// Which part of an import is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportStage {
    /// Reading and checking rows.
    Reading,
    /// Writing lines to the database.
    Saving,
}

/// How far an import has got, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportProgress {
    /// The stage.
    pub stage: ImportStage,
    /// Rows read, or lines saved.
    pub done: u64,
    /// Lines to save (unknown while reading).
    pub total: Option<u64>,
}

/// Receives progress reports.
pub type ProgressSink = Arc<dyn Fn(ImportProgress) + Send + Sync>;

/// Reads a file's size and SHA-256 without holding it in memory. A file
/// larger than Runrate reads is refused before it is hashed, and one that
/// grows past the limit while it is read is refused as it crosses it.
pub(crate) fn fingerprint(path: &Path) -> Result<(u64, String)> {
    let limit = crate::sheet::Limits::default().max_file_bytes;
    let too_large = |bytes| Error::from(crate::sheet::SheetError::TooLarge { bytes, limit });
    let mut file = std::fs::File::open(path)?;
    let declared = file.metadata()?.len();
    if declared > limit {
        return Err(too_large(declared));
    }
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        if size > limit {
            return Err(too_large(size));
        }
        hasher.update(&buffer[..n]);
    }
    Ok((size, hex::encode(hasher.finalize())))
}

fn add_total(
    totals: &mut BTreeMap<String, Decimal>,
    currency: &str,
    amount: Decimal,
) -> Result<()> {
    let entry = totals.entry(currency.to_string()).or_default();
    *entry = entry
        .checked_add(amount)
        .ok_or_else(|| Error::invalid("The file's amounts add up to more than Runrate can hold"))?;
    Ok(())
}

/// Prices a usage line from the book, or notes why it stays unpriced.
fn price_line(
    book: &PriceBook,
    line: &mut LineDraft,
    unpriced: &mut BTreeMap<String, (u64, String)>,
) {
    let tokens = Tokens::from_counts(
        line.input_tokens,
        line.cached_input_tokens,
        line.cache_write_tokens,
        line.cache_write_1h_tokens,
        line.output_tokens,
    );
    let (Some(provider), Some(day)) = (line.provider, line.period_start) else {
        return;
    };
    if tokens.is_empty() {
        return;
    }
    match book.price(
        provider,
        line.model.as_deref(),
        tier_of(line.line_item.as_deref()),
        day,
        tokens,
    ) {
        Ok(priced) => {
            line.amount = Some(priced.amount);
            line.currency = Some(priced.currency);
            line.cost_basis = Some(crate::import::CostBasis::Computed);
            line.price_id = Some(priced.price_id);
        }
        Err(reason) => {
            let model = line.model.clone().unwrap_or_else(|| "(no model)".into());
            let entry = unpriced.entry(model).or_insert((0, reason.to_string()));
            entry.0 += 1;
        }
    }
}

/// What reading a file gave: the parse (lines of the last partial chunk
/// included), the text encoding, and for JSON what the pages said.
type FileRead = (
    crate::import::ParsedFile,
    Option<&'static str>,
    Option<crate::import::json::PageInfo>,
);

/// Reads the file at `path` into the parser (on a blocking thread).
fn read_file(path: &Path, mut parser: FileParser) -> Result<FileRead> {
    let limits = crate::sheet::Limits::default();
    let (encoding, pages) = match crate::sheet::detect(path, &limits)? {
        Some(crate::sheet::FileKind::Json) => {
            let pages = crate::import::json::read_pages(path, &mut parser)?;
            (Some("UTF-8"), Some(pages))
        }
        _ => {
            let read = crate::sheet::read_path(path, &limits, &mut parser)?;
            (read.text.map(|t| t.encoding.label()), None)
        }
    };
    Ok((parser.parsed, encoding, pages))
}

/// A natural key's fingerprint: its 64-bit hash and its length. Two different
/// keys of one file sharing both is about as likely as a one-in-10^13 event.
fn occurrence_id(key: &str) -> (u64, usize) {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut hasher);
    (hasher.finish(), key.len())
}

/// A chunk of lines made ready to save: priced, each with its natural key
/// (occurrence number included) and what the rules attribute it to.
struct PreparedChunk {
    chunk: LineChunk,
    keys: Vec<String>,
    attributions: Vec<Option<Attribution>>,
}

/// Prices, keys and attributes lines chunk by chunk. It needs nothing from
/// the database beyond the rules and prices read at the start, so it runs on
/// a thread of its own, beside the file's parser and the saver.
struct LinePreparer {
    rules: RuleSet,
    book: PriceBook,
    /// How often each natural key has been seen in this file, by the key's
    /// fingerprint (a million keys as text would cost hundreds of megabytes).
    occurrences: HashMap<(u64, usize), u32>,
    unpriced_models: BTreeMap<String, (u64, String)>,
}

impl LinePreparer {
    fn prepare(&mut self, mut chunk: LineChunk) -> PreparedChunk {
        for line in chunk.lines.iter_mut().filter(|l| l.amount.is_none()) {
            price_line(&self.book, line, &mut self.unpriced_models);
        }
        // The same identifiers twice in one file are two lines; the
        // occurrence number keeps both while matching them across files.
        let keys = chunk
            .lines
            .iter()
            .map(|line| {
                let base = line.natural_key(chunk.format);
                let n = self.occurrences.entry(occurrence_id(&base)).or_default();
                *n += 1;
                format!("{base}\u{1f}#{n}")
            })
            .collect();
        let attributions = chunk
            .lines
            .iter()
            .map(|line| {
                self.rules.attribute(&LineIdentity {
                    provider: line.provider,
                    api_key_id: line.api_key_id.as_deref(),
                    api_key_name: line.api_key_name.as_deref(),
                    project_id: line.project_id.as_deref(),
                    project_name: line.project_name.as_deref(),
                    workspace_id: line.workspace_id.as_deref(),
                    workspace_name: line.workspace_name.as_deref(),
                    tags: &line.tags,
                    workload_code: line.workload_code.as_deref(),
                })
            })
            .collect();
        PreparedChunk {
            chunk,
            keys,
            attributions,
        }
    }
}

/// Checks prepared lines against the ledger and (unless previewing) saves
/// them, keeping the running counts and totals.
struct LineSaver {
    /// The batch the lines belong to; `None` in a preview.
    batch_id: Option<i64>,
    dry_run: bool,
    /// Take this file's figure where an earlier import holds another.
    replace: bool,
    totals: BTreeMap<String, Decimal>,
    /// Lines saved (or, in a preview, that would be).
    saved: u64,
}

impl LineSaver {
    async fn take(
        &mut self,
        tx: &mut WriteTx,
        prepared: PreparedChunk,
        summary: &mut ImportSummary,
    ) -> Result<()> {
        let PreparedChunk {
            chunk,
            keys,
            attributions,
        } = prepared;
        if chunk.lines.is_empty() {
            return Ok(());
        }
        // The live lines these keys already name, from earlier imports (this
        // file's own saved lines never share a key with a later one).
        let lookup: Vec<&str> = keys.iter().map(String::as_str).collect();
        let existing = store::imports::live_keys(tx, &lookup).await?;
        let mut keep = Vec::with_capacity(chunk.lines.len());
        for ((line, key), attribution) in chunk.lines.iter().zip(keys).zip(attributions) {
            match existing.get(&key).copied() {
                Some((_, existing)) if existing == line.amount.map(to_nanos).transpose()? => {
                    summary.duplicates += 1;
                    *summary
                        .rows_skipped
                        .entry("already imported".to_string())
                        .or_default() += 1;
                    continue;
                }
                Some((batch, existing)) => {
                    let was = existing
                        .map(|n| from_nanos(n).to_string())
                        .unwrap_or_else(|| "no amount".into());
                    let now_amount = line
                        .amount
                        .map(|a| a.to_string())
                        .unwrap_or_else(|| "no amount".into());
                    summary.conflicts += 1;
                    let (severity, message) = if self.replace {
                        summary.replaced += 1;
                        if let (Some(by), false) = (self.batch_id, self.dry_run) {
                            store::imports::replace_live_line(tx, &key, by).await?;
                        }
                        (
                            IssueSeverity::Info,
                            format!(
                                "{} row {}: replaces import #{batch}'s figure {was} with {now_amount}",
                                line.sheet, line.row
                            ),
                        )
                    } else {
                        summary.rows_rejected += 1;
                        (
                            IssueSeverity::Error,
                            format!(
                                "{} row {}: the same charge was imported by import #{batch} as {was}, \
                                 here it is {now_amount}; take this file's figures, or undo one of \
                                 the two imports",
                                line.sheet, line.row
                            ),
                        )
                    };
                    if summary.issues.len() < crate::import::MAX_ISSUES {
                        summary.issues.push(ImportIssue {
                            severity,
                            sheet: line.sheet.clone(),
                            row: Some(line.row),
                            column: None,
                            value: Some(now_amount.clone()),
                            message,
                        });
                    }
                    if !self.replace {
                        continue;
                    }
                }
                None => {}
            }
            if attribution.is_none() {
                summary.unattributed += 1;
            }
            match (line.amount, line.currency) {
                (Some(amount), Some(currency)) => {
                    add_total(&mut self.totals, currency.code(), amount)?
                }
                _ => summary.unpriced += 1,
            }
            keep.push((line, key, attribution));
        }
        self.saved += keep.len() as u64;
        if let (Some(batch_id), false) = (self.batch_id, self.dry_run) {
            let new_lines: Vec<store::imports::NewLine<'_>> = keep
                .iter()
                .map(|(line, key, attribution)| store::imports::NewLine {
                    draft: line,
                    source_kind: chunk.source,
                    natural_key: key.clone(),
                    service_code: attribution.as_ref().map(|a| a.service_code.as_str()),
                    rule_id: attribution.as_ref().and_then(|a| a.rule_id),
                })
                .collect();
            store::imports::insert_lines(tx, batch_id, &new_lines).await?;
        }
        Ok(())
    }
}

impl Engine {
    /// Imports one file: parse, attribute, de-duplicate, and save as one batch
    /// in one transaction (or, with `dry_run`, report what would happen).
    pub async fn import_file(&self, path: &Path, options: &ImportOptions) -> Result<ImportSummary> {
        self.import_file_with_progress(path, options, Arc::new(|_| {}), &Cancel::new())
            .await
    }

    /// [`Engine::import_file`], reporting progress as rows are read and lines
    /// saved, and stopping (with nothing saved) when `cancel` is set.
    pub async fn import_file_with_progress(
        &self,
        path: &Path,
        options: &ImportOptions,
        progress: ProgressSink,
        cancel: &Cancel,
    ) -> Result<ImportSummary> {
        let imported = self.import_one(path, options, progress, cancel).await;
        // The import widened the writer's cache; give the memory back whether
        // it was saved, previewed or stopped.
        let released = self.store.release_cache().await;
        let summary = imported?;
        released?;
        Ok(summary)
    }

    async fn import_one(
        &self,
        path: &Path,
        options: &ImportOptions,
        progress: ProgressSink,
        cancel: &Cancel,
    ) -> Result<ImportSummary> {
        let file = crate::sheet::file_name(path);
        let place = format!("File '{file}'");
        let forced = match options.format.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(f) => Some(Format::parse(f).ok_or_else(|| {
                let known: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
                Error::invalid(format!(
                    "Unknown format '{f}'; known formats: {}",
                    known.join(", ")
                ))
            })?),
            None => None,
        };
        let (size, sha256) = fingerprint(path).map_err(|e| e.context(&place))?;
        let mut summary = ImportSummary {
            import_id: None,
            file: file.clone(),
            sha256: sha256.clone(),
            format: String::new(),
            format_version: None,
            mapping: None,
            source_kind: String::new(),
            sheets: Vec::new(),
            sheets_skipped: Vec::new(),
            committed: false,
            rows_read: 0,
            lines_imported: 0,
            rows_skipped: BTreeMap::new(),
            rows_rejected: 0,
            duplicates: 0,
            conflicts: 0,
            replaced: 0,
            unpriced: 0,
            unattributed: 0,
            totals: Vec::new(),
            issues: Vec::new(),
        };

        {
            let mut conn = self.store.reader().await?;
            if let Some(batch) = store::imports::live_batch_for_file(&mut conn, &sha256).await? {
                summary.import_id = Some(batch);
                summary.issues.push(ImportIssue {
                    severity: IssueSeverity::Info,
                    sheet: file.clone(),
                    row: None,
                    column: None,
                    value: None,
                    message: format!(
                        "{place} was already imported as import #{batch}; nothing was added"
                    ),
                });
                return Ok(summary);
            }
        }

        // A copy of the workspace before anything is added to it, when there
        // is something to lose.
        if !options.dry_run {
            let has_lines: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM spend_line LIMIT 1")
                .fetch_optional(&mut *self.store.reader().await?)
                .await?;
            if has_lines.is_some() {
                self.automatic_backup("before-import").await?;
            }
        }

        let context = {
            let mut conn = self.store.reader().await?;
            let settings = super::settings::load(&mut conn).await?;
            let saved = super::mappings::load_all(&mut conn).await?;
            let mapping = match options
                .mapping
                .as_deref()
                .map(str::trim)
                .filter(|m| !m.is_empty())
            {
                Some(name) => Some(super::mappings::find(&saved, name)?),
                None => None,
            };
            ParseContext {
                forced,
                mapping,
                saved,
                base_currency: settings.base_currency,
                fiscal_start: settings.fiscal_year_start_month,
            }
        };
        let mapping_forced = context.mapping.as_ref().map(|m| m.name.clone());

        // Rules and prices are read inside the write transaction, so the lines
        // are attributed and priced by exactly what is in force when they are
        // saved. The file is parsed on a blocking thread and its lines arrive
        // here in chunks, each checked and saved before the next is read: the
        // whole import is still one transaction, and memory stays flat.
        let mut tx = self.store.begin().await?;
        store::Store::widen_cache(&mut tx).await?;
        let actor = self.actor(&mut tx).await?;
        let now = self.now();
        let mut preparer = LinePreparer {
            rules: super::rules::rule_set(&mut tx).await?,
            book: PriceBook::new(store::prices::list(&mut tx).await?),
            occurrences: HashMap::new(),
            unpriced_models: BTreeMap::new(),
        };
        let mut saver = LineSaver {
            batch_id: None,
            dry_run: options.dry_run,
            replace: options.replace_conflicts,
            totals: BTreeMap::new(),
            saved: 0,
        };
        if !options.dry_run {
            // A placeholder row the lines can refer to; filled in at the end,
            // and rolled back with everything else if nothing is saved.
            saver.batch_id = Some(
                store::imports::insert_batch(
                    &mut tx,
                    &store::imports::NewBatch {
                        file_name: &file,
                        file_size: i64::try_from(size).unwrap_or(i64::MAX),
                        sha256: &sha256,
                        format: "",
                        source_kind: crate::import::SourceKind::Provider,
                        encoding: None,
                        sheets_json: "[]",
                        rows_read: 0,
                        lines_imported: 0,
                        skipped_json: "{}",
                        rows_rejected: 0,
                        duplicates: 0,
                        totals_json: "[]",
                        issues_json: "[]",
                        imported_at: &now,
                        imported_by: &actor,
                        mapping_name: None,
                        format_version: None,
                    },
                )
                .await?,
            );
        }

        // Three stages on their own threads: the parser reads the file, the
        // preparer prices, keys and attributes its lines, and this task checks
        // them against the ledger and saves them.
        let (sender, mut read) = tokio::sync::mpsc::channel::<LineChunk>(2);
        let (ready, mut chunks) = tokio::sync::mpsc::channel::<PreparedChunk>(2);
        let reading = progress.clone();
        let parser = FileParser::new(context)
            .with_progress(Arc::new(move |rows| {
                reading(ImportProgress {
                    stage: ImportStage::Reading,
                    done: rows,
                    total: None,
                })
            }))
            .with_sink(sender);
        let owned_path = path.to_path_buf();
        let parsing = tokio::task::spawn_blocking(move || read_file(&owned_path, parser));
        let preparing = tokio::task::spawn_blocking(move || {
            while let Some(chunk) = read.blocking_recv() {
                if ready.blocking_send(preparer.prepare(chunk)).is_err() {
                    break; // the import stopped
                }
            }
            preparer
        });
        // Cancelling drops the receiver and the open transaction: the
        // parser's next send fails and it stops; nothing is committed.
        let task = format!("The import of '{file}'");
        while let Some(chunk) = chunks.recv().await {
            cancel.check(&task)?;
            saver.take(&mut tx, chunk, &mut summary).await?;
        }
        cancel.check(&task)?;
        let (mut parsed, encoding, pages) = parsing
            .await
            .map_err(|e| Error::internal("reading the file failed").with_detail(e.to_string()))?
            .map_err(|e| e.context(&place))?;
        let mut preparer = preparing.await.map_err(|e| {
            Error::internal("preparing the lines failed").with_detail(e.to_string())
        })?;
        if let Some(format) = parsed.format {
            let last = LineChunk {
                format,
                source: parsed.source(),
                lines: std::mem::take(&mut parsed.lines),
            };
            saver
                .take(&mut tx, preparer.prepare(last), &mut summary)
                .await?;
        }
        if let Some(pages) = pages.filter(|p| p.has_more) {
            parsed.note(ImportIssue {
                severity: IssueSeverity::Warning,
                sheet: file.clone(),
                row: None,
                column: None,
                value: None,
                message: format!(
                    "{place} holds {} page(s) and the last one says more follow; import the \
                     next pages too (the same days are not counted twice)",
                    pages.pages
                ),
            });
        }
        let Some(format) = parsed.format else {
            return Err(match (mapping_forced, forced) {
                (Some(name), _) => Error::invalid(format!(
                    "{place}: no header row with the columns of mapping '{name}' was found in the first rows"
                )),
                (None, Some(f)) => Error::invalid(format!(
                    "{place}: no header row of {} was found in the first rows",
                    f.label()
                )),
                (None, None) => Error::new(
                    Code::UnrecognisedLayout,
                    format!(
                        "{place}: Runrate does not recognise this layout. It reads OpenAI, Claude \
                         Console, FOCUS and LiteLLM exports and showback tables with a month, \
                         department or service code, and an amount column; map this file's \
                         columns once and Runrate will remember the layout"
                    ),
                ),
            });
        };
        let source_kind = parsed.source();
        summary.format = format.id().to_string();
        summary.mapping = parsed.mapping.clone();
        summary.format_version = parsed.format_version.clone();
        summary.source_kind = source_kind.id().to_string();
        summary.sheets = parsed.sheets.clone();
        summary.sheets_skipped = parsed.sheets_skipped.clone();
        summary.rows_read = parsed.rows_read;
        // Duplicates were counted as the chunks were saved; add the parser's reasons.
        for (reason, n) in &parsed.skipped {
            *summary.rows_skipped.entry(reason.clone()).or_default() += n;
        }
        summary.rows_rejected += parsed.rejected();
        let mut issues = std::mem::take(&mut parsed.issues);
        issues.append(&mut summary.issues);
        summary.issues = issues;
        for (model, (count, reason)) in &preparer.unpriced_models {
            summary.issues.push(ImportIssue {
                severity: IssueSeverity::Warning,
                sheet: file.clone(),
                row: None,
                column: None,
                value: Some(model.clone()),
                message: format!(
                    "{count} usage line(s) for '{model}' are imported without an amount: {reason}; \
                     add the price (runrate prices set, or Settings → Prices) and they are priced"
                ),
            });
        }
        let not_listed = parsed.issues_not_listed;
        if not_listed > 0 {
            summary.issues.push(ImportIssue {
                severity: IssueSeverity::Info,
                sheet: file.clone(),
                row: None,
                column: None,
                value: None,
                message: format!(
                    "{not_listed} more problem(s) are counted above but not listed; fix the ones \
                     listed and preview the file again"
                ),
            });
        }
        summary.lines_imported = saver.saved;
        summary.totals = std::mem::take(&mut saver.totals)
            .into_iter()
            .map(|(currency, amount)| CurrencyTotal {
                currency,
                amount: amount.normalize(),
            })
            .collect();
        summary.issues.sort_by_key(|i| match i.severity {
            IssueSeverity::Error => 0,
            IssueSeverity::Warning => 1,
            IssueSeverity::Info => 2,
        });

        let accounted = summary.lines_imported
            + summary.rows_skipped.values().sum::<u64>()
            + summary.rows_rejected;
        if accounted != summary.rows_read {
            return Err(Error::internal(format!(
                "{place}: {} rows were read but {accounted} are accounted for",
                summary.rows_read
            )));
        }

        let blocked = summary.rows_rejected > 0 && !options.keep_valid_rows;
        let Some(batch_id) = saver
            .batch_id
            .filter(|_| !blocked && summary.lines_imported > 0)
        else {
            tx.rollback().await?;
            return Ok(summary);
        };
        store::imports::complete_batch(
            &mut tx,
            batch_id,
            &store::imports::NewBatch {
                file_name: &file,
                file_size: i64::try_from(size).unwrap_or(i64::MAX),
                sha256: &sha256,
                format: format.id(),
                source_kind,
                encoding,
                sheets_json: &serde_json::to_string(&parsed.sheets)?,
                rows_read: summary.rows_read as i64,
                lines_imported: summary.lines_imported as i64,
                skipped_json: &serde_json::to_string(&summary.rows_skipped)?,
                rows_rejected: summary.rows_rejected as i64,
                duplicates: summary.duplicates as i64,
                totals_json: &serde_json::to_string(&summary.totals)?,
                issues_json: &serde_json::to_string(&summary.issues)?,
                imported_at: &now,
                imported_by: &actor,
                mapping_name: summary.mapping.as_deref(),
                format_version: summary.format_version.as_deref(),
            },
        )
        .await?;
        progress(ImportProgress {
            stage: ImportStage::Saving,
            done: summary.lines_imported,
            total: Some(summary.lines_imported),
        });
        summary.import_id = Some(batch_id);
        summary.committed = true;
        let recorded = serde_json::json!({
            "file": summary.file, "sha256": summary.sha256, "format": summary.format,
            "rows_read": summary.rows_read, "lines_imported": summary.lines_imported,
            "rows_rejected": summary.rows_rejected, "duplicates": summary.duplicates,
            "replaced": summary.replaced, "totals": summary.totals,
        });
        self.record(
            &mut tx,
            "import.commit",
            &format!("import:{batch_id}"),
            None::<&()>,
            Some(&recorded),
        )
        .await?;
        cancel.check(&task)?;
        tx.commit().await?;
        Ok(summary)
    }

    /// Every import, newest first.
    pub async fn list_imports(&self) -> Result<Vec<ImportRecord>> {
        let mut conn = self.store.reader().await?;
        store::imports::list_batches(&mut conn)
            .await?
            .into_iter()
            .map(record)
            .collect()
    }

    /// One import.
    pub async fn import_record(&self, id: i64) -> Result<ImportRecord> {
        let mut conn = self.store.reader().await?;
        let row = store::imports::batch(&mut conn, id)
            .await?
            .ok_or_else(|| Error::not_found(format!("There is no import #{id}")))?;
        record(row)
    }

    /// Withdraws an import's lines. The batch and its lines stay for the
    /// audit trail; the same file can then be imported again.
    pub async fn undo_import(&self, id: i64) -> Result<ImportRecord> {
        self.automatic_backup("before-undo").await?;
        let mut tx = self.store.begin().await?;
        let row = store::imports::batch(&mut tx, id)
            .await?
            .ok_or_else(|| Error::not_found(format!("There is no import #{id}")))?;
        if let Some(at) = &row.undone_at {
            return Err(Error::conflict(format!(
                "Import #{id} was already undone at {at}"
            )));
        }
        if let Some((count, department, month)) = store::packs::frozen_in_batch(&mut tx, id).await?
        {
            return Err(Error::conflict(format!(
                "Import #{id} holds {count} line(s) of {department}'s {month}, which a signed approval covers; reopen that approval first, then sign a superseding pack"
            )));
        }
        let before = record(row)?;
        let actor = self.actor(&mut tx).await?;
        let now = self.now();
        let (withdrawn, restored) = store::imports::undo_batch(&mut tx, id, &now, &actor).await?;
        let after = record(
            store::imports::batch(&mut tx, id)
                .await?
                .ok_or_else(|| Error::internal("the undone import vanished"))?,
        )?;
        let note = serde_json::json!({
            "undone_at": now, "lines_withdrawn": withdrawn, "lines_restored": restored,
        });
        self.record(
            &mut tx,
            "import.undo",
            &format!("import:{id}"),
            Some(&before.file),
            Some(&note),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }
}

fn record(row: store::imports::BatchRow) -> Result<ImportRecord> {
    Ok(ImportRecord {
        import_id: row.id,
        file: row.file_name,
        size: row.file_size,
        sha256: row.sha256,
        format: row.format,
        format_version: row.format_version,
        mapping: row.mapping_name,
        encoding: row.encoding,
        sheets: serde_json::from_str(&row.sheets_json)?,
        source_kind: row.source_kind,
        rows_read: row.rows_read,
        lines_imported: row.lines_imported,
        rows_skipped: serde_json::from_str(&row.skipped_json)?,
        rows_rejected: row.rows_rejected,
        duplicates: row.duplicates,
        totals: serde_json::from_str(&row.totals_json)?,
        issues: serde_json::from_str(&row.issues_json)?,
        imported_at: row.imported_at,
        imported_by: row.imported_by,
        undone_at: row.undone_at,
    })
}
