//! One connection and how calls go over it: arguments checked locally,
//! replies decoded through the command's return type, every wait bounded
//! by `--timeout`, every failure turned into a [`Failure`].

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use qapi_client::{Client, Error, Events, EventsError, Options, RawEvent};
use qapi_runtime::meta::{CommandMeta, SchemaMeta};
use qapi_runtime::Lacks;
use qapi_schema::Release;
use serde_json::{json, Value};

use super::{schema, warn, Failure};

/// A negotiated connection and the schema its calls are checked against.
pub(crate) struct Session {
    /// The connection.
    pub(crate) client: Client,
    /// The release whose schema checks the calls.
    release: Release,
    schema: &'static SchemaMeta,
    /// `--strict`.
    strict: bool,
    /// `--timeout`.
    timeout: Option<Duration>,
    /// As the user wrote it, for messages.
    address: String,
}

impl Session {
    /// Connects to `address` and negotiates, then picks the schema: the
    /// one of `qemu`, or the one that fits the server's greeting.
    pub(crate) async fn connect(
        address: &str,
        qemu: Option<Release>,
        strict: bool,
        timeout: Option<Duration>,
    ) -> Result<Session, Failure> {
        let what = || format!("connecting to {address}");
        let client = within(timeout, what, connect(address))
            .await?
            .map_err(|e| match e {
                // The OS's reason says it all.
                Error::Disconnected(why) => match &*why {
                    qapi_client::Disconnect::Io(e) => e.to_string(),
                    _ => why.to_string(),
                },
                e => e.to_string(),
            })
            .map_err(|why| Failure::Connection(format!("cannot connect to {address}: {why}")))?;
        let release = match qemu {
            Some(release) => release,
            None => {
                let version = &client.greeting().version;
                let (release, older) = schema::for_server(version);
                if older {
                    warn(&format!(
                        "QEMU {}.{}.{} is older than any schema known here: \
                         calls are checked against QEMU {release}'s",
                        version.major, version.minor, version.micro
                    ));
                }
                release
            }
        };
        let schema = schema::of(release).ok_or_else(|| {
            Failure::Failed(format!("no schema of QEMU {release} is compiled in"))
        })?;
        Ok(Session {
            client,
            release,
            schema,
            strict,
            timeout,
            address: address.to_owned(),
        })
    }

    /// The release whose schema checks the calls.
    pub(crate) fn release(&self) -> Release {
        self.release
    }

    /// Executes command `name` with `arguments` (an object) and gives the
    /// reply as received.  A command of the schema gets its arguments
    /// checked first, as QEMU would, and its reply decoded (`--strict`: as
    /// QEMU would too); one the schema lacks goes unchecked, as the server
    /// may be newer.
    pub(crate) async fn call(&self, name: &str, arguments: Value) -> Result<Value, Failure> {
        let meta =
            qapi_client::check_arguments(self.schema, name, &arguments).map_err(Failure::Qmp)?;
        let what = || format!("waiting for the reply to {name}");
        let reply = self
            .within(what, self.client.call(name, arguments))
            .await?
            .map_err(|e| self.failure(e))?;
        if let Some(meta) = meta {
            self.check_reply(meta, &reply)?;
        }
        Ok(reply)
    }

    /// Decodes `reply` through `meta`'s return type.  A reply that does
    /// not decode fails with `--strict`, and is only warned about without.
    fn check_reply(&self, meta: &CommandMeta, reply: &Value) -> Result<(), Failure> {
        let lacks = if self.strict {
            Lacks::none()
        } else {
            // A newer server may add members, enum values and union
            // branches: they are no error.
            Lacks::tolerant()
        };
        let Err(error) = (meta.check_ret)(reply.clone(), lacks) else {
            return Ok(());
        };
        let why = format!(
            "the reply to {} does not decode as QEMU {}'s schema says: {error}",
            meta.name, self.release
        );
        if self.strict {
            return Err(Failure::Undecodable(why));
        }
        warn(&format!("{why} (printed as received)"));
        Ok(())
    }

