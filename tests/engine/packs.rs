//! Disputes, approvals and signed packs: what a pack holds, that stock tools
//! verify it, that every tampering is caught, and that approvals freeze lines.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{DataType, Reader};
use runrate::api::Engine;
use runrate::api::cancel::Cancel;
use runrate::api::disputes::{ApprovalInput, DisputeInput};
use runrate::api::packs::{PackExported, PackRequest};
use runrate::api::reconcile::ReconcileQuery;
use runrate::api::settings::SettingsPatch;
use runrate::error::Code;
use runrate::keystore::KeyStorePolicy;
use runrate::pack::verify::{Trust, verify_bytes, verify_files};
use runrate::pack::{PackFile, PackManifest, PackTotals, zip_files};
use rust_decimal::dec;

use crate::planning::{engine_at, import, register};

const NOW: &str = "2026-11-22T09:30:00Z";
const PASSPHRASE: &str = "correct horse battery staple";
const DEPARTMENT: &str = "Customer Service";

/// The reconciliation fixtures (October 2026: Customer Service charged £352
/// for cs-case-summary-prod against £320 of provider evidence), with the owner
/// named and the signing key kept in a passphrase-protected file.
async fn engine(dir: &Path) -> Engine {
    let mut engine = engine_at(dir, NOW).await;
    engine.set_key_store_policy(KeyStorePolicy::File);
    register(&engine).await;
    import(&engine, "openai-costs-oct26.csv").await;
    import(&engine, "showback-oct26.csv").await;
    engine
        .update_settings(SettingsPatch {
            owner_name: Some("Priya Shah".into()),
            owner_role: Some("Head of Customer Service".into()),
            ..SettingsPatch::default()
        })
        .await
        .unwrap();
    engine
}

fn request(kind: &str) -> PackRequest {
    PackRequest {
        kind: kind.into(),
        department: DEPARTMENT.into(),
        month: "2026-10".into(),
        passphrase: PASSPHRASE.into(),
    }
}

async fn dispute_variance(engine: &Engine) -> i64 {
    engine
        .add_dispute(DisputeInput {
            department: DEPARTMENT.into(),
            month: "2026-10".into(),
            service_code: "cs-case-summary-prod".into(),
            reason: "price-or-fx-error".into(),
            explanation: "Finance charged £352 for usage the export prices at $400 (£320)".into(),
            ..DisputeInput::default()
        })
        .await
        .unwrap()
        .dispute
        .id
}

async fn export(engine: &Engine, kind: &str, out: &Path) -> PackExported {
    engine
        .export_pack(&request(kind), out, &|_| {}, &Cancel::new())
        .await
        .unwrap()
}

/// A dispute pack of the fixtures, in `dir`.
async fn dispute_pack(engine: &Engine, dir: &Path) -> (PathBuf, PackExported) {
    dispute_variance(engine).await;
    let out = dir.join("dispute.zip");
    let exported = export(engine, "dispute", &out).await;
    (out, exported)
}

fn files_of(zip: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.insert(entry.name().unwrap().to_string(), bytes);
    }
    out
}

fn rezip(files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let list: Vec<PackFile> = files
        .iter()
        .map(|(name, bytes)| PackFile {
            name: name.clone(),
            bytes: bytes.clone(),
        })
        .collect();
    zip_files(&list, chrono::Utc::now()).unwrap()
}

fn manifest(files: &BTreeMap<String, Vec<u8>>) -> PackManifest {
    serde_json::from_slice(&files["pack.json"]).unwrap()
}

async fn trust(engine: &Engine) -> Trust {
    Trust {
        allowed_signers: Some(
            engine
                .signing_key_info()
                .await
                .unwrap()
                .unwrap()
                .allowed_signers,
        ),
        ..Trust::default()
    }
}

