//! Ed25519 signatures over a pack's `SHA256SUMS`, in the two forms finance can
//! check with stock tools:
//! - an SSH signature (`ssh-keygen -Y sign` format, namespace [`NAMESPACE`]);
//! - the raw 64-byte RFC 8032 signature, for `openssl pkeyutl -rawin`.
//!
//! The public key travels as an OpenSSH line, a PEM SubjectPublicKeyInfo and an
//! `allowed_signers` line. Verification here is strict: weak keys and
//! non-canonical signatures are refused (`verify_strict`), and the SSH
//! signature must name our namespace and the expected key.
//!
//! Signing is deterministic: the same key and bytes give the same signatures,
//! which is what makes two exports of the same pack byte-identical.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signature, Signer, VerifyingKey};
use sha2::{Digest, Sha256};
use ssh_key::private::{Ed25519Keypair, Ed25519PrivateKey, KeypairData};
use ssh_key::public::{Ed25519PublicKey, KeyData};
use ssh_key::{HashAlg, LineEnding, PrivateKey, SshSig};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The SSH signature namespace: a signature made for git or another tool
/// cannot pass as a Runrate pack signature.
pub const NAMESPACE: &str = "runrate-pack";

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow.
const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// A private signing key. The seed is wiped from memory when it is dropped.
pub struct SigningKey {
    seed: Zeroizing<[u8; 32]>,
    inner: ed25519_dalek::SigningKey,
}

impl SigningKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<SigningKey> {
        let mut seed = Zeroizing::new([0u8; 32]);
        rand_core::RngCore::try_fill_bytes(&mut rand_core::OsRng, seed.as_mut()).map_err(|e| {
            Error::internal("No random source for a new key").with_detail(e.to_string())
        })?;
        Ok(SigningKey::from_seed(&seed))
    }

    /// The key for a 32-byte seed.
    pub fn from_seed(seed: &[u8; 32]) -> SigningKey {
        SigningKey {
            seed: Zeroizing::new(*seed),
            inner: ed25519_dalek::SigningKey::from_bytes(seed),
        }
    }

    /// The seed, for the keychain.
    pub fn seed(&self) -> &[u8; 32] {
        &self.seed
    }

    /// The matching public key.
    pub fn public(&self) -> PublicKey {
        PublicKey {
            key: self.inner.verifying_key(),
        }
    }

    /// The raw Ed25519 signature of `message`.
    pub fn sign_raw(&self, message: &[u8]) -> [u8; 64] {
        self.inner.sign(message).to_bytes()
    }

    /// The armored SSH signature of `message` (SHA-512, our namespace), as
    /// `ssh-keygen -Y sign` writes it.
    pub fn sign_ssh(&self, message: &[u8]) -> Result<String> {
        let signed = SshSig::signed_data(NAMESPACE, HashAlg::Sha512, message).map_err(ssh_error)?;
        let signature = ssh_key::Signature::new(
            ssh_key::Algorithm::Ed25519,
            self.inner.sign(&signed).to_bytes().to_vec(),
        )
        .map_err(ssh_error)?;
        let sig = SshSig::new(
            KeyData::Ed25519(Ed25519PublicKey(self.public().bytes())),
            NAMESPACE,
            HashAlg::Sha512,
            signature,
        )
        .map_err(ssh_error)?;
        sig.to_pem(LineEnding::LF).map_err(ssh_error)
    }

    fn ssh_private(&self, comment: &str) -> Result<PrivateKey> {
        let keypair = Ed25519Keypair::from(Ed25519PrivateKey::from_bytes(&self.seed));
        PrivateKey::new(KeypairData::Ed25519(keypair), comment).map_err(ssh_error)
    }

    /// The key as an OpenSSH private key file encrypted with `passphrase`
    /// (bcrypt-pbkdf and AES-256-CTR), usable by `ssh-keygen -Y sign` too.
    pub fn to_encrypted_openssh(
        &self,
        passphrase: &str,
        comment: &str,
    ) -> Result<Zeroizing<String>> {
        let key = self.ssh_private(comment)?;
        let encrypted = key
            .encrypt(&mut rand_core::OsRng, passphrase)
            .map_err(ssh_error)?;
        encrypted.to_openssh(LineEnding::LF).map_err(ssh_error)
    }

    /// Reads an OpenSSH private key file, decrypting it with `passphrase`.
    pub fn from_openssh(text: &str, passphrase: Option<&str>) -> Result<SigningKey> {
        let key = PrivateKey::from_openssh(text).map_err(|e| {
            Error::invalid("The signing key file is not an OpenSSH private key")
                .with_detail(e.to_string())
        })?;
        let key = if key.is_encrypted() {
            let Some(passphrase) = passphrase else {
                return Err(Error::passphrase_required(
                    "Enter the passphrase that protects the signing key",
                ));
            };
            key.decrypt(passphrase).map_err(|_| {
                Error::passphrase_required("The passphrase does not open the signing key")
            })?
        } else {
            key
        };
        match key.key_data() {
            KeypairData::Ed25519(pair) => Ok(SigningKey::from_seed(&pair.private.to_bytes())),
            _ => Err(Error::invalid("The signing key is not an Ed25519 key")),
        }
    }
}

