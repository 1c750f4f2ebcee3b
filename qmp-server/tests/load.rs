//! Load: 100 clients at once, 1,000 commands each, over a unix socket;
//! nothing lost or mixed up, and clients that send garbage or vanish
//! mid-message affect no one else.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use qapi_runtime::qmp::serve_unix;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;

const CLIENTS: usize = 100;
const COMMANDS: usize = 1000;

async fn connect(path: &Path) -> UnixStream {
    for _ in 0..200 {
        if let Ok(stream) = UnixStream::connect(path).await {
            return stream;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("cannot connect to {}", path.display());
}

async fn well_behaved(path: Arc<Path>, client: usize) -> usize {
    let (r, mut w) = connect(&path).await.into_split();
    let mut lines = BufReader::new(r).lines();
    let greeting = lines.next_line().await.expect("read").expect("a greeting");
    assert!(greeting.starts_with("{\"QMP\": "));
    w.write_all(b"{\"execute\": \"qmp_capabilities\"}")
        .await
        .expect("write");
    assert_eq!(
        lines.next_line().await.expect("read").as_deref(),
        Some("{\"return\": {}}")
    );
    let mut ok = 0;
    for i in 0..COMMANDS {
        let id = client * COMMANDS + i;
        w.write_all(format!("{{\"execute\": \"query-status\", \"id\": {id}}}\n").as_bytes())
            .await
            .expect("write");
        let line = lines.next_line().await.expect("read").expect("a reply");
        assert_eq!(
            line,
            format!(
                "{{\"return\": {{\"status\": \"prelaunch\", \"running\": false}}, \"id\": {id}}}"
            )
        );
        ok += 1;
    }
    ok
}

async fn garbage(path: Arc<Path>) {
    let (r, mut w) = connect(&path).await.into_split();
    let mut lines = BufReader::new(r).lines();
    lines.next_line().await.expect("read");
    w.write_all(b"\xff\xfe{[}]] 'x\x00\"\\u12\n{\"execute\": \"qmp_capabilities\"}")
        .await
        .expect("write");
    while let Ok(Some(line)) = lines.next_line().await {
        if line == "{\"return\": {}}" {
            break;
        }
    }
}

async fn vanishing(path: Arc<Path>) {
    let mut stream = connect(&path).await;
    stream
        .write_all(b"{\"execute\": \"qmp_capab")
        .await
        .expect("write");
    drop(stream);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_clients_thousand_commands_each() {
    let dir = std::env::temp_dir().join(format!("qmp-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path: Arc<Path> = dir.join("qmp.sock").into();
    let server = common::server("x86_64");
    let serving = tokio::spawn({
        let (server, path) = (Arc::clone(&server), Arc::clone(&path));
        async move { serve_unix(server, &path).await }
    });
    let run = async {
        let mut tasks = Vec::new();
        for client in 0..CLIENTS {
            tasks.push(tokio::spawn(well_behaved(Arc::clone(&path), client)));
        }
        let mut others = Vec::new();
        for _ in 0..10 {
            others.push(tokio::spawn(garbage(Arc::clone(&path))));
            others.push(tokio::spawn(vanishing(Arc::clone(&path))));
        }
        let mut total = 0;
        for task in tasks {
            total += task.await.expect("client ran");
        }
        for task in others {
            task.await.expect("misbehaving client ran");
        }
        total
    };
    let total = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("within two minutes");
    assert_eq!(total, CLIENTS * COMMANDS);
    server.shut_down();
    serving.await.expect("server task").expect("server ran");
    std::fs::remove_dir_all(&dir).ok();
}
