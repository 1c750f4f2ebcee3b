//! Events: every subscriber gets every event; a slow one learns that it
//! lagged, and never holds up the connection or the others.

use std::sync::{Arc, Mutex};

use qapi_runtime::{DecodeError, EventSet, Lacks};
use serde_json::Value;
use tokio::sync::broadcast;

use crate::client::State;
use crate::error::Disconnect;

/// When the server emitted an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since the Unix epoch.
    pub seconds: i64,
    /// Microseconds past `seconds`.
    pub microseconds: i64,
}

/// An event as it came: its name, data (an empty object when it has none)
/// and timestamp.
#[derive(Clone, Debug, PartialEq)]
pub struct RawEvent {
    /// The wire name.
    pub name: String,
    /// The `data` member, or `{}`.
    pub data: Value,
    /// When the server emitted it.
    pub timestamp: Timestamp,
}

impl RawEvent {
    /// Reads an event message; `None` if it is not one.
    pub(crate) fn parse(mut message: Value) -> Option<RawEvent> {
        let object = message.as_object_mut()?;
        let name = object.get("event")?.as_str()?.to_owned();
        let stamp = object.get("timestamp");
        let field = |key: &str| stamp.and_then(|t| t.get(key)).and_then(Value::as_i64);
        let timestamp = Timestamp {
            seconds: field("seconds").unwrap_or_default(),
            microseconds: field("microseconds").unwrap_or_default(),
        };
        let data = object
            .remove("data")
            .unwrap_or_else(|| Value::Object(Default::default()));
        Some(RawEvent {
            name,
            data,
            timestamp,
        })
    }

    /// The event as one of schema `E`'s, members the schema lacks ignored
    /// (the server may be newer).
    pub fn decode<E: EventSet>(&self) -> TypedEvent<E> {
        match E::decode_for(&self.name, self.data.clone(), Lacks::tolerant()) {
            Some(Ok(event)) => TypedEvent::Known {
                event,
                timestamp: self.timestamp,
            },
            Some(Err(error)) => TypedEvent::Undecodable {
                raw: self.clone(),
                error,
            },
            None => TypedEvent::Unknown(self.clone()),
        }
    }
}

/// An event read through a schema's event set `E`.
#[derive(Clone, Debug, PartialEq)]
pub enum TypedEvent<E> {
    /// An event of the schema.
    Known {
        /// The event.
        event: E,
        /// When the server emitted it.
        timestamp: Timestamp,
    },
    /// An event the schema does not have (a newer server's): as it came.
    Unknown(RawEvent),
    /// An event of the schema whose data does not decode (a value the
    /// schema lacks): as it came, and why.
    Undecodable {
        /// The event as it came.
        raw: RawEvent,
        /// Why it does not decode.
        error: DecodeError,
    },
}

/// Why [`Events::recv`] gave no event.
#[derive(Clone, Debug)]
pub enum EventsError {
    /// This subscriber fell behind: so many events were dropped for it.
    /// The next call gives the oldest event still kept.
    Lagged(u64),
    /// The connection is gone, and every event it brought was read.
    Closed(Arc<Disconnect>),
}

impl std::fmt::Display for EventsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EventsError::Lagged(n) => write!(f, "{n} events were missed"),
            EventsError::Closed(why) => why.fmt(f),
        }
    }
}

impl std::error::Error for EventsError {}

/// A subscription to the connection's events, from when it was made.
/// Memory stays bounded: each subscriber can fall behind by at most the
/// client's event capacity.
#[derive(Debug)]
pub struct Events {
    pub(crate) receiver: broadcast::Receiver<Arc<RawEvent>>,
    pub(crate) state: Arc<Mutex<State>>,
}

impl Events {
    /// The next event.
    pub async fn recv(&mut self) -> Result<Arc<RawEvent>, EventsError> {
        match self.receiver.recv().await {
            Ok(event) => Ok(event),
            Err(broadcast::error::RecvError::Lagged(n)) => Err(EventsError::Lagged(n)),
            Err(broadcast::error::RecvError::Closed) => {
                Err(EventsError::Closed(State::reason(&self.state)))
            }
        }
    }

    /// The next event, read through schema event set `E`.
    pub async fn recv_typed<E: EventSet>(&mut self) -> Result<TypedEvent<E>, EventsError> {
        self.recv().await.map(|raw| raw.decode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_event_messages() {
        let raw = RawEvent::parse(json!({
            "event": "STOP", "timestamp": {"seconds": 5, "microseconds": 7}
        }))
        .expect("an event");
        assert_eq!(raw.name, "STOP");
        assert_eq!(raw.data, json!({}));
        assert_eq!(
            raw.timestamp,
            Timestamp {
                seconds: 5,
                microseconds: 7
            }
        );
        assert!(RawEvent::parse(json!({"return": {}})).is_none());
    }
}
