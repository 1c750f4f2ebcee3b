//! What can go wrong with a call, and QMP's error classes.

use std::fmt;
use std::sync::Arc;

use qapi_runtime::DecodeError;

/// QMP's error classes, and a catch-all for classes a newer QEMU may add.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// Any error without a class of its own.
    GenericError,
    /// The command does not exist, or is not allowed now.
    CommandNotFound,
    /// A device has no medium, or is not active.
    DeviceNotActive,
    /// The device does not exist.
    DeviceNotFound,
    /// KVM lacks a capability.
    KvmMissingCap,
    /// A class this client does not know, by its wire name.
    Other(String),
}

impl ErrorClass {
    /// The class named `name` on the wire.
    pub fn from_name(name: &str) -> ErrorClass {
        match name {
            "GenericError" => ErrorClass::GenericError,
            "CommandNotFound" => ErrorClass::CommandNotFound,
            "DeviceNotActive" => ErrorClass::DeviceNotActive,
            "DeviceNotFound" => ErrorClass::DeviceNotFound,
            "KVMMissingCap" => ErrorClass::KvmMissingCap,
            other => ErrorClass::Other(other.to_owned()),
        }
    }

    /// The wire name.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorClass::GenericError => "GenericError",
            ErrorClass::CommandNotFound => "CommandNotFound",
            ErrorClass::DeviceNotActive => "DeviceNotActive",
            ErrorClass::DeviceNotFound => "DeviceNotFound",
            ErrorClass::KvmMissingCap => "KVMMissingCap",
            ErrorClass::Other(name) => name,
        }
    }
}

impl fmt::Display for ErrorClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error reply of the server, or the same error found before sending
/// (arguments the schema rejects).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QmpError {
    /// The class.
    pub class: ErrorClass,
    /// The human-readable description, QEMU's words.
    pub desc: String,
}

impl fmt::Display for QmpError {
    /// `CLASS: desc`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class, self.desc)
    }
}

/// Why a call, or the connection, failed.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error (or the arguments were rejected
    /// locally with the error the server would give).
    Qmp(QmpError),
    /// The reply came, but does not decode as the command's return type
    /// (a value the schema lacks: the server is newer, or older).
    Decode {
        /// The command.
        command: String,
        /// Why it does not decode.
        error: DecodeError,
    },
    /// The connection is gone, or unusable: why.  Every pending and later
    /// call fails with it.
    Disconnected(Arc<Disconnect>),
    /// The greeting or the negotiation went wrong.
    Handshake(String),
    /// A message that is not what QMP says it must be: a reply with
    /// neither a value nor an error, or arguments with no JSON form.
    Malformed(String),
    /// The command may not run out of band: its schema does not allow it,
    /// or the server did not offer `oob`.
    NoOob(String),
    /// File descriptors could not be passed with a call: the connection
    /// is not a unix socket, there are more than a message can carry, or
    /// one could not be duplicated.  Nothing was sent.
    FdPassing(String),
}

/// Why a connection ended.
#[derive(Debug)]
pub enum Disconnect {
    /// The server closed it.
    Closed,
    /// Reading or writing failed.
    Io(std::io::Error),
    /// The server sent something that is not QMP: why.
    Protocol(String),
    /// The client was dropped, or closed it.
    Dropped,
}

impl fmt::Display for Disconnect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Disconnect::Closed => f.write_str("the server closed the connection"),
            Disconnect::Io(e) => write!(f, "the connection failed: {e}"),
            Disconnect::Protocol(why) => write!(f, "the server broke the protocol: {why}"),
            Disconnect::Dropped => f.write_str("the client closed the connection"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Qmp(e) => e.fmt(f),
            Error::Decode { command, error, .. } => {
                write!(f, "the reply of {command} does not decode: {error}")
            }
            Error::Disconnected(why) => why.fmt(f),
            Error::Handshake(why) => write!(f, "QMP handshake failed: {why}"),
            Error::Malformed(why) | Error::NoOob(why) | Error::FdPassing(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Error {}

impl From<QmpError> for Error {
    fn from(e: QmpError) -> Error {
        Error::Qmp(e)
    }
}
