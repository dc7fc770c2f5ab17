//! Rendering a pack's files, signing them, and zipping them reproducibly.

use std::io::Write;

use chrono::{DateTime, Datelike, Timelike, Utc};
use sha2::{Digest, Sha256};

use super::{LEDGER, MANIFEST, PackContent, SIG_RAW, SIG_SSH, SUMS, SUMS_HEADER};
use crate::error::{Error, Result};
use crate::signing::{NAMESPACE, SigningKey};

/// One file of a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackFile {
    /// Its name inside the zip.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

fn file(name: &str, bytes: Vec<u8>) -> PackFile {
    PackFile {
        name: name.to_string(),
        bytes,
    }
}

/// The `SHA256SUMS` text for files (sorted by name, LF line ends).
pub fn sums(files: &[PackFile]) -> String {
    let mut names: Vec<&PackFile> = files.iter().collect();
    names.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = format!("{SUMS_HEADER}\n");
    for f in names {
        out.push_str(&format!(
            "{}  {}\n",
            hex::encode(Sha256::digest(&f.bytes)),
            f.name
        ));
    }
    out
}

/// Every file of the pack, signed, sorted by name. `ledger_csv` is
/// [`super::ledger::write_csv`] of the content's rows, written once by the caller
/// (which also hashes it for the pack's identity). `progress` hears the
/// fraction done.
pub fn render(
    content: &PackContent,
    ledger_csv: Vec<u8>,
    key: &SigningKey,
    progress: &dyn Fn(f32, &str),
) -> Result<Vec<PackFile>> {
    let manifest = &content.manifest;
    let public = key.public();
    if public.fingerprint() != manifest.signer.fingerprint {
        return Err(Error::internal(
            "The pack names a different key than the one signing it",
        ));
    }
    let mut files = Vec::new();
    files.push(file(LEDGER, ledger_csv));
    let mut json = serde_json::to_vec_pretty(manifest)?;
    json.push(b'\n');
    files.push(file(MANIFEST, json));
    progress(0.3, "Drawing the charts");
    if let Some(forecast) = &content.forecast {
        files.push(file(
            "charts/forecast.svg",
            crate::chart::forecast_chart(forecast, content.rounding)?.into_bytes(),
        ));
        files.push(file(
            "charts/forecast.png",
            crate::chart::forecast_chart_png(forecast, content.rounding)?,
        ));
    }
    if !content.reconciliation.rows.is_empty() {
        files.push(file(
            "charts/reconciliation.svg",
            content.reconciliation.chart_svg.clone().into_bytes(),
        ));
        files.push(file(
            "charts/reconciliation.png",
            crate::chart::reconciliation_chart_png(&content.reconciliation)?,
        ));
    }
    for report in &content.value {
        let id = report.hypothesis.id;
        files.push(file(
            &format!("charts/value-{id}.svg"),
            crate::chart::value_chart(report, content.rounding)?.into_bytes(),
        ));
        files.push(file(
            &format!("charts/value-{id}.png"),
            crate::chart::value_chart_png(report, content.rounding)?,
        ));
    }
    progress(0.5, "Writing the workbook");
    files.push(file("pack.xlsx", super::workbook::write(content)?));
    let principal = &manifest.signer.principal;
    files.push(file(
        "signer.pub",
        format!("{}\n", public.openssh(principal)).into_bytes(),
    ));
    files.push(file("signer.pem", public.pem().into_bytes()));
    files.push(file(
        "allowed_signers",
        public.allowed_signers_line(principal).into_bytes(),
    ));
    files.push(file("VERIFY.txt", verify_text(manifest).into_bytes()));
    progress(0.8, "Signing");
    let sums = sums(&files);
    files.push(file(SIG_SSH, key.sign_ssh(sums.as_bytes())?.into_bytes()));
    files.push(file(SIG_RAW, key.sign_raw(sums.as_bytes()).to_vec()));
    files.push(file(SUMS, sums.into_bytes()));
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// The pack's files as one zip in memory; see [`zip_into`].
pub fn zip_files(files: &[PackFile], created: DateTime<Utc>) -> Result<Vec<u8>> {
    Ok(zip_into(files, created, std::io::Cursor::new(Vec::new()))?.into_inner())
}

/// The pack's files as one zip written to `out`: entries in name order,
/// deflated, each dated with the pack's creation time and mode 0644, so equal
/// inputs give equal bytes.
pub fn zip_into<W: Write + std::io::Seek>(
    files: &[PackFile],
    created: DateTime<Utc>,
    out: W,
) -> Result<W> {
    let fail = |e: zip::result::ZipError| {
        Error::internal("The pack could not be zipped").with_detail(e.to_string())
    };
    let time = zip::DateTime::from_date_and_time(
        created.year().clamp(1980, 2107) as u16,
        created.month() as u8,
        created.day() as u8,
        created.hour() as u8,
        created.minute() as u8,
        created.second() as u8,
    )
    .map_err(|e| {
        Error::internal("The pack's date cannot be written in a zip").with_detail(e.to_string())
    })?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(out);
    let mut sorted: Vec<&PackFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for f in sorted {
        writer.start_file(f.name.as_str(), options).map_err(fail)?;
        writer.write_all(&f.bytes)?;
    }
    writer.finish().map_err(fail)
}

fn verify_text(m: &super::PackManifest) -> String {
    format!(
        "Runrate {kind} pack {id}
Department {dept}, period {period}, sequence {seq} of key {fp}.
Signed by {name} ({role}) at {at}.

How to check this pack without Runrate
======================================

Unzip it into an empty folder and run these commands there.

1. Every file is the one that was signed:

     sha256sum -c SHA256SUMS

   Every line must end in OK. sha256sum does not notice files that were
   added, so also check that the folder holds exactly the listed files:

     diff <(grep -v '^#' SHA256SUMS | cut -c67- | sort) \\
          <(find . -type f ! -name 'SHA256SUMS*' | sed 's|^\\./||' | sort) && echo 'same files'

   (bash; it prints nothing but 'same files' when the sets agree.)

2. The list was signed by the budget owner's key. Use the allowed_signers
   line you registered for {name}, not only the copy inside this pack:

     ssh-keygen -Y verify -f allowed_signers -I {principal} -n {ns} -s {sig_ssh} < SHA256SUMS

   It prints Good \"{ns}\" signature for {principal}. Or, with OpenSSL 3:

     openssl pkeyutl -verify -pubin -inkey signer.pem -rawin -in SHA256SUMS -sigfile {sig_raw}

   It prints Signature Verified Successfully.

3. The key is the one registered with finance:

     ssh-keygen -lf signer.pub

   shows {fp}.

4. ledger.csv holds the figures (exact decimals); pack.json states their
   totals and pack.xlsx presents them rounded ({rule}). `runrate verify
   PACK.zip` runs all of the above and checks the totals too.

A pack that fails any step has been changed since it was signed. Opening
SHA256SUMS in an editor that changes line endings also breaks the signature.
If finance has seen a later sequence number for this key, or this pack's id
is superseded, the later pack stands.
",
        kind = m.kind.as_str(),
        id = m.pack_id,
        dept = m.department,
        period = m.period,
        seq = m.sequence,
        fp = m.signer.fingerprint,
        name = m.signer.name,
        role = m.signer.role,
        at = m.created_at,
        principal = m.signer.principal,
        ns = NAMESPACE,
        sig_ssh = SIG_SSH,
        sig_raw = SIG_RAW,
        rule = m.rounding_rule,
    )
}