#[tokio::test]
async fn a_dispute_pack_holds_the_disputed_lines_their_evidence_and_exact_totals() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path()).await;
    let (path, exported) = dispute_pack(&engine, dir.path()).await;
    let files = files_of(&path);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "SHA256SUMS",
            "SHA256SUMS.ed25519",
            "SHA256SUMS.sig",
            "VERIFY.txt",
            "allowed_signers",
            "charts/forecast.png",
            "charts/forecast.svg",
            "charts/reconciliation.png",
            "charts/reconciliation.svg",
            "ledger.csv",
            "pack.json",
            "pack.xlsx",
            "signer.pem",
            "signer.pub",
        ]
    );
    assert!(files["charts/forecast.png"].starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(files["charts/reconciliation.png"].starts_with(b"\x89PNG\r\n\x1a\n"));
    let recon_chart = String::from_utf8(files["charts/reconciliation.svg"].clone()).unwrap();
    assert!(recon_chart.contains("cs-case-summary-prod"));
    let m = manifest(&files);
    assert_eq!(m.format, "runrate-pack/1");
    assert_eq!((m.sequence, m.supersedes.clone()), (1, None));
    assert_eq!(m.pack_id, exported.pack_id);
    assert_eq!(m.period, "2026-10");
    assert_eq!(m.department, DEPARTMENT);
    assert_eq!(m.created_at, NOW);
    assert_eq!(m.signer.name, "Priya Shah");
    assert_eq!(m.signer.principal, "priya.shah");
    assert_eq!(m.signer.fingerprint, exported.signer_fingerprint);
    // The disputed finance line (£352) and the provider evidence for the code
    // ($400 at 0.80 = £320); the shared £40 line is not part of the dispute.
    assert_eq!(m.headline.amount, dec!(352));
    assert_eq!(m.headline.rounded, dec!(352.00));
    let roles: Vec<(&str, u64, rust_decimal::Decimal)> = m
        .totals
        .by_role
        .iter()
        .map(|r| (r.role.as_str(), r.lines, r.amount_base))
        .collect();
    assert_eq!(roles[0].0, "disputed");
    assert_eq!((roles[0].1, roles[0].2), (1, dec!(352)));
    assert_eq!(roles[1].0, "evidence");
    assert_eq!(roles[1].2, dec!(320));
    assert_eq!(m.disputes.len(), 1);
    assert_eq!(m.disputes[0].requested_adjustment, dec!(-32));
    assert_eq!(m.disputes[0].reason, "price_or_fx_error");

    // ledger.csv, pack.json and pack.xlsx agree to the minor unit.
    assert_eq!(PackTotals::of_csv(&files["ledger.csv"]).unwrap(), m.totals);
    let ledger = String::from_utf8(files["ledger.csv"].clone()).unwrap();
    let imports = engine.list_imports().await.unwrap();
    let showback = imports.iter().find(|i| i.format == "showback").unwrap();
    let disputed_row = ledger
        .lines()
        .find(|l| l.contains(",disputed,"))
        .expect("the disputed line");
    assert!(disputed_row.contains(&showback.sha256), "{disputed_row}");
    assert!(disputed_row.contains(",352,"), "{disputed_row}");
    let mut workbook: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(files["pack.xlsx"].clone())).unwrap();
    let sheets = workbook.sheet_names();
    assert_eq!(
        sheets,
        [
            "Summary",
            "Lines",
            "Disputes",
            "Reconciliation",
            "Forecast",
            "Value",
            "Sources",
            "About"
        ]
    );
    let summary = workbook.worksheet_range("Summary").unwrap();
    let headline = summary
        .rows()
        .find(|r| r.first().is_some_and(|c| c.to_string() == m.headline.label))
        .expect("the headline row");
    assert_eq!(headline[1].get_float(), Some(352.0));
    let lines = workbook.worksheet_range("Lines").unwrap();
    assert_eq!(lines.rows().count() as u64, m.totals.lines + 1);
    let base_sum: f64 = lines.rows().skip(1).filter_map(|r| r[18].get_float()).sum();
    assert_eq!(
        format!("{base_sum:.2}"),
        format!("{:.2}", m.totals.amount_base)
    );

    let v = verify_files(&files, &trust(&engine).await);
    assert!(v.valid && v.trusted, "{:?}", v.problems);
    let disputes = engine.list_disputes(DEPARTMENT, "2026-10").await.unwrap();
    assert_eq!(disputes[0].status.as_str(), "sent");
}