/// A public Ed25519 key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    key: VerifyingKey,
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureProblem(pub String);

impl PublicKey {
    /// The key from its 32 bytes; weak (small-order) keys are refused.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<PublicKey> {
        let key = VerifyingKey::from_bytes(bytes)
            .map_err(|_| Error::invalid("The public key is not a valid Ed25519 key"))?;
        if key.is_weak() {
            return Err(Error::invalid("The public key is a weak Ed25519 key"));
        }
        Ok(PublicKey { key })
    }

    /// The 32 key bytes.
    pub fn bytes(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// `ssh-ed25519 AAAA… comment`.
    pub fn openssh(&self, comment: &str) -> String {
        let mut blob = Vec::with_capacity(51);
        push_ssh_string(&mut blob, b"ssh-ed25519");
        push_ssh_string(&mut blob, &self.bytes());
        let line = format!("ssh-ed25519 {}", BASE64.encode(blob));
        if comment.is_empty() {
            line
        } else {
            format!("{line} {comment}")
        }
    }

    /// The SubjectPublicKeyInfo as PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn pem(&self) -> String {
        let mut der = SPKI_PREFIX.to_vec();
        der.extend_from_slice(&self.bytes());
        format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            BASE64.encode(der)
        )
    }

    /// The SSH fingerprint, as `ssh-keygen -lf` prints it: `SHA256:…`.
    pub fn fingerprint(&self) -> String {
        let mut blob = Vec::with_capacity(51);
        push_ssh_string(&mut blob, b"ssh-ed25519");
        push_ssh_string(&mut blob, &self.bytes());
        let digest = Sha256::digest(&blob);
        let b64 = base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest);
        format!("SHA256:{b64}")
    }

    /// The `allowed_signers` line binding `principal` to this key for our namespace.
    pub fn allowed_signers_line(&self, principal: &str) -> String {
        format!(
            "{principal} namespaces=\"{NAMESPACE}\" {}\n",
            self.openssh("")
        )
    }

    /// Reads a key written as an OpenSSH line, a PEM SubjectPublicKeyInfo, or an
    /// `allowed_signers` line (the key after the principal and options).
    pub fn parse(text: &str) -> Result<PublicKey> {
        let text = text.trim();
        if text.starts_with("-----BEGIN PUBLIC KEY-----") {
            let body: String = text
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<Vec<_>>()
                .concat();
            let der = BASE64
                .decode(body.trim())
                .map_err(|_| Error::invalid("The PEM public key is not valid base64"))?;
            let Some(key) = der.strip_prefix(&SPKI_PREFIX[..]) else {
                return Err(Error::invalid("The PEM public key is not an Ed25519 key"));
            };
            let bytes: [u8; 32] = key
                .try_into()
                .map_err(|_| Error::invalid("The PEM public key has the wrong length"))?;
            return PublicKey::from_bytes(&bytes);
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let Some(at) = words.iter().position(|w| *w == "ssh-ed25519") else {
            return Err(Error::invalid(
                "The public key is neither an ssh-ed25519 line nor a PEM public key",
            ));
        };
        let blob = words
            .get(at + 1)
            .and_then(|b| BASE64.decode(b).ok())
            .ok_or_else(|| Error::invalid("The ssh-ed25519 key is not valid base64"))?;
        let mut expected = Vec::with_capacity(51);
        push_ssh_string(&mut expected, b"ssh-ed25519");
        let Some(key) = blob.strip_prefix(expected.as_slice()) else {
            return Err(Error::invalid("The ssh-ed25519 key blob is malformed"));
        };
        let key = key
            .strip_prefix(&[0, 0, 0, 32][..])
            .ok_or_else(|| Error::invalid("The ssh-ed25519 key blob is malformed"))?;
        let bytes: [u8; 32] = key
            .try_into()
            .map_err(|_| Error::invalid("The ssh-ed25519 key blob has the wrong length"))?;
        PublicKey::from_bytes(&bytes)
    }

    /// Checks a raw Ed25519 signature strictly.
    pub fn verify_raw(
        &self,
        message: &[u8],
        signature: &[u8],
    ) -> std::result::Result<(), SignatureProblem> {
        let bytes: [u8; 64] = signature.try_into().map_err(|_| {
            SignatureProblem(format!(
                "the Ed25519 signature is {} bytes, not 64",
                signature.len()
            ))
        })?;
        self.key
            .verify_strict(message, &Signature::from_bytes(&bytes))
            .map_err(|_| SignatureProblem("the Ed25519 signature does not match".to_string()))
    }

    /// Checks an armored SSH signature: our namespace, this key, a supported
    /// hash, and a strictly valid Ed25519 signature.
    pub fn verify_ssh(
        &self,
        message: &[u8],
        armored: &[u8],
    ) -> std::result::Result<(), SignatureProblem> {
        let sig = SshSig::from_pem(armored)
            .map_err(|e| SignatureProblem(format!("the SSH signature cannot be read ({e})")))?;
        // Only the canonical armor is accepted, so the file has one form.
        if sig
            .to_pem(LineEnding::LF)
            .ok()
            .as_deref()
            .map(str::as_bytes)
            != Some(armored)
        {
            return Err(SignatureProblem(
                "the SSH signature is not in its canonical form".to_string(),
            ));
        }
        if sig.namespace() != NAMESPACE {
            return Err(SignatureProblem(format!(
                "the SSH signature is for namespace '{}', not '{NAMESPACE}'",
                sig.namespace()
            )));
        }
        match sig.public_key() {
            KeyData::Ed25519(k) if k.0 == self.bytes() => {}
            _ => {
                return Err(SignatureProblem(
                    "the SSH signature names a different key than the pack's signer".to_string(),
                ));
            }
        }
        let signed = SshSig::signed_data(NAMESPACE, sig.hash_alg(), message)
            .map_err(|e| SignatureProblem(format!("the SSH signature cannot be checked ({e})")))?;
        self.verify_raw(&signed, sig.signature_bytes())
            .map_err(|_| SignatureProblem("the SSH signature does not match".to_string()))
    }
}

