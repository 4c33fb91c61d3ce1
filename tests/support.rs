//! Shared by the transport tests: the app over the bundled `data/` (facts only, so snapshots
//! hold no prose from the posts), a fixed clock, and `emcee serve`'s HTTP server on loopback.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use emcee::app::App;
use emcee::archive::Archive;
use emcee::config::Config;

/// The instant replies are given at: before the bundled April 2019 meetup.
pub const NOW: &str = "2019-03-10T12:00:00Z";

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a time")
        .with_timezone(&Utc)
}

/// The bundled data as an archive.
pub fn bundled() -> Archive {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    Archive::new(emcee::corpus::load(Path::new(data)).expect("data/ loads"))
}

/// A config from `EMCEE_*`-style pairs, e.g. `[("EMCEE_DISCORD_PUBLIC_KEY", key)]`.
/// Checks that a Discord bulk-overwrite body lists every command spec, in order.
pub fn assert_lists_every_command(body: &serde_json::Value) {
    let names: Vec<&str> = body
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    let specs: Vec<&str> = emcee::commands::specs()
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, specs);
}

pub fn config(pairs: &[(&str, &str)]) -> Config {
    Config::from_parts(
        None,
        None,
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())),
    )
    .expect("a valid config")
}

/// The app over `data/` at [`NOW`].
pub fn app(config: Config) -> App {
    App::new(bundled(), config).with_clock(Arc::new(|| at(NOW)))
}

/// Serves the app's HTTP routes on 127.0.0.1 (any free port) until the test ends.
pub async fn serve(app: App) -> SocketAddr {
    serve_shared(Arc::new(app)).await
}

/// As [`serve`], keeping a handle on the app (to read its metrics or flags).
pub async fn serve_shared(app: Arc<App>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("an address");
    let routes = emcee::server::routes(app).expect("the routes");
    tokio::spawn(emcee::server::serve_http(
        routes,
        listener,
        std::future::pending(),
    ));
    address
}

/// `emcee serve` as a child process on 127.0.0.1 (any free port), run in a fresh directory (so
/// no ./emcee.toml is picked up) over the bundled data.
pub struct Served {
    pub child: std::process::Child,
    pub address: String,
    /// Everything the process logged so far, and the rest once it exits.
    pub stderr: std::io::BufReader<std::process::ChildStderr>,
    pub logged: String,
}

pub fn spawn_serve(name: &str, args: &[&str], env: &[(&str, &str)]) -> Served {
    spawn_serve_over(
        name,
        concat!(env!("CARGO_MANIFEST_DIR"), "/data"),
        args,
        env,
    )
}

/// As [`spawn_serve`], over another data dir.
pub fn spawn_serve_over(name: &str, data: &str, args: &[&str], env: &[(&str, &str)]) -> Served {
    use std::io::BufRead;
    let dir = std::env::temp_dir().join(format!("emcee-serve-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch dir");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_emcee"));
    command
        .args(["serve", "--data", data, "--listen", "127.0.0.1:0"])
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(&dir)
        .stderr(std::process::Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("emcee serve starts");
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    let mut logged = String::new();
    let mut line = String::new();
    let address = loop {
        line.clear();
        if stderr.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("emcee serve exited before listening:\n{logged}");
        }
        logged.push_str(&line);
        let Some(at) = line.find("127.0.0.1:") else {
            continue;
        };
        if line.contains("listening") {
            let address: String = line[at..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                .collect();
            break address;
        }
    };
    Served {
        child,
        address,
        stderr,
        logged,
    }
}

impl Served {
    /// Kills the process at once (SIGKILL, as `kill -9`) and waits for it.
    pub fn kill(mut self) {
        self.child.kill().expect("the process is killed");
        self.child.wait().expect("emcee exits");
    }
}

/// A test that fails half-way leaves no server behind.
impl Drop for Served {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Served {
    /// Sends SIGTERM and waits; the exit code and everything logged.
    pub fn stop(mut self) -> (Option<i32>, String) {
        use std::io::Read;
        // The shell's own kill: no procps needed on a bare machine.
        let killed = std::process::Command::new("sh")
            .args(["-c", &format!("kill -TERM {}", self.child.id())])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let mut rest = String::new();
        let _ = self.stderr.read_to_string(&mut rest);
        self.logged.push_str(&rest);
        let status = self.child.wait().expect("emcee exits");
        (status.code(), std::mem::take(&mut self.logged))
    }

    /// A plain HTTP/1.1 request; the whole response.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.address).expect("connects");
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: emcee\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).expect("request sent");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response read");
        response
    }
}

/// A fresh PostgreSQL database for one test under `EMCEE_TEST_DATABASE_URL` (which `.ci/run`
/// sets), or `None`, said on stderr, outside CI without a server. In CI a missing server fails.
pub fn postgres(name: &str) -> Option<String> {
    let name = format!("emcee_it_{name}_{}", std::process::id());
    let server = emcee::store::test_server()?;
    Some(emcee::store::scratch_database(&server, &name).expect("a scratch database"))
}