fn tool(program: &str, args: &[&str], dir: &Path, stdin: Option<&Path>) -> (bool, String) {
    let mut command = Command::new(program);
    command.args(args).current_dir(dir);
    if let Some(input) = stdin {
        command.stdin(std::fs::File::open(input).unwrap());
    }
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed for this test: {e}"));
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn extract(files: &BTreeMap<String, Vec<u8>>, dir: &Path) {
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

fn stock_checks(dir: &Path) -> [(bool, String); 3] {
    [
        tool("sha256sum", &["-c", "--strict", "SHA256SUMS"], dir, None),
        tool(
            "ssh-keygen",
            &[
                "-Y",
                "verify",
                "-f",
                "allowed_signers",
                "-I",
                "priya.shah",
                "-n",
                "runrate-pack",
                "-s",
                "SHA256SUMS.sig",
            ],
            dir,
            Some(&dir.join("SHA256SUMS")),
        ),
        tool(
            "openssl",
            &[
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                "signer.pem",
                "-rawin",
                "-in",
                "SHA256SUMS",
                "-sigfile",
                "SHA256SUMS.ed25519",
            ],
            dir,
            None,
        ),
    ]
}

#[tokio::test]
async fn sha256sum_ssh_keygen_and_openssl_accept_the_pack_and_reject_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path()).await;
    let (path, _) = dispute_pack(&engine, dir.path()).await;
    let files = files_of(&path);

    let good = dir.path().join("good");
    extract(&files, &good);
    let [sums, ssh, openssl] = stock_checks(&good);
    assert!(sums.0, "sha256sum: {}", sums.1);
    assert!(
        ssh.0
            && ssh
                .1
                .contains("Good \"runrate-pack\" signature for priya.shah"),
        "ssh-keygen: {}",
        ssh.1
    );
    assert!(
        openssl.0 && openssl.1.contains("Signature Verified Successfully"),
        "openssl: {}",
        openssl.1
    );
    let fingerprint = tool("ssh-keygen", &["-lf", "signer.pub"], &good, None).1;
    assert!(
        fingerprint.contains(&manifest(&files).signer.fingerprint),
        "{fingerprint}"
    );

    // A changed file fails its hash.
    let changed = dir.path().join("changed");
    let mut tampered = files.clone();
    tampered
        .get_mut("ledger.csv")
        .unwrap()
        .extend_from_slice(b"99,finance\n");
    extract(&tampered, &changed);
    assert!(
        !stock_checks(&changed)[0].0,
        "sha256sum must fail on a changed ledger"
    );

    // A changed SHA256SUMS fails both signatures.
    let resummed = dir.path().join("resummed");
    let mut tampered = files.clone();
    let sums = String::from_utf8(tampered["SHA256SUMS"].clone()).unwrap();
    tampered.insert(
        "SHA256SUMS".into(),
        sums.replacen("  ledger.csv", "  ledger.csv ", 1)
            .into_bytes(),
    );
    extract(&tampered, &resummed);
    let [_, ssh, openssl] = stock_checks(&resummed);
    assert!(!ssh.0, "ssh-keygen must fail: {}", ssh.1);
    assert!(!openssl.0, "openssl must fail: {}", openssl.1);

    // Another key fails against the registered allowed_signers line.
    let other = dir.path().join("other");
    let mut tampered = files.clone();
    let stranger = runrate::signing::SigningKey::from_seed(&[9; 32]);
    let sums = tampered["SHA256SUMS"].clone();
    tampered.insert(
        "SHA256SUMS.sig".into(),
        stranger.sign_ssh(&sums).unwrap().into_bytes(),
    );
    tampered.insert(
        "SHA256SUMS.ed25519".into(),
        stranger.sign_raw(&sums).to_vec(),
    );
    extract(&tampered, &other);
    let [_, ssh, openssl] = stock_checks(&other);
    assert!(!ssh.0 && !openssl.0, "a stranger's signature must fail");
}

