//! `qmp-server`: answers QMP exactly as QEMU 10.0.2's `qemu-system-TARGET`
//! does, for any of its 30 system emulators, chosen at start.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use qapi_runtime::qmp;
use qmp_server::{targets, Chardev};
use tokio::net::TcpListener;

/// Answers QMP as QEMU 10.0.2's system emulator for TARGET, started with
/// `-machine none -S`: same greeting, commands, introspection and errors.
#[derive(Parser)]
#[command(name = "qmp-server", version, about)]
struct Cli {
    /// The emulator to be: x86_64, aarch64, s390x, ... (see --list-targets),
    /// or a comma-separated list (arm,aarch64) to serve the union of their
    /// schemas, answering `query-target` as the first.
    #[arg(long, required_unless_present = "list_targets")]
    target: Option<String>,
    /// List the targets and exit.
    #[arg(long)]
    list_targets: bool,
    /// Serve one session on standard input and output; exit at end of input.
    #[arg(long, conflicts_with_all = ["socket", "tcp"])]
    stdio: bool,
    /// Serve on a unix socket at PATH.
    #[arg(long, value_name = "PATH")]
    socket: Option<PathBuf>,
    /// Serve on TCP at ADDR (HOST:PORT).
    #[arg(long, value_name = "ADDR")]
    tcp: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.list_targets {
        for name in targets::names() {
            println!("{name}");
        }
        return ExitCode::SUCCESS;
    }
    let target = match targets::parse_list(&cli.target.unwrap_or_default()) {
        Ok(targets) => targets,
        Err(e) => {
            eprintln!("qmp-server: --target: {e} (see --list-targets)");
            return ExitCode::from(2);
        }
    };
    if !cli.stdio && cli.socket.is_none() && cli.tcp.is_none() {
        eprintln!("qmp-server: choose a transport: --stdio, --socket PATH or --tcp ADDR");
        return ExitCode::from(2);
    }
    // One session on stdio needs no worker threads: starting them is most
    // of what start-up costs after the registry.
    let mut builder = if cli.stdio {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    let runtime = match builder
        .enable_all()
        // Arguments may nest 1,024 levels deep, and a value that deep is
        // dropped recursively: room for that, in any build, rather than
        // tokio's 2 MiB (only what is used is ever mapped).
        .thread_stack_size(16 << 20)
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("qmp-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        // The monitors in the order QEMU would number them, had it been
        // given `-qmp` options in this order.  A TCP listener is bound
        // first: QOM shows the address it is bound to.
        let mut monitors = Vec::new();
        if cli.stdio {
            monitors.push(Chardev::Stdio);
        }
        if let Some(path) = &cli.socket {
            monitors.push(Chardev::Unix(path.clone()));
        }
        let tcp = match &cli.tcp {
            Some(addr) => {
                let listener = TcpListener::bind(addr).await?;
                monitors.push(Chardev::Tcp(listener.local_addr()?));
                Some(listener)
            }
            None => None,
        };
        let server = qmp_server::server(&target, &monitors);
        if cli.stdio {
            return qmp::serve_stdio(server).await;
        }
        let mut tasks = Vec::new();
        if let Some(path) = cli.socket {
            let server = Arc::clone(&server);
            tasks.push(tokio::spawn(
                async move { qmp::serve_unix(server, &path).await },
            ));
        }
        if let Some(listener) = tcp {
            tasks.push(tokio::spawn(qmp::serve_tcp(server, listener)));
        }
        for task in tasks {
            task.await.map_err(std::io::Error::other)??;
        }
        Ok(())
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qmp-server: {e}");
            ExitCode::FAILURE
        }
    }
}
