//! Checking a pack: read from memory, never extracted. Entry names are
//! validated (no `..`, no absolute paths, no duplicates), sizes are bounded,
//! the set of files must equal what `SHA256SUMS` lists, every hash must match,
//! both signatures must verify strictly with the signer's key, the manifest
//! must name that key, `ledger.csv` must add up to the manifest's totals, and
//! the key must be trusted by what the reader supplies: an `allowed_signers`
//! file, a public key, or keys the reader already holds.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{LEDGER, MANIFEST, PackManifest, PackTotals, SIG_RAW, SIG_SSH, SUMS, SUMS_HEADER};
use crate::signing::{NAMESPACE, PublicKey};

/// The largest pack read.
pub const MAX_PACK_BYTES: u64 = 1 << 30;
/// The largest single file inside a pack.
pub const MAX_ENTRY_BYTES: u64 = 512 << 20;
/// The most files a pack may hold.
pub const MAX_ENTRIES: usize = 10_000;

/// What the reader trusts.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// The text of an `allowed_signers` file.
    pub allowed_signers: Option<String>,
    /// A public key (OpenSSH line, PEM, or `allowed_signers` line).
    pub trusted_key: Option<String>,
    /// Fingerprints of keys the reader already holds (the app's own keys).
    pub known_fingerprints: Vec<String>,
}

/// One file of a pack, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CheckedFile {
    /// Its name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Whether its hash matched `SHA256SUMS` (signature files: whether they verified).
    pub ok: bool,
}

/// A chart carried in a valid pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackChart {
    /// The file's name.
    pub name: String,
    /// The SVG.
    pub svg: String,
}

/// The outcome of checking a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackVerification {
    /// Files, hashes, signatures and totals all check out.
    pub valid: bool,
    /// …and the key is trusted.
    pub trusted: bool,
    /// One sentence: what the reader should conclude.
    pub verdict: String,
    /// Every problem found.
    pub problems: Vec<String>,
    /// The signer's key fingerprint, when it could be read.
    pub signer_fingerprint: Option<String>,
    /// How trust was established.
    pub trusted_by: Option<String>,
    /// The manifest, when the pack is valid.
    pub manifest: Option<PackManifest>,
    /// The files found.
    pub files: Vec<CheckedFile>,
    /// The SVG charts, when the pack is valid.
    pub charts: Vec<PackChart>,
}

/// Whether a zip entry name is safe and plain: relative, `/`-separated, no
/// `.` or `..` parts, no backslashes, drive letters or control characters.
pub fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains(':')
        && !name.chars().any(char::is_control)
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

struct Reading {
    files: BTreeMap<String, Vec<u8>>,
    problems: Vec<String>,
}

fn read_zip(bytes: &[u8]) -> Reading {
    let mut out = Reading {
        files: BTreeMap::new(),
        problems: Vec::new(),
    };
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            out.problems
                .push(format!("the file is not a readable zip ({e})"));
            return out;
        }
    };
    if archive.len() > MAX_ENTRIES {
        out.problems.push(format!(
            "the zip holds {} entries; a pack holds at most {MAX_ENTRIES}",
            archive.len()
        ));
        return out;
    }
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                out.problems
                    .push(format!("zip entry {} cannot be read ({e})", i + 1));
                continue;
            }
        };
        let name = match std::str::from_utf8(entry.name_raw()) {
            Ok(n) => n.to_string(),
            Err(_) => {
                out.problems
                    .push(format!("zip entry {} has a name that is not UTF-8", i + 1));
                continue;
            }
        };
        if entry.is_dir() || !safe_name(&name) {
            out.problems.push(format!(
                "zip entry '{}' has an unsafe or unexpected name",
                name.escape_debug()
            ));
            continue;
        }
        if out.files.contains_key(&name) {
            out.problems.push(format!("the zip holds '{name}' twice"));
            continue;
        }
        if entry.size() > MAX_ENTRY_BYTES {
            out.problems
                .push(format!("'{name}' is larger than a pack file may be"));
            continue;
        }
        let mut data = Vec::with_capacity(entry.size() as usize);
        match (&mut entry)
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut data)
        {
            Ok(_) if data.len() as u64 > MAX_ENTRY_BYTES => {
                out.problems
                    .push(format!("'{name}' is larger than a pack file may be"));
            }
            Ok(_) => {
                out.files.insert(name, data);
            }
            Err(e) => out
                .problems
                .push(format!("'{name}' cannot be read from the zip ({e})")),
        }
    }
    out
}