#[tokio::test]
async fn every_flipped_bit_of_every_file_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path()).await;
    let (path, _) = dispute_pack(&engine, dir.path()).await;
    let files = files_of(&path);
    let trust = trust(&engine).await;
    assert!(verify_files(&files, &trust).valid);
    let mut flips = 0u64;
    let mut undetected = Vec::new();
    for (name, bytes) in &files {
        let mut tampered = files.clone();
        for i in 0..bytes.len() {
            let file = tampered.get_mut(name).unwrap();
            file[i] ^= 0x01;
            let v = verify_files(&tampered, &trust);
            if v.valid || v.trusted {
                undetected.push(format!("{name}[{i}]"));
            }
            tampered.get_mut(name).unwrap()[i] ^= 0x01;
            flips += 1;
        }
    }
    let total: usize = files.values().map(Vec::len).sum();
    assert_eq!(flips as usize, total);
    assert!(undetected.is_empty(), "undetected flips: {undetected:?}");
    eprintln!(
        "{flips} single-bit flips over {} files, all detected",
        files.len()
    );
}

fn cli_verify(pack: &Path, allowed: Option<&Path>) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_runrate"));
    command.arg("verify").arg(pack);
    if let Some(a) = allowed {
        command.arg("--allowed-signers").arg(a);
    }
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn runrate_verify_catches_added_removed_renamed_swapped_rekeyed_and_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path()).await;
    let (path, _) = dispute_pack(&engine, dir.path()).await;
    engine
        .approve(ApprovalInput {
            department: DEPARTMENT.into(),
            month: "2026-10".into(),
            ..ApprovalInput::default()
        })
        .await
        .unwrap();
    let approval = dir.path().join("approval.zip");
    export(&engine, "approval", &approval).await;
    let allowed = dir.path().join("allowed_signers");
    std::fs::write(
        &allowed,
        engine
            .signing_key_info()
            .await
            .unwrap()
            .unwrap()
            .allowed_signers,
    )
    .unwrap();

    assert_eq!(cli_verify(&path, Some(&allowed)).0, 0);
    let (code, text) = cli_verify(&path, None);
    assert_eq!(code, 1);
    assert!(text.contains("untrusted key"), "{text}");
    assert_eq!(cli_verify(&dir.path().join("missing.zip"), None).0, 2);

    let files = files_of(&path);
    let other = files_of(&approval);
    let mut cases: Vec<(&str, BTreeMap<String, Vec<u8>>)> = Vec::new();
    let mut added = files.clone();
    added.insert("extra.txt".into(), b"not signed".to_vec());
    cases.push(("added file", added));
    let mut removed = files.clone();
    removed.remove("ledger.csv");
    cases.push(("removed file", removed));
    let mut renamed = files.clone();
    let ledger = renamed.remove("ledger.csv").unwrap();
    renamed.insert("ledger-final.csv".into(), ledger);
    cases.push(("renamed file", renamed));
    let mut traversal = files.clone();
    traversal.insert("../outside.txt".into(), b"x".to_vec());
    cases.push(("entry outside the pack", traversal));
    let mut swapped = files.clone();
    for name in ["SHA256SUMS", "SHA256SUMS.sig", "SHA256SUMS.ed25519"] {
        swapped.insert(name.into(), other[name].clone());
    }
    cases.push(("swapped SHA256SUMS", swapped));
    let mut truncated = files.clone();
    let sig = truncated["SHA256SUMS.sig"].clone();
    truncated.insert("SHA256SUMS.sig".into(), sig[..sig.len() / 2].to_vec());
    cases.push(("truncated SSH signature", truncated));
    let mut short = files.clone();
    short.get_mut("SHA256SUMS.ed25519").unwrap().pop();
    cases.push(("63-byte Ed25519 signature", short));
    // A pack re-signed end to end by another key is internally consistent, but
    // not by a key finance trusts.
    let stranger = runrate::signing::SigningKey::from_seed(&[9; 32]);
    let mut rekeyed = files.clone();
    let public = stranger.public();
    let mut m = manifest(&files);
    m.signer.fingerprint = public.fingerprint();
    m.signer.public_key = public.openssh("");
    let mut json = serde_json::to_vec_pretty(&m).unwrap();
    json.push(b'\n');
    rekeyed.insert("pack.json".into(), json);
    rekeyed.insert(
        "signer.pub".into(),
        format!("{}\n", public.openssh("priya.shah")).into_bytes(),
    );
    rekeyed.insert("signer.pem".into(), public.pem().into_bytes());
    rekeyed.insert(
        "allowed_signers".into(),
        public.allowed_signers_line("priya.shah").into_bytes(),
    );
    let listed: Vec<PackFile> = rekeyed
        .iter()
        .filter(|(n, _)| !n.starts_with("SHA256SUMS"))
        .map(|(n, b)| PackFile {
            name: n.clone(),
            bytes: b.clone(),
        })
        .collect();
    let sums = runrate::pack::write_sums(&listed);
    rekeyed.insert("SHA256SUMS".into(), sums.clone().into_bytes());
    rekeyed.insert(
        "SHA256SUMS.sig".into(),
        stranger.sign_ssh(sums.as_bytes()).unwrap().into_bytes(),
    );
    rekeyed.insert(
        "SHA256SUMS.ed25519".into(),
        stranger.sign_raw(sums.as_bytes()).to_vec(),
    );
    assert!(
        verify_files(&rekeyed, &Trust::default()).valid,
        "the re-keyed pack is self-consistent"
    );
    cases.push(("re-signed by another key", rekeyed));

    for (what, files) in cases {
        let zip = dir.path().join("case.zip");
        std::fs::write(&zip, rezip(&files)).unwrap();
        let (code, text) = cli_verify(&zip, Some(&allowed));
        assert_eq!(code, 1, "{what} must be refused: {text}");
    }
    // Not a zip at all, and a zip cut short.
    let bytes = std::fs::read(&path).unwrap();
    let cut = dir.path().join("cut.zip");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
    assert_eq!(cli_verify(&cut, Some(&allowed)).0, 1);
    let v = verify_bytes(b"PK\x03\x04 not really", &Trust::default());
    assert!(!v.valid);
}

