//! Shared by the transport tests: the app over the bundled `data/` (facts only, so snapshots
//! hold no prose from the posts), a fixed clock, and `emcee serve`'s HTTP server on loopback.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use emcee::archive::Archive;
use emcee::config::Config;
use emcee::server::App;

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
    App::new(bundled(), config)
        .expect("the app starts")
        .with_clock(Arc::new(|| at(NOW)))
}

/// Serves the app's HTTP routes on 127.0.0.1 (any free port) until the test ends.
pub async fn serve(app: App) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(emcee::server::serve_http(
        Arc::new(app),
        listener,
        std::future::pending(),
    ));
    address
}
