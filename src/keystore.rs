//! Where the pack-signing key lives: the operating system's keychain (through
//! the `keyring` crate), or, where no keychain answers, an OpenSSH private key
//! file encrypted with the owner's passphrase, mode 0600, in a 0700 `keys`
//! folder beside the database.
//!
//! `RUNRATE_KEY_STORE=file` (or `keychain`) forces one store; the default tries
//! the keychain and falls back to the file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::signing::SigningKey;

/// The keychain service name the seed is filed under.
const KEYCHAIN_SERVICE: &str = "org.runrate.pack-signing";

/// The shortest passphrase accepted for the key file.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// Which store a key is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeyStoreKind {
    /// The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service).
    Keychain,
    /// A passphrase-encrypted OpenSSH key file.
    File,
}

impl KeyStoreKind {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStoreKind::Keychain => "keychain",
            KeyStoreKind::File => "file",
        }
    }

    /// From its stored name.
    pub fn parse(text: &str) -> Option<KeyStoreKind> {
        match text {
            "keychain" => Some(KeyStoreKind::Keychain),
            "file" => Some(KeyStoreKind::File),
            _ => None,
        }
    }
}

/// Which stores a new key may go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStorePolicy {
    /// The keychain, else the file.
    Auto,
    /// Only the keychain.
    Keychain,
    /// Only the file.
    File,
}

impl KeyStorePolicy {
    /// From `RUNRATE_KEY_STORE` (`auto`, `keychain`, `file`; default `auto`).
    pub fn from_env() -> KeyStorePolicy {
        match std::env::var("RUNRATE_KEY_STORE").as_deref() {
            Ok("file") => KeyStorePolicy::File,
            Ok("keychain") => KeyStorePolicy::Keychain,
            _ => KeyStorePolicy::Auto,
        }
    }
}

/// The keys folder beside a database file.
pub fn keys_dir(database: &Path) -> PathBuf {
    database
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join("keys")
}

/// The file a key kept in a file lives in (`keys/pack-signing-<hash>.key`).
pub fn key_file(dir: &Path, fingerprint: &str) -> PathBuf {
    // A fingerprint's base64 may hold '/' and '+'; the file name uses hex of its hash.
    let digest = <sha2::Sha256 as sha2::Digest>::digest(fingerprint.as_bytes());
    let name = hex::encode(&digest[..8]);
    dir.join(format!("pack-signing-{name}.key"))
}

/// Saves a new key; returns where it went.
pub fn save(
    policy: KeyStorePolicy,
    dir: &Path,
    key: &SigningKey,
    passphrase: Option<&str>,
) -> Result<KeyStoreKind> {
    let fingerprint = key.public().fingerprint();
    if policy != KeyStorePolicy::File {
        match save_keychain(&fingerprint, key) {
            Ok(()) => return Ok(KeyStoreKind::Keychain),
            Err(e) if policy == KeyStorePolicy::Keychain => return Err(e),
            Err(_) => {}
        }
    }
    let Some(passphrase) = passphrase.filter(|p| !p.is_empty()) else {
        return Err(Error::passphrase_required(format!(
            "No keychain is available here, so the signing key will be kept in a file: choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters to protect it"
        )));
    };
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::passphrase_required(format!(
            "The passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters"
        )));
    }
    let text = key.to_encrypted_openssh(passphrase, "runrate pack signing")?;
    write_private(&key_file(dir, &fingerprint), text.as_bytes())?;
    Ok(KeyStoreKind::File)
}

/// Loads a key saved earlier.
pub fn load(
    kind: KeyStoreKind,
    dir: &Path,
    fingerprint: &str,
    passphrase: Option<&str>,
) -> Result<SigningKey> {
    let key = match kind {
        KeyStoreKind::Keychain => load_keychain(fingerprint)?,
        KeyStoreKind::File => {
            let path = key_file(dir, fingerprint);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Error::from(e).context(format!("The signing key file {}", path.display()))
            })?;
            SigningKey::from_openssh(&text, passphrase.filter(|p| !p.is_empty()))?
        }
    };
    if key.public().fingerprint() != fingerprint {
        return Err(Error::invalid(format!(
            "The stored signing key is not the one on record ({fingerprint})"
        )));
    }
    Ok(key)
}

/// Deletes a retired key's private half.
pub fn remove(kind: KeyStoreKind, dir: &Path, fingerprint: &str) -> Result<()> {
    match kind {
        KeyStoreKind::Keychain => keyring::Entry::new(KEYCHAIN_SERVICE, fingerprint)
            .and_then(|e| e.delete_credential())
            .map_err(keychain_error),
        KeyStoreKind::File => match std::fs::remove_file(key_file(dir, fingerprint)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        },
    }
}

fn save_keychain(fingerprint: &str, key: &SigningKey) -> Result<()> {
    let entry = keyring::Entry::new(KEYCHAIN_SERVICE, fingerprint).map_err(keychain_error)?;
    entry.set_secret(key.seed()).map_err(keychain_error)?;
    // Some stores accept a write and forget it (a session keyring); read it back.
    let back = entry.get_secret().map_err(keychain_error)?;
    if back.as_slice() != key.seed() {
        return Err(Error::internal("The keychain did not keep the signing key"));
    }
    Ok(())
}

fn load_keychain(fingerprint: &str) -> Result<SigningKey> {
    let secret = keyring::Entry::new(KEYCHAIN_SERVICE, fingerprint)
        .and_then(|e| e.get_secret())
        .map_err(keychain_error)?;
    let seed = zeroize::Zeroizing::new(secret);
    let bytes: [u8; 32] = seed
        .as_slice()
        .try_into()
        .map_err(|_| Error::internal("The keychain holds a damaged signing key"))?;
    Ok(SigningKey::from_seed(&bytes))
}

fn keychain_error(e: keyring::Error) -> Error {
    Error::new(
        crate::error::Code::Io,
        "The operating system's keychain could not be used",
    )
    .with_detail(e.to_string())
}

/// Writes a private file atomically: a 0600 temporary file in a 0700 folder,
/// synced, then renamed over the target.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .ok_or_else(|| Error::internal("The key file has no folder"))?;
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let temp = path.with_extension("key.partial");
    let _ = std::fs::remove_file(&temp);
    let mut file = options.open(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temp, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_store_keeps_the_key_private_and_locked() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let key = SigningKey::from_seed(&[3; 32]);
        let fp = key.public().fingerprint();
        let short = save(KeyStorePolicy::File, &keys, &key, Some("short"))
            .err()
            .unwrap();
        assert_eq!(short.code, crate::error::Code::PassphraseRequired);
        let none = save(KeyStorePolicy::File, &keys, &key, None).err().unwrap();
        assert_eq!(none.code, crate::error::Code::PassphraseRequired);
        let kind = save(KeyStorePolicy::File, &keys, &key, Some("a long passphrase")).unwrap();
        assert_eq!(kind, KeyStoreKind::File);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = std::fs::metadata(key_file(&keys, &fp)).unwrap();
            assert_eq!(file.permissions().mode() & 0o777, 0o600);
            let folder = std::fs::metadata(&keys).unwrap();
            assert_eq!(folder.permissions().mode() & 0o777, 0o700);
        }
        let back = load(KeyStoreKind::File, &keys, &fp, Some("a long passphrase")).unwrap();
        assert_eq!(back.public(), key.public());
        assert!(load(KeyStoreKind::File, &keys, &fp, Some("not the passphrase")).is_err());
        remove(KeyStoreKind::File, &keys, &fp).unwrap();
        assert!(load(KeyStoreKind::File, &keys, &fp, Some("a long passphrase")).is_err());
    }
}