#[tokio::test]
async fn exporting_unchanged_content_again_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path()).await;
    let (first, exported) = dispute_pack(&engine, dir.path()).await;
    assert!(!exported.unchanged);
    let second = dir.path().join("again.zip");
    let again = export(&engine, "dispute", &second).await;
    assert!(again.unchanged);
    assert_eq!(again.pack_id, exported.pack_id);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    assert_eq!(engine.list_packs().await.unwrap().len(), 1);

    // The same data and key in another folder (a restored copy) gives the same zip.
    engine.close().await;
    let copy = tempfile::tempdir().unwrap();
    for entry in walk(dir.path()) {
        let relative = entry.strip_prefix(dir.path()).unwrap();
        if relative.extension().is_some_and(|e| e == "zip") {
            continue;
        }
        let target = copy.path().join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    let mut restored = engine_at(copy.path(), NOW).await;
    restored.set_key_store_policy(KeyStorePolicy::File);
    let third = copy.path().join("restored.zip");
    let r = export(&restored, "dispute", &third).await;
    assert!(r.unchanged);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&third).unwrap()
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn a_signed_approval_freezes_its_lines_until_reopened_and_the_next_pack_supersedes_it() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path()).await;
    let no_approval = engine
        .export_pack(
            &request("approval"),
            &dir.path().join("x.zip"),
            &|_| {},
            &Cancel::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(no_approval.code, Code::Invalid);
    let approval = engine
        .approve(ApprovalInput {
            department: "cust svc".into(),
            month: "Oct-26".into(),
            ..ApprovalInput::default()
        })
        .await
        .unwrap();
    assert_eq!(approval.signer_name, "Priya Shah");
    assert_eq!(approval.status.as_str(), "recorded");
    let first = export(&engine, "approval", &dir.path().join("approval-1.zip")).await;
    let files = files_of(&dir.path().join("approval-1.zip"));
    let m = manifest(&files);
    // The department's finance lines: £352 for the code and its £40 share of the gateway.
    assert_eq!(m.headline.label, "Finance charge approved");
    assert_eq!(m.headline.amount, dec!(392));
    assert_eq!(m.approval.as_ref().unwrap().approved_amount, dec!(392));
    assert!(
        m.approval
            .as_ref()
            .unwrap()
            .statement
            .starts_with("I approve")
    );

    // Frozen: the finance import cannot be undone, and a rule change leaves the lines' codes.
    let showback = engine
        .list_imports()
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.format == "showback")
        .unwrap();
    let refused = engine.undo_import(showback.import_id).await.unwrap_err();
    assert_eq!(refused.code, Code::Conflict);
    assert!(
        refused.message.contains("signed approval"),
        "{}",
        refused.message
    );
    let rule = engine
        .list_rules()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.pattern == "key_cs_summary_01")
        .unwrap();
    engine.remove_rule(rule.id).await.unwrap();
    assert_eq!(provider_side(&engine).await, Some(dec!(320)));
    let again = engine.approve(ApprovalInput {
        department: DEPARTMENT.into(),
        month: "2026-10".into(),
        ..ApprovalInput::default()
    });
    assert_eq!(again.await.unwrap_err().code, Code::Conflict);

    // Reopened: the lines thaw and follow the rules again; the import can go.
    let reopened = engine
        .reopen_approval(DEPARTMENT, "2026-10", "Provider credit note arrived")
        .await
        .unwrap();
    assert_eq!(reopened.status.as_str(), "reopened");
    assert_eq!(provider_side(&engine).await, Some(dec!(0)));
    let refused = engine
        .export_pack(
            &request("approval"),
            &dir.path().join("y.zip"),
            &|_| {},
            &Cancel::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code, Code::Invalid);
    engine.undo_import(showback.import_id).await.unwrap();
    import(&engine, "showback-oct26.csv").await;
    engine
        .approve(ApprovalInput {
            department: DEPARTMENT.into(),
            month: "2026-10".into(),
            statement: "Approved after the credit note.".into(),
            ..ApprovalInput::default()
        })
        .await
        .unwrap();
    let second = export(&engine, "approval", &dir.path().join("approval-2.zip")).await;
    assert_eq!(second.supersedes.as_deref(), Some(first.pack_id.as_str()));
    assert_eq!(second.sequence, first.sequence + 1);
    let packs = engine.list_packs().await.unwrap();
    assert!(
        packs
            .iter()
            .any(|p| p.pack_id == first.pack_id && p.superseded)
    );
    let events = engine.audit_events(None, 100).await.unwrap();
    for action in [
        "approval.record",
        "pack.export",
        "approval.reopen",
        "key.create",
    ] {
        assert!(
            events.iter().any(|e| e.action == action),
            "{action} is audited"
        );
    }
}

