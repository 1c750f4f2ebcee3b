//! The counter service over a unix socket, from the client side with
//! `qapi-client`: typed calls, typed events, the context's session and
//! state, events for one session or all, out-of-band commands overtaking
//! a slow in-band one, and `stop`.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use counter_service::schema::events::{AnyEvent, CounterChanged};
use counter_service::schema::{commands, Audience};
use counter_service::Counter;
use qapi_client::{Client, Error, Events, TypedEvent};
use qapi_runtime::qmp::Server;
use tokio::task::JoinHandle;
use tokio::time::timeout;

/// Long enough for anything that should happen, short enough to fail a
/// test that hangs.
const LIMIT: Duration = Duration::from_secs(10);

/// A service on a socket of its own.
struct Service {
    path: PathBuf,
    server: Arc<Server<Counter>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Service {
    async fn start(name: &str) -> Service {
        let path = std::env::temp_dir().join(format!(
            "counter-service-{}-{name}.sock",
            std::process::id()
        ));
        let server = counter_service::server();
        let task = tokio::spawn({
            let (server, path) = (Arc::clone(&server), path.clone());
            async move { counter_service::serve(server, &path).await }
        });
        Service { path, server, task }
    }

    /// A client, once the socket is there.
    async fn client(&self) -> Client {
        self.client_with(Client::options()).await
    }

    async fn client_with(&self, options: qapi_client::Options) -> Client {
        for _ in 0..200 {
            if let Ok(client) = options.connect_unix(&self.path).await {
                return client;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the service does not listen on {}", self.path.display());
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.task.abort();
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The next event, which must be `COUNTER_CHANGED`.
async fn next_change(events: &mut Events) -> CounterChanged {
    let event = timeout(LIMIT, events.recv_typed::<AnyEvent>())
        .await
        .expect("an event in time")
        .expect("an event");
    match event {
        TypedEvent::Known {
            event: AnyEvent::CounterChanged(change),
            ..
        } => change,
        other => panic!("not COUNTER_CHANGED: {other:?}"),
    }
}

/// Whether `future` is still pending when polled now.
async fn pending<F: Future + Unpin>(future: &mut F) -> bool {
    std::future::poll_fn(|cx| Poll::Ready(Pin::new(&mut *future).poll(cx).is_pending())).await
}

fn add(delta: i64, notify: Option<Audience>) -> commands::Add {
    commands::Add { delta, notify }
}

#[tokio::test]
async fn typed_calls_see_the_state_and_their_session() {
    let service = Service::start("state").await;
    let (a, b) = (service.client().await, service.client().await);
    let mut a_events = a.events();
    let mut b_events = b.events();

    let added = a.execute(&add(2, None)).await.expect("add");
    assert_eq!(added.value, 2);
    let seen_by_b = b.execute(&commands::QueryCounter).await.expect("query");
    assert_eq!(seen_by_b.value, 2, "one state for every session");
    assert_ne!(seen_by_b.session, added.session, "each session its own id");
    let again = a.execute(&commands::QueryCounter).await.expect("query");
    assert_eq!(again.session, added.session, "a session keeps its id");
    assert_eq!(service.server.state().value(), 2);

    for events in [&mut a_events, &mut b_events] {
        let change = next_change(events).await;
        assert_eq!((change.value, change.delta), (2, 2));
    }
}

#[tokio::test]
async fn an_event_for_the_caller_reaches_it_alone() {
    let service = Service::start("caller").await;
    let (a, b) = (service.client().await, service.client().await);
    let mut a_events = a.events();
    let mut b_events = b.events();

    a.execute(&add(1, Some(Audience::Caller)))
        .await
        .expect("add");
    b.execute(&add(10, Some(Audience::All))).await.expect("add");

    assert_eq!(next_change(&mut a_events).await.delta, 1);
    assert_eq!(next_change(&mut a_events).await.delta, 10);
    // Had `b` heard of `a`'s change, it would have come first.
    assert_eq!(next_change(&mut b_events).await.delta, 10);
}

#[tokio::test]
async fn oob_overtakes_a_slow_in_band_command_and_other_sessions_go_on() {
    let service = Service::start("oob").await;
    let (a, b) = (service.client().await, service.client().await);
    assert!(a.oob(), "the client negotiates oob when offered");

    // In band on `a`: a wait that only `b` can end, then a query behind it.
    let mut wait = Box::pin(a.execute(&commands::WaitFor {
        value: 10,
        timeout_ms: None,
    }));
    let mut behind = Box::pin(a.execute(&commands::QueryCounter));
    // The first poll sends each request, in this order.
    assert!(pending(&mut wait).await);
    assert!(pending(&mut behind).await);

    // Out of band on `a`: answered while the wait runs.
    timeout(LIMIT, a.execute_oob(&commands::Ping))
        .await
        .expect("the OOB reply overtakes the in-band ones")
        .expect("ping");
    // Another session is not held up by `a`'s wait.
    let half = timeout(LIMIT, b.execute(&add(5, None)))
        .await
        .expect("b is answered while a waits")
        .expect("add");
    assert_eq!(half.value, 5);
    assert!(pending(&mut wait).await, "5 is not 10 yet");

    b.execute(&add(5, None)).await.expect("add");
    let waited = timeout(LIMIT, wait)
        .await
        .expect("in time")
        .expect("wait-for");
    assert_eq!(waited.value, 10);
    // The query ran after the wait ended, not beside it.
    let queried = timeout(LIMIT, behind)
        .await
        .expect("in time")
        .expect("query");
    assert_eq!(queried.value, 10);
}

#[tokio::test]
async fn without_oob_commands_run_in_order_and_a_wait_can_time_out() {
    let service = Service::start("in-order").await;
    let a = service.client_with(Client::options().oob(false)).await;
    assert!(!a.oob());
    let mut wait = Box::pin(a.execute(&commands::WaitFor {
        value: 1,
        timeout_ms: Some(50),
    }));
    let one = add(1, None);
    let mut behind = Box::pin(a.execute(&one));
    assert!(pending(&mut wait).await);
    assert!(pending(&mut behind).await);
    // The add, behind the wait, cannot end it: the wait times out first.
    let Err(Error::Qmp(err)) = timeout(LIMIT, wait).await.expect("in time") else {
        panic!("the wait should time out");
    };
    assert_eq!(err.desc, "Timed out");
    let added = timeout(LIMIT, behind).await.expect("in time").expect("add");
    assert_eq!(added.value, 1);
}

#[tokio::test]
async fn stop_ends_every_session_and_the_service() {
    let mut service = Service::start("stop").await;
    let (a, b) = (service.client().await, service.client().await);
    a.execute(&commands::Stop).await.expect("stop replies");
    assert!(service.server.is_shutting_down());
    let served = timeout(LIMIT, &mut service.task)
        .await
        .expect("the service ends")
        .expect("without a panic");
    assert!(served.is_ok(), "{served:?}");
    timeout(LIMIT, async {
        while b.closed().is_none() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the other session is closed too");
    let Err(Error::Disconnected(_)) = b.execute(&commands::QueryCounter).await else {
        panic!("b should be disconnected");
    };
}
