//! Errors a budget owner can read, with a small stable code the UI can act on.
//!
//! Every engine call returns [`Result`]. An [`Error`] carries:
//! - a [`Code`]: a handful of stable values the UI and the CLI branch on (the CLI
//!   turns them into exit codes). Only add a code when a consumer needs to tell it
//!   apart from the others.
//! - a message written for the person using the app ("Sheet 'Finance' row 14:
//!   amount '1,2.3' is not a number"), never a Rust debug string;
//! - optionally, field-level issues for forms, so the UI can show each message
//!   next to the field it is about.
//!
//! Internal detail (an SQLite error text, an IO error kind) goes in `detail`, which
//! the CLI prints under `--verbose` and the UI never shows.

use serde::Serialize;
use ts_rs::TS;

use crate::money::MoneyError;

/// A stable classification of errors, for the UI and for exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The input breaks a rule; the message says which. Exit code 1.
    Invalid,
    /// The thing asked for does not exist. Exit code 1.
    NotFound,
    /// A file's layout was not recognised: the person maps its columns once
    /// (the app opens the mapping editor). Exit code 1.
    UnrecognisedLayout,
    /// The change clashes with what is stored (a duplicate, a frozen line). Exit code 1.
    Conflict,
    /// A verification (audit chain, pack) failed. Exit code 1.
    VerificationFailed,
    /// The signing key is kept in a passphrase-protected file and the
    /// passphrase is missing or wrong (the app asks for it). Exit code 1.
    PassphraseRequired,
    /// The person cancelled a long task (an import, a pack export); nothing
    /// was saved. Exit code 130, as for an interrupted command.
    Cancelled,
    /// A file could not be read or written. Exit code 2.
    Io,
    /// The local database failed. Exit code 2.
    Storage,
    /// A bug: something that should not happen did. Exit code 2.
    Internal,
}

impl Code {
    /// The CLI exit code: 1 for rejected input or a failed verification, 2 otherwise.
    pub fn exit_code(self) -> i32 {
        match self {
            Code::Invalid
            | Code::NotFound
            | Code::UnrecognisedLayout
            | Code::Conflict
            | Code::VerificationFailed
            | Code::PassphraseRequired => 1,
            Code::Io | Code::Storage | Code::Internal => 2,
            Code::Cancelled => 130,
        }
    }
}

/// How serious a field issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks the change.
    Error,
    /// Worth knowing; does not block.
    Warning,
}

/// A problem with one field of a form or one cell of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldIssue {
    /// The field (`code`, `business_owner`, …).
    pub field: String,
    /// What is wrong, in plain words.
    pub message: String,
    /// Whether it blocks the change.
    pub severity: Severity,
}

impl FieldIssue {
    /// A blocking issue.
    pub fn error(field: &str, message: impl Into<String>) -> FieldIssue {
        FieldIssue {
            field: field.to_string(),
            message: message.into(),
            severity: Severity::Error,
        }
    }

    /// A non-blocking issue.
    pub fn warning(field: &str, message: impl Into<String>) -> FieldIssue {
        FieldIssue {
            field: field.to_string(),
            message: message.into(),
            severity: Severity::Warning,
        }
    }
}

/// An engine error: a code, a plain message, and optional field issues.
#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    /// Stable classification.
    pub code: Code,
    /// What went wrong, for the person using the app.
    pub message: String,
    /// Per-field problems, when the error is about a form.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<FieldIssue>>")]
    pub fields: Vec<FieldIssue>,
    /// Technical detail for logs and `--verbose`; never shown in the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub detail: Option<String>,
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The signing key's passphrase is needed (or was wrong).
    pub fn passphrase_required(message: impl Into<String>) -> Error {
        Error::new(Code::PassphraseRequired, message)
    }

    /// An error with a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            fields: Vec::new(),
            detail: None,
        }
    }

    /// The input breaks a rule.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::new(Code::Invalid, message)
    }

    /// Something asked for does not exist.
    pub fn not_found(message: impl Into<String>) -> Error {
        Error::new(Code::NotFound, message)
    }

    /// The change clashes with what is stored.
    pub fn conflict(message: impl Into<String>) -> Error {
        Error::new(Code::Conflict, message)
    }

    /// A bug.
    pub fn internal(message: impl Into<String>) -> Error {
        Error::new(Code::Internal, message)
    }

    /// Attaches field issues.
    pub fn with_fields(mut self, fields: Vec<FieldIssue>) -> Error {
        self.fields = fields;
        self
    }

    /// Attaches technical detail.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Error {
        self.detail = Some(detail.into());
        self
    }

    /// Rejects a form: the message lists every blocking issue.
    pub fn from_field_issues(what: &str, issues: Vec<FieldIssue>) -> Error {
        let blocking: Vec<&FieldIssue> = issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .collect();
        let message = match blocking.as_slice() {
            [] => format!("{what} was not accepted"),
            [one] => format!("{what} was not accepted: {}", one.message),
            [first, rest @ ..] => format!(
                "{what} was not accepted: {} (and {} more)",
                first.message,
                rest.len()
            ),
        };
        Error::invalid(message).with_fields(issues)
    }

    /// Prefixes the message with where the problem is ("File 'x.csv': …"),
    /// unless it already starts there.
    pub fn context(mut self, prefix: impl AsRef<str>) -> Error {
        let prefix = prefix.as_ref();
        if !self.message.starts_with(prefix) {
            self.message = format!("{prefix}: {}", self.message);
        }
        self
    }
}

impl From<MoneyError> for Error {
    fn from(e: MoneyError) -> Error {
        Error::invalid(e.to_string())
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Error {
        let detail = e.to_string();
        let message = match &e {
            sqlx::Error::Database(db) if db.message().contains("database is locked") => {
                "The Runrate database is busy in another window or command; try again in a moment"
                    .to_string()
            }
            sqlx::Error::Database(db) if db.message().contains("frozen by a signed approval") => {
                return Error::conflict(format!(
                    "The change touches lines a signed approval covers ({}); reopen the approval first, then sign a superseding pack",
                    db.message()
                ));
            }
            sqlx::Error::Database(db) if db.message().contains("immutable") => {
                format!("The change was refused by the ledger: {}", db.message())
            }
            sqlx::Error::Database(db) if db.message().contains("append-only") => {
                format!("The change was refused by the audit log: {}", db.message())
            }
            sqlx::Error::PoolTimedOut => {
                "The Runrate database did not answer in time; another program may be holding it"
                    .to_string()
            }
            _ => "The Runrate database could not complete the operation".to_string(),
        };
        Error::new(Code::Storage, message).with_detail(detail)
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Error {
        Error::new(
            Code::Storage,
            "The Runrate database could not be brought up to date; it may belong to a newer version of Runrate",
        )
        .with_detail(e.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound => "The file was not found".to_string(),
            std::io::ErrorKind::PermissionDenied => {
                "Runrate is not allowed to read or write that file".to_string()
            }
            _ => "The file could not be read or written".to_string(),
        };
        Error::new(Code::Io, message).with_detail(e.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::internal("Runrate could not encode or decode its own data")
            .with_detail(e.to_string())
    }
}