#[tokio::test]
async fn disputes_follow_their_life_and_refuse_what_does_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path()).await;
    let lines = engine.month_lines(DEPARTMENT, "2026-10").await.unwrap();
    let shared = lines
        .iter()
        .find(|l| l.service_code.is_none() && l.side.label() == "finance")
        .expect("the shared £40 line");
    let bad = engine
        .add_dispute(DisputeInput {
            department: DEPARTMENT.into(),
            month: "2026-10".into(),
            line_ids: vec![shared.id, 999_999],
            reason: "because".into(),
            explanation: " ".into(),
            ..DisputeInput::default()
        })
        .await
        .unwrap_err();
    assert_eq!(bad.code, Code::Invalid);
    let fields: Vec<&str> = bad.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["reason", "explanation", "line_ids"]);

    let detail = engine
        .add_dispute(DisputeInput {
            department: DEPARTMENT.into(),
            month: "2026-10".into(),
            line_ids: vec![shared.id],
            reason: "shared_cost_share".into(),
            explanation: "Our share of the gateway is 30%, not 37%".into(),
            requested_adjustment: "-7.57".into(),
            split: Some(runrate::api::splits::SplitQuery {
                month: "2026-10".into(),
                basis: "even".into(),
                line_id: shared.id.to_string(),
                ..Default::default()
            }),
            service_code: String::new(),
        })
        .await
        .unwrap();
    assert_eq!(detail.disputed_total, dec!(40));
    assert_eq!(detail.dispute.requested_adjustment, dec!(-7.57));
    assert!(detail.split.is_some());
    let twice = engine
        .add_dispute(DisputeInput {
            department: DEPARTMENT.into(),
            month: "2026-10".into(),
            line_ids: vec![shared.id],
            reason: "duplicate".into(),
            explanation: "again".into(),
            ..DisputeInput::default()
        })
        .await
        .unwrap_err();
    assert_eq!(twice.code, Code::Conflict);
    let id = detail.dispute.id;
    assert_eq!(
        engine
            .set_dispute_status(id, "accepted")
            .await
            .unwrap_err()
            .code,
        Code::Conflict
    );
    assert_eq!(
        engine
            .set_dispute_status(id, "sent")
            .await
            .unwrap_err()
            .code,
        Code::Invalid
    );
    export(&engine, "dispute", &dir.path().join("d.zip")).await;
    assert_eq!(
        engine
            .dispute_detail(id)
            .await
            .unwrap()
            .dispute
            .status
            .as_str(),
        "sent"
    );
    assert_eq!(
        engine
            .set_dispute_status(id, "accepted")
            .await
            .unwrap()
            .status
            .as_str(),
        "accepted"
    );
    assert_eq!(
        engine.withdraw_dispute(id).await.unwrap_err().code,
        Code::Conflict
    );
    // With nothing pending, there is no dispute pack to make.
    let none = engine
        .export_pack(
            &request("dispute"),
            &dir.path().join("e.zip"),
            &|_| {},
            &Cancel::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(none.code, Code::Invalid);
}

