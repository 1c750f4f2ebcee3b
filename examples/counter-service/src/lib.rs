//! A QMP service of its own, with its own QAPI schema (`counter.json`): a
//! counter that every client shares.  Copy it to start a service.
//!
//! * `schema`: the schema as Rust, from `qapi_schema!`.
//! * [`Counter`]: the application's state, which handlers see through
//!   their [`Context`].
//! * [`service`]: the handlers: a plain one (`ping`), synchronous ones
//!   taking the context (`add`, `query-counter`, `stop`) and an async one
//!   (`wait-for`), which waits without holding up other clients or this
//!   client's out-of-band commands.
//! * [`serve`]: the service on a unix socket.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use qapi_runtime::qmp::{self, Context, Server, Service};
use qapi_runtime::{CommandError, Empty, Registry};
use serde_json::{json, Value};
use tokio::sync::watch;

/// The schema, as Rust.
pub mod schema {
    qapi_macros::qapi_schema!(path = "counter.json");
}

use schema::{commands, events, Audience, CounterInfo};

/// The counter.  A `watch` channel holds the value, so that an async
/// handler can wait for a change.
pub struct Counter {
    value: watch::Sender<i64>,
}

impl Default for Counter {
    fn default() -> Counter {
        Counter {
            value: watch::Sender::new(0),
        }
    }
}

impl Counter {
    /// The counter's value.
    pub fn value(&self) -> i64 {
        *self.value.borrow()
    }
}

/// The counter as the session of `ctx` sees it.
fn info(ctx: &Context<Counter>, value: i64) -> CounterInfo {
    CounterInfo {
        value,
        session: ctx.session().to_string(),
    }
}

/// Every command of the schema, with its handler.
pub fn service() -> Service<Counter> {
    // Handlers that need nothing but their arguments go in the registry.
    let mut registry = Registry::new();
    registry.register::<commands::Ping, _>(|_| Ok(Empty));

    let mut service = Service::new(registry, Counter::default());
    service
        .register_with::<commands::Add, _>(|args, ctx| {
            let mut value = 0;
            ctx.state().value.send_modify(|v| {
                *v = v.saturating_add(args.delta);
                value = *v;
            });
            let event = events::CounterChanged {
                value,
                delta: args.delta,
            };
            match args.notify.unwrap_or(Audience::All) {
                Audience::Caller => ctx.emit_here(&event)?,
                // A server decodes arguments strictly: a value the schema
                // lacks (`Unknown`, which only a client reads) is refused
                // before the handler runs.
                Audience::All | Audience::Unknown(_) => ctx.emit(&event)?,
            }
            Ok(info(ctx, value))
        })
        .register_with::<commands::QueryCounter, _>(|_, ctx| Ok(info(ctx, ctx.state().value())))
        .register_async::<commands::WaitFor, _, _>(|args, ctx| async move {
            let mut changes = ctx.state().value.subscribe();
            let reached = changes.wait_for(|v| *v >= args.value);
            let value = match args.timeout_ms {
                None => reached.await.map(|v| *v),
                Some(ms) => {
                    let limit = Duration::from_millis(u64::try_from(ms).unwrap_or(0));
                    tokio::time::timeout(limit, reached)
                        .await
                        .map_err(|_| CommandError::generic("Timed out"))?
                        .map(|v| *v)
                }
            };
            // The server, which the context holds, holds the sender.
            let value = value.map_err(|_| CommandError::generic("The counter is gone"))?;
            Ok(info(&ctx, value))
        })
        .register_with::<commands::Stop, _>(|_, ctx| {
            ctx.shut_down();
            Ok(Empty)
        });
    service
}

/// What the greeting says the service is.
fn version() -> Value {
    json!({"qemu": {"major": 0, "minor": 1, "micro": 0}, "package": "counter-service"})
}

/// The server: the [`service`] and a fresh counter.
pub fn server() -> Arc<Server<Counter>> {
    Server::new(service(), version())
}

/// Serves `server` on a unix socket at `path` until a client sends `stop`.
pub async fn serve(server: Arc<Server<Counter>>, path: &Path) -> std::io::Result<()> {
    qmp::serve_unix(server, path).await
}
