//! Slack: slash commands over HTTP (`POST /slack/commands`) and Socket Mode, answered with Block
//! Kit rendered from the neutral `Reply`. (Being built: see the Slack issue.)

use std::sync::Arc;

use axum::Router;

use crate::server::App;

/// Slack's routes on the shared HTTP server.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
}

/// Connects to Slack in Socket Mode and answers commands until the connection ends.
pub async fn socket_mode(_app: Arc<App>) -> anyhow::Result<()> {
    anyhow::bail!("Slack Socket Mode is not built yet")
}

/// The Slack app manifest for emcee's commands: HTTP commands at `{url}/slack/commands` when
/// `url` is given, Socket Mode otherwise.
pub fn manifest(_url: Option<&str>) -> serde_json::Value {
    serde_json::Value::Null
}
