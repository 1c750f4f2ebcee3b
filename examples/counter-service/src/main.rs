//! `counter-service SOCKET`: serves the counter on a unix socket.

use std::path::PathBuf;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: counter-service SOCKET");
        return ExitCode::from(2);
    };
    match counter_service::serve(counter_service::server(), &path).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("counter-service: {e}");
            ExitCode::FAILURE
        }
    }
}
