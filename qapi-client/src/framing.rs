//! Bytes from the server into messages: QEMU's JSON stream, bounded in
//! size, each message as JSON.

use qapi_protocol::{JsonStream, Message};
use serde_json::Value;

use crate::error::Disconnect;

/// Splits the server's bytes into messages.
pub(crate) struct Framer {
    stream: JsonStream,
    /// Bytes of the line being read.  A QMP server ends every message with
    /// a newline, so the limit is on lines, as `qemu.qmp`'s is.
    line_bytes: usize,
    max_message: usize,
    parsed: Vec<Message>,
}

impl Framer {
    pub(crate) fn new(max_message: usize) -> Framer {
        Framer {
            stream: JsonStream::new(),
            line_bytes: 0,
            max_message,
            parsed: Vec::new(),
        }
    }

    /// Feeds bytes read; the messages they complete go to `out`.  Anything
    /// that is not JSON, or a message over the size limit, ends the
    /// connection: a QMP server sends neither.
    pub(crate) fn feed(&mut self, bytes: &[u8], out: &mut Vec<Value>) -> Result<(), Disconnect> {
        // Checked first: the stream holds no more than the limit.
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.line_bytes = 0;
            }
            self.line_bytes += line.len();
            if self.line_bytes > self.max_message {
                return Err(Disconnect::Protocol(format!(
                    "a message longer than {} bytes",
                    self.max_message
                )));
            }
        }
        self.stream.feed(bytes, &mut self.parsed);
        for message in self.parsed.drain(..) {
            match message {
                Message::Value(object) => out.push(Value::from(object)),
                Message::Error(why) => return Err(Disconnect::Protocol(why)),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn splits_messages_across_reads() {
        let mut framer = Framer::new(1 << 20);
        let mut out = Vec::new();
        framer
            .feed(b"{\"return\": {}, \"id\"", &mut out)
            .expect("fine");
        assert!(out.is_empty());
        framer
            .feed(b": 1}\r\n{\"event\": \"STOP\"}", &mut out)
            .expect("fine");
        assert_eq!(
            out,
            [json!({"return": {}, "id": 1}), json!({"event": "STOP"})]
        );
    }

    #[test]
    fn garbage_and_oversized_messages_end_the_connection() {
        let mut out = Vec::new();
        let err = Framer::new(1 << 20).feed(b"}\n", &mut out).unwrap_err();
        assert!(matches!(err, Disconnect::Protocol(_)), "{err}");
        let mut framer = Framer::new(64);
        framer
            .feed(b"{\"return\": \"", &mut out)
            .expect("fine so far");
        let err = framer.feed(&[b'x'; 100], &mut out).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the server broke the protocol: a message longer than 64 bytes"
        );
        let deep = "[".repeat(2000);
        let err = Framer::new(1 << 20)
            .feed(deep.as_bytes(), &mut out)
            .unwrap_err();
        assert!(matches!(err, Disconnect::Protocol(_)), "{err}");
    }
}