/// Reads `SHA256SUMS`: the header line, then `<hex>  <name>` lines, sorted,
/// unique and safe.
fn parse_sums(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| "SHA256SUMS is not UTF-8 text".to_string())?;
    let mut lines = text.split_inclusive('\n');
    if lines.next() != Some(&format!("{SUMS_HEADER}\n")) {
        return Err("SHA256SUMS does not start with the pack format's header line".into());
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for (n, line) in lines.enumerate() {
        let Some(line) = line.strip_suffix('\n') else {
            return Err("SHA256SUMS does not end with a line break".into());
        };
        let (hash, name) = line
            .split_once("  ")
            .ok_or_else(|| format!("SHA256SUMS line {} is not '<hash>  <name>'", n + 2))?;
        if hash.len() != 64
            || !hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(format!("SHA256SUMS line {} has no SHA-256 hash", n + 2));
        }
        if !safe_name(name) || [SUMS, SIG_SSH, SIG_RAW].contains(&name) {
            return Err(format!(
                "SHA256SUMS line {} names an unexpected file",
                n + 2
            ));
        }
        if out.last().is_some_and(|(_, prev)| prev.as_str() >= name) {
            return Err("SHA256SUMS is not sorted by name, or lists a file twice".into());
        }
        out.push((hash.to_string(), name.to_string()));
    }
    Ok(out)
}

fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[u8], t: &[u8]) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], t) || (!t.is_empty() && go(p, &t[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &t[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &t[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), text.as_bytes())
}

fn any_pattern(list: &str, text: &str) -> bool {
    list.split(',').any(|p| glob(p.trim(), text))
}

/// Splits an `allowed_signers` line into words, keeping quoted text together.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// `YYYYMMDD[HHMM[SS]][Z]` as a comparable `YYYYMMDDHHMMSS`.
fn stamp(text: &str) -> Option<String> {
    let t = text.trim_matches('"').trim_end_matches(['Z', 'z']);
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match t.len() {
        8 => Some(format!("{t}000000")),
        12 => Some(format!("{t}00")),
        14 => Some(t.to_string()),
        _ => None,
    }
}

/// Whether an `allowed_signers` file trusts `key` for `principal` at `created`
/// (RFC 3339); `Err` says why a line naming the key did not.
fn allowed_by(
    text: &str,
    key: &PublicKey,
    principal: &str,
    created: &str,
) -> Result<String, String> {
    let created = created
        .get(..19)
        .map(|c| c.replace(['-', ':', 'T'], ""))
        .unwrap_or_default();
    let mut why = "the allowed_signers file does not list the signer's key".to_string();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let w = words(line);
        let Some(at) = w.iter().position(|x| x == "ssh-ed25519") else {
            continue;
        };
        let Ok(listed) = PublicKey::parse(&w[at..].join(" ")) else {
            continue;
        };
        if listed != *key || at == 0 {
            continue;
        }
        if !any_pattern(&w[0], principal) {
            why = format!(
                "allowed_signers line {} lists the key for '{}', not for '{principal}'",
                n + 1,
                w[0]
            );
            continue;
        }
        let options = w[1..at].join(",");
        let mut ok = true;
        for option in options.split(',').filter(|o| !o.is_empty()) {
            let (name, value) = option.split_once('=').unwrap_or((option, ""));
            let value = value.trim_matches('"');
            match name.to_lowercase().as_str() {
                "namespaces" if !any_pattern(value, NAMESPACE) => {
                    why = format!(
                        "allowed_signers line {} does not allow the '{NAMESPACE}' namespace",
                        n + 1
                    );
                    ok = false;
                }
                "valid-after" if stamp(value).is_none_or(|v| created < v) => {
                    why = format!(
                        "allowed_signers line {}: the key was not yet valid when the pack was signed",
                        n + 1
                    );
                    ok = false;
                }
                "valid-before" if stamp(value).is_none_or(|v| created >= v) => {
                    why = format!(
                        "allowed_signers line {}: the key had expired when the pack was signed",
                        n + 1
                    );
                    ok = false;
                }
                _ => {}
            }
        }
        if ok {
            return Ok(format!("allowed_signers line {} ({})", n + 1, w[0]));
        }
    }
    Err(why)
}

/// Checks a pack held in memory.
pub fn verify_bytes(bytes: &[u8], trust: &Trust) -> PackVerification {
    let reading = read_zip(bytes);
    check(&reading.files, reading.problems, trust)
}

/// Checks a pack's files, already read from its zip.
pub fn verify_files(files: &BTreeMap<String, Vec<u8>>, trust: &Trust) -> PackVerification {
    check(files, Vec::new(), trust)
}

fn check(
    files: &BTreeMap<String, Vec<u8>>,
    mut problems: Vec<String>,
    trust: &Trust,
) -> PackVerification {
    let mut checked: BTreeMap<String, bool> = files.keys().map(|n| (n.clone(), false)).collect();

    let listed = match files.get(SUMS) {
        None => {
            problems.push("the pack has no SHA256SUMS".into());
            Vec::new()
        }
        Some(b) => parse_sums(b).unwrap_or_else(|e| {
            problems.push(e);
            Vec::new()
        }),
    };
    // The file set must equal what SHA256SUMS lists.
    let listed_names: BTreeSet<&str> = listed.iter().map(|(_, n)| n.as_str()).collect();
    for name in files.keys() {
        if ![SUMS, SIG_SSH, SIG_RAW].contains(&name.as_str())
            && !listed_names.contains(name.as_str())
        {
            problems.push(format!(
                "'{name}' is in the pack but not in SHA256SUMS (added)"
            ));
        }
    }
    for (hash, name) in &listed {
        match files.get(name) {
            None => problems.push(format!(
                "'{name}' is listed in SHA256SUMS but missing (removed or renamed)"
            )),
            Some(b) if hex::encode(Sha256::digest(b)) != *hash => {
                problems.push(format!("'{name}' does not match its SHA-256 (changed)"))
            }
            Some(_) => {
                checked.insert(name.clone(), true);
            }
        }
    }

    // The signer's key, and the manifest naming it.
    let key = files
        .get("signer.pub")
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(|t| PublicKey::parse(t).ok());
    if key.is_none() {
        problems.push("signer.pub is missing or is not an Ed25519 public key".into());
    }
    let fingerprint = key.map(|k| k.fingerprint());
    for other in ["signer.pem", "allowed_signers"] {
        let same = files
            .get(other)
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|t| PublicKey::parse(t).ok());
        if key.is_some() && same != key {
            problems.push(format!("{other} does not hold the same key as signer.pub"));
        }
    }
    let manifest: Option<PackManifest> = match files.get(MANIFEST) {
        None => {
            problems.push("the pack has no pack.json".into());
            None
        }
        Some(b) => serde_json::from_slice(b)
            .map_err(|e| problems.push(format!("pack.json cannot be read ({e})")))
            .ok(),
    };
    if let Some(m) = &manifest {
        if m.format != super::FORMAT {
            problems.push(format!(
                "pack.json is format '{}', not '{}'",
                m.format,
                super::FORMAT
            ));
        }
        if Some(&m.signer.fingerprint) != fingerprint.as_ref() {
            problems.push("pack.json names a different signing key than signer.pub".into());
        }
    }

    // Signatures over the exact bytes of SHA256SUMS.
    if let (Some(key), Some(sums)) = (key, files.get(SUMS)) {
        match files.get(SIG_SSH) {
            None => problems.push(format!("the pack has no {SIG_SSH}")),
            Some(sig) => match key.verify_ssh(sums, sig) {
                Ok(()) => {
                    checked.insert(SIG_SSH.into(), true);
                }
                Err(e) => problems.push(format!("{SIG_SSH}: {}", e.0)),
            },
        }
        match files.get(SIG_RAW) {
            None => problems.push(format!("the pack has no {SIG_RAW}")),
            Some(sig) => match key.verify_raw(sums, sig) {
                Ok(()) => {
                    checked.insert(SIG_RAW.into(), true);
                }
                Err(e) => problems.push(format!("{SIG_RAW}: {}", e.0)),
            },
        }
        if checked.contains_key(SUMS)
            && checked.get(SIG_SSH) == Some(&true)
            && checked.get(SIG_RAW) == Some(&true)
        {
            checked.insert(SUMS.into(), true);
        }
    }

    // The ledger adds up to the manifest's totals.
    if let (Some(m), Some(ledger)) = (&manifest, files.get(LEDGER)) {
        match PackTotals::of_csv(ledger) {
            Err(e) => problems.push(e),
            Ok(t) if t != m.totals => {
                problems.push("the totals in pack.json do not equal the sums of ledger.csv".into())
            }
            Ok(_) => {}
        }
        let rounded = crate::money::RoundingRule::parse(&m.rounding_rule)
            .zip(crate::money::Currency::parse(&m.currency).ok())
            .map(|(rule, currency)| super::Headline::of(m.kind, &m.totals, rule, currency));
        if rounded.as_ref() != Some(&m.headline) {
            problems.push("pack.json's headline figure does not follow from its totals".into());
        }
    } else if manifest.is_some() {
        problems.push("the pack has no ledger.csv".into());
    }

    let valid = problems.is_empty();
    let mut trusted_by = None;
    if valid && let (Some(key), Some(m)) = (key, &manifest) {
        let fp = key.fingerprint();
        if let Some(text) = &trust.trusted_key {
            match PublicKey::parse(text) {
                Ok(k) if k == key => trusted_by = Some("the trusted key given".to_string()),
                Ok(_) => {}
                Err(_) => {
                    problems.push("the trusted key given is not an Ed25519 public key".into())
                }
            }
        }
        if trusted_by.is_none()
            && let Some(text) = &trust.allowed_signers
        {
            match allowed_by(text, &key, &m.signer.principal, &m.created_at) {
                Ok(how) => trusted_by = Some(how),
                Err(why) => problems.push(why),
            }
        }
        if trusted_by.is_none() && trust.known_fingerprints.contains(&fp) {
            trusted_by = Some("a key this Runrate holds".to_string());
        }
    }
    let trusted = valid && trusted_by.is_some();
    let verdict = if trusted {
        format!(
            "Valid: signed by {} with key {}, trusted through {}",
            manifest
                .as_ref()
                .map(|m| m.signer.name.as_str())
                .unwrap_or(""),
            fingerprint.as_deref().unwrap_or(""),
            trusted_by.as_deref().unwrap_or("")
        )
    } else if valid {
        format!(
            "Valid signature by an untrusted key {}: check the fingerprint with the signer before relying on it",
            fingerprint.as_deref().unwrap_or("")
        )
    } else {
        format!(
            "Invalid: {}",
            problems
                .first()
                .map(String::as_str)
                .unwrap_or("the pack cannot be read")
        )
    };
    let charts = if valid {
        files
            .iter()
            .filter(|(n, _)| n.starts_with("charts/") && n.ends_with(".svg"))
            .filter_map(|(n, b)| {
                Some(PackChart {
                    name: n.clone(),
                    svg: String::from_utf8(b.clone()).ok()?,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    PackVerification {
        valid,
        trusted,
        verdict,
        problems,
        signer_fingerprint: fingerprint,
        trusted_by,
        manifest: if valid { manifest } else { None },
        files: files
            .iter()
            .map(|(n, b)| CheckedFile {
                name: n.clone(),
                size: b.len() as u64,
                ok: checked.get(n).copied().unwrap_or(false),
            })
            .collect(),
        charts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_names_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "C:\\x",
            "a\\b",
            "./a",
            "a/",
            "x\u{0}",
        ] {
            assert!(!safe_name(bad), "{bad:?}");
        }
        for good in ["ledger.csv", "charts/forecast.svg", "SHA256SUMS"] {
            assert!(safe_name(good), "{good}");
        }
    }

    #[test]
    fn allowed_signers_lines_bind_principal_namespace_and_window() {
        let key = crate::signing::SigningKey::from_seed(&[5; 32]).public();
        let line = key.allowed_signers_line("priya@finance");
        let at = "2026-11-03T10:00:00Z";
        assert!(allowed_by(&line, &key, "priya@finance", at).is_ok());
        assert!(allowed_by(&line, &key, "someone", at).is_err());
        let ssh = key.openssh("");
        assert!(allowed_by(&format!("*@finance {ssh}"), &key, "priya@finance", at).is_ok());
        assert!(
            allowed_by(
                &format!("priya@finance namespaces=\"git\" {ssh}"),
                &key,
                "priya@finance",
                at
            )
            .is_err()
        );
        assert!(
            allowed_by(
                &format!("priya@finance valid-before=\"20261101\" {ssh}"),
                &key,
                "priya@finance",
                at
            )
            .is_err()
        );
        assert!(
            allowed_by(
                &format!(
                    "priya@finance valid-after=\"20261101\",namespaces=\"runrate-pack\" {ssh}"
                ),
                &key,
                "priya@finance",
                at
            )
            .is_ok()
        );
        let other = crate::signing::SigningKey::from_seed(&[6; 32]).public();
        assert!(allowed_by(&line, &other, "priya@finance", at).is_err());
    }
}