#[tokio::test]
async fn the_key_file_needs_its_passphrase_and_rotation_keeps_old_packs_verifiable() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path()).await;
    dispute_variance(&engine).await;
    let mut short = request("dispute");
    short.passphrase = "short".into();
    let refused = engine
        .export_pack(&short, &dir.path().join("x.zip"), &|_| {}, &Cancel::new())
        .await
        .unwrap_err();
    assert_eq!(refused.code, Code::PassphraseRequired);
    assert!(engine.signing_key_info().await.unwrap().is_none());
    let first_path = dir.path().join("first.zip");
    let first = export(&engine, "dispute", &first_path).await;
    let old = engine.signing_key_info().await.unwrap().unwrap();
    let mut wrong = request("dispute");
    wrong.passphrase = "not the right passphrase".into();
    let refused = engine
        .export_pack(&wrong, &dir.path().join("y.zip"), &|_| {}, &Cancel::new())
        .await
        .unwrap_err();
    assert_eq!(refused.code, Code::PassphraseRequired);

    let new = engine.rotate_signing_key(PASSPHRASE).await.unwrap();
    assert_ne!(new.fingerprint, old.fingerprint);
    assert_eq!(new.retired.len(), 1);
    assert_eq!(new.retired[0].fingerprint, old.fingerprint);
    let second = export(&engine, "dispute", &dir.path().join("second.zip")).await;
    assert_eq!(second.signer_fingerprint, new.fingerprint);
    assert_eq!(second.sequence, 1, "sequences count per key");
    assert_eq!(second.supersedes.as_deref(), Some(first.pack_id.as_str()));
    // The old pack still verifies against the old key's allowed_signers line,
    // and not against the new one's.
    let old_trust = Trust {
        allowed_signers: Some(old.allowed_signers.clone()),
        ..Trust::default()
    };
    let v = verify_files(&files_of(&first_path), &old_trust);
    assert!(v.valid && v.trusted);
    let new_trust = Trust {
        allowed_signers: Some(new.allowed_signers.clone()),
        ..Trust::default()
    };
    assert!(!verify_files(&files_of(&first_path), &new_trust).trusted);
    let public = dir.path().join("signer.pem");
    engine.export_public_key(&public).await.unwrap();
    assert!(
        std::fs::read_to_string(&public)
            .unwrap()
            .starts_with("-----BEGIN PUBLIC KEY-----")
    );
}

