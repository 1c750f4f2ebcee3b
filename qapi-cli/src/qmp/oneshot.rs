//! `qapi qmp ADDRESS COMMAND [ARGUMENTS]` and `--events N`: one call,
//! its reply, then so many events, and leave.

use serde_json::Value;

use super::session::{event_line, Session};
use super::{emit, pretty, Failure};

/// Executes `command` (a name and its arguments) if there is one and prints
/// its reply, indented; then prints the next `events` events, one a line.
pub(crate) async fn run(
    session: &Session,
    command: Option<(&str, Value)>,
    events: u64,
) -> Result<(), Failure> {
    // Subscribed before negotiating, so that no event after it is missed
    // (`quit`'s SHUTDOWN comes before its reply).
    let mut subscription =
        (session.client.initial_events()).unwrap_or_else(|| session.client.events());
    if let Some((name, arguments)) = command {
        let reply = session.call(name, arguments).await?;
        emit(&pretty(&reply))?;
    }
    for _ in 0..events {
        let event = session.next_event(&mut subscription).await?;
        emit(&event_line(&event))?;
    }
    Ok(())
}