fn push_ssh_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

fn ssh_error(e: ssh_key::Error) -> Error {
    Error::internal("The signature could not be made").with_detail(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::from_seed(&[7; 32])
    }

    #[test]
    fn signatures_are_deterministic_and_verify() {
        let k = key();
        let message = b"# runrate-pack/1\nabc  pack.json\n";
        assert_eq!(k.sign_raw(message), k.sign_raw(message));
        assert_eq!(k.sign_ssh(message).unwrap(), k.sign_ssh(message).unwrap());
        let public = k.public();
        public.verify_raw(message, &k.sign_raw(message)).unwrap();
        public
            .verify_ssh(message, k.sign_ssh(message).unwrap().as_bytes())
            .unwrap();
        assert!(public.verify_raw(b"other", &k.sign_raw(message)).is_err());
        assert!(
            public
                .verify_ssh(b"other", k.sign_ssh(message).unwrap().as_bytes())
                .is_err()
        );
        let other = SigningKey::from_seed(&[8; 32]).public();
        assert!(
            other
                .verify_ssh(message, k.sign_ssh(message).unwrap().as_bytes())
                .is_err()
        );
    }

    #[test]
    fn public_key_forms_read_back() {
        let public = key().public();
        assert_eq!(PublicKey::parse(&public.openssh("owner")).unwrap(), public);
        assert_eq!(PublicKey::parse(&public.pem()).unwrap(), public);
        assert_eq!(
            PublicKey::parse(&public.allowed_signers_line("owner@finance")).unwrap(),
            public
        );
        assert!(public.fingerprint().starts_with("SHA256:"));
        assert_eq!(public.fingerprint().len(), 7 + 43);
    }

    #[test]
    fn an_encrypted_key_file_needs_its_passphrase() {
        let k = key();
        let text = k
            .to_encrypted_openssh("correct horse battery", "runrate")
            .unwrap();
        assert!(text.contains("BEGIN OPENSSH PRIVATE KEY"));
        let back = SigningKey::from_openssh(&text, Some("correct horse battery")).unwrap();
        assert_eq!(back.public(), k.public());
        let wrong = SigningKey::from_openssh(&text, Some("wrong"))
            .err()
            .unwrap();
        assert_eq!(wrong.code, crate::error::Code::PassphraseRequired);
        assert!(SigningKey::from_openssh(&text, None).is_err());
    }
}