async fn provider_side(engine: &Engine) -> Option<rust_decimal::Decimal> {
    engine
        .reconcile(ReconcileQuery {
            month: "2026-10".into(),
            department: DEPARTMENT.into(),
            ..ReconcileQuery::default()
        })
        .await
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.key == "cs-case-summary-prod")
        .map(|r| r.provider)
}

fn runrate(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_runrate"))
        .args(args)
        .env("RUNRATE_DB", db)
        .env("RUNRATE_CLOCK", NOW)
        .env("RUNRATE_KEY_STORE", "file")
        .env("RUNRATE_KEY_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("run runrate")
}

#[test]
fn the_cli_disputes_a_demo_overcharge_and_signs_a_pack_it_can_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runrate.db");
    for args in [
        vec!["demo"],
        vec!["settings", "set", "owner-name", "Sam Okafor"],
        vec!["settings", "set", "owner-role", "Marketing budget owner"],
        vec![
            "dispute",
            "add",
            "--department",
            "mktg",
            "--month",
            "2026-10",
            "--service-code",
            "mkt-copy-variants-pilot",
            "--reason",
            "price-or-fx-error",
            "--explanation",
            "Finance's line is 6% above the provider export",
        ],
    ] {
        let out = runrate(&db, &args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let pack = dir.path().join("pack.zip");
    let out = runrate(
        &db,
        &[
            "--json",
            "pack",
            "--kind",
            "dispute",
            "--department",
            "Marketing",
            "--month",
            "2026-10",
            "--out",
            pack.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["pack_id", "path", "sha256", "files", "signer_fingerprint"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    let bytes = std::fs::read(&pack).unwrap();
    assert_eq!(
        json["sha256"],
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes))
    );
    let key = runrate(&db, &["--json", "key", "show"]);
    let key: serde_json::Value = serde_json::from_slice(&key.stdout).unwrap();
    assert_eq!(key["fingerprint"], json["signer_fingerprint"]);
    assert_eq!(key["store"], "file");
    let allowed = dir.path().join("allowed_signers");
    std::fs::write(&allowed, key["allowed_signers"].as_str().unwrap()).unwrap();
    let verified = runrate(
        &db,
        &[
            "--json",
            "verify",
            pack.to_str().unwrap(),
            "--allowed-signers",
            allowed.to_str().unwrap(),
        ],
    );
    assert_eq!(
        verified.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&verified.stdout).unwrap();
    assert_eq!(v["manifest"]["headline"]["label"], "Charges disputed");
    let list = runrate(&db, &["--json", "dispute", "list"]);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list[0]["status"], "sent");
}

#[tokio::test]
async fn a_cancelled_pack_export_writes_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path()).await;
    dispute_variance(&engine).await;
    let out = dir.path().join("pack.zip");
    let cancel = Cancel::new();
    let pressed = cancel.clone();
    let stopped = engine
        .export_pack(
            &request("dispute"),
            &out,
            &move |p| {
                if p.fraction > 0.5 {
                    pressed.cancel();
                }
            },
            &cancel,
        )
        .await
        .unwrap_err();
    assert_eq!(stopped.code, Code::Cancelled, "{stopped:?}");
    assert!(!out.exists());
    assert!(engine.list_packs().await.unwrap().is_empty());
    let exported = export(&engine, "dispute", &out).await;
    assert!(out.is_file() && exported.sequence == 1);
}