    /// The next event of `events`.  Events missed because this program
    /// fell behind are warned about, and the wait goes on.
    pub(crate) async fn next_event(&self, events: &mut Events) -> Result<Arc<RawEvent>, Failure> {
        loop {
            match self
                .within(|| "waiting for an event".to_owned(), events.recv())
                .await?
            {
                Ok(event) => return Ok(event),
                Err(EventsError::Lagged(n)) => warn(&format!("{n} events were missed")),
                Err(EventsError::Closed(why)) => {
                    return Err(Failure::Connection(format!("{}: {why}", self.address)))
                }
            }
        }
    }

    /// `future`'s output, unless `--timeout` runs out first.
    pub(crate) async fn within<F: Future>(
        &self,
        what: impl FnOnce() -> String,
        future: F,
    ) -> Result<F::Output, Failure> {
        within(self.timeout, what, future).await
    }

    /// A failed call's [`Failure`].
    fn failure(&self, error: Error) -> Failure {
        match error {
            Error::Qmp(e) => Failure::Qmp(e),
            e => Failure::Connection(format!("{}: {e}", self.address)),
        }
    }
}

/// `future`'s output, unless `timeout` runs out first: then a failure
/// saying what it was doing (`what`: "waiting for ...").
async fn within<F: Future>(
    timeout: Option<Duration>,
    what: impl FnOnce() -> String,
    future: F,
) -> Result<F::Output, Failure> {
    let Some(timeout) = timeout else {
        return Ok(future.await);
    };
    tokio::time::timeout(timeout, future).await.map_err(|_| {
        Failure::TimedOut(format!(
            "timed out after {} s {}",
            timeout.as_secs_f64(),
            what()
        ))
    })
}

/// Connects to `address`: HOST:PORT over TCP, anything else a unix
/// socket's path.
async fn connect(address: &str) -> Result<Client, Error> {
    // `--events` with no command prints the events from negotiation on.
    let options = Options::default().events_from_start(true);
    if is_tcp(address) {
        options.connect_tcp(address).await
    } else {
        options.connect_unix(Path::new(address)).await
    }
}

/// Whether `address` is HOST:PORT: a port number after the last colon, a
/// host before it, and no slash (a path may hold colons, but a host
/// holds no slash).
fn is_tcp(address: &str) -> bool {
    match address.rsplit_once(':') {
        Some((host, port)) => {
            !host.is_empty() && !address.contains('/') && port.parse::<u16>().is_ok()
        }
        None => false,
    }
}

/// An event as QEMU sends it, on one line: `{"event": ..., "data": ...,
/// "timestamp": {...}}`, `data` left out when empty (QEMU leaves it out of
/// events that have none).
pub(crate) fn event_line(event: &RawEvent) -> String {
    let timestamp = json!({
        "seconds": event.timestamp.seconds,
        "microseconds": event.timestamp.microseconds,
    });
    let message = match &event.data {
        Value::Object(data) if data.is_empty() => {
            json!({"event": event.name, "timestamp": timestamp})
        }
        data => json!({"event": event.name, "data": data, "timestamp": timestamp}),
    };
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_tcp_from_unix() {
        assert!(is_tcp("localhost:4444"));
        assert!(is_tcp("127.0.0.1:4444"));
        assert!(is_tcp("[::1]:4444"));
        assert!(!is_tcp("/tmp/qmp.sock"));
        assert!(!is_tcp("qmp.sock"));
        assert!(!is_tcp("./a:1"));
        assert!(!is_tcp(":4444"));
        assert!(!is_tcp("host:port"));
    }

    #[test]
    fn events_on_one_line_data_left_out_when_empty() {
        let stamp = qapi_client::Timestamp {
            seconds: 5,
            microseconds: 7,
        };
        let event = |data| RawEvent {
            name: "STOP".into(),
            data,
            timestamp: stamp,
        };
        assert_eq!(
            event_line(&event(json!({}))),
            r#"{"event":"STOP","timestamp":{"seconds":5,"microseconds":7}}"#
        );
        assert_eq!(
            event_line(&event(json!({"b": 1, "a": [true]}))),
            r#"{"event":"STOP","data":{"b":1,"a":[true]},"timestamp":{"seconds":5,"microseconds":7}}"#
        );
    }
}
