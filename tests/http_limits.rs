//! What one HTTP client may cost `emcee serve`, over loopback: body caps (413), the time to
//! send headers (closed) and a body (408), and the cap on answers in flight (503 with
//! Retry-After), each against the real routes.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use emcee::http_limits::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support;

/// Small limits, so that the tests are quick.
fn limits() -> Limits {
    Limits {
        platform_body: 4096,
        other_body: 512,
        header_timeout: Duration::from_millis(300),
        body_timeout: Duration::from_millis(300),
        in_flight: 2,
        retry_after: Duration::from_secs(3),
    }
}

/// emcee's routes over `data/` (Slack's endpoint on), served on loopback under `limits`.
async fn serve(limits: Limits) -> SocketAddr {
    let app = support::app(support::config(&[("EMCEE_SLACK_SIGNING_SECRET", "secret")]));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("an address");
    let routes = emcee::server::routes(Arc::new(app)).expect("the routes");
    tokio::spawn(async move {
        emcee::http_limits::serve(routes, listener, &limits, std::future::pending()).await
    });
    address
}

/// Writes `request` as is and reads what comes back until the server closes or `wait` passes.
async fn raw(address: SocketAddr, request: &[u8], wait: Duration) -> (String, bool) {
    let mut stream = TcpStream::connect(address).await.expect("connects");
    stream.write_all(request).await.expect("writes");
    let mut answer = Vec::new();
    let closed = tokio::time::timeout(wait, stream.read_to_end(&mut answer))
        .await
        .is_ok();
    (String::from_utf8_lossy(&answer).into_owned(), closed)
}

fn status(answer: &str) -> &str {
    answer.split(' ').nth(1).unwrap_or_default()
}

#[tokio::test]
async fn a_body_over_the_cap_is_413_and_one_under_it_is_answered() {
    let address = serve(limits()).await;
    let client = reqwest::Client::new();
    let post = |size: usize| {
        client
            .post(format!("http://{address}/slack/commands"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("command=%2Fhelp&text={}", "a".repeat(size)))
            .send()
    };
    // Under the cap, the request reaches Slack's endpoint, which refuses it unsigned.
    assert_eq!(post(3000).await.expect("answers").status(), 401);
    assert_eq!(post(5000).await.expect("answers").status(), 413);
    // A body streamed without a length is cut at the cap just the same.
    let chunks =
        futures_util::stream::iter((0..8).map(|_| Ok::<_, std::io::Error>(vec![b'a'; 1024])));
    let streamed = client
        .post(format!("http://{address}/slack/commands"))
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .expect("answers");
    assert_eq!(streamed.status(), 413);
    // The GET routes take far less.
    let get = client
        .get(format!("http://{address}/calendar.ics"))
        .body(vec![b'x'; 1000])
        .send()
        .await
        .expect("answers");
    assert_eq!(get.status(), 413);
    let get = client
        .get(format!("http://{address}/calendar.ics"))
        .send()
        .await
        .expect("answers");
    assert_eq!(get.status(), 200);
}

#[tokio::test]
async fn headers_sent_too_slowly_close_the_connection() {
    let address = serve(limits()).await;
    let started = Instant::now();
    let (answer, closed) = raw(
        address,
        b"GET /healthz HTTP/1.1\r\nHost: emcee\r\n",
        Duration::from_secs(5),
    )
    .await;
    assert!(closed, "still open after 5 s: {answer}");
    assert!(
        answer.is_empty() || status(&answer) == "408",
        "answered a request never finished: {answer}"
    );
    assert!(started.elapsed() >= Duration::from_millis(250));
    // The server is still there for the next client.
    let (answer, _) = raw(
        address,
        b"GET /healthz HTTP/1.1\r\nHost: emcee\r\nConnection: close\r\n\r\n",
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(status(&answer), "200", "{answer}");
}

#[tokio::test]
async fn a_body_sent_too_slowly_is_408() {
    let address = serve(limits()).await;
    let (answer, closed) = raw(
        address,
        b"POST /slack/commands HTTP/1.1\r\nHost: emcee\r\nContent-Length: 100\r\n\
          Content-Type: application/x-www-form-urlencoded\r\n\r\ncommand=",
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(status(&answer), "408", "{answer}");
    assert!(closed, "the connection stays open after a 408");
}

#[tokio::test]
async fn answers_past_the_cap_in_flight_are_503_with_retry_after() {
    let address = serve(limits()).await;
    // Two clients each hold an answer in flight: headers sent, body still coming.
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(address).await.expect("connects");
        stream
            .write_all(
                b"POST /slack/commands HTTP/1.1\r\nHost: emcee\r\nContent-Length: 100\r\n\r\nco",
            )
            .await
            .expect("writes");
        held.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let client = reqwest::Client::new();
    let third = client
        .post(format!("http://{address}/slack/commands"))
        .body("command=%2Fhelp")
        .send()
        .await
        .expect("answers");
    assert_eq!(third.status(), 503);
    assert_eq!(
        third
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("3")
    );
    // Probes still answer: a busy server is not a dead one.
    let probe = client
        .get(format!("http://{address}/healthz"))
        .send()
        .await
        .expect("answers");
    assert_eq!(probe.status(), 200);
    // Once the held answers end (their bodies time out), there is room again.
    tokio::time::sleep(Duration::from_millis(600)).await;
    drop(held);
    let later = client
        .post(format!("http://{address}/slack/commands"))
        .body("command=%2Fhelp")
        .send()
        .await
        .expect("answers");
    assert_eq!(later.status(), 401);
}
