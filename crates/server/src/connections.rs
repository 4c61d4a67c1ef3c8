//! Accepting connections with limits a slow or greedy client cannot get around.
//!
//! `axum::serve` reads request headers for as long as a client cares to send them and
//! keeps any number of connections: a hundred clients that never finish their headers
//! (slowloris) hold a hundred descriptors for ever, and a few hundred take the server's
//! last ones. Here every connection gets:
//!
//! * a header timeout: the request head must arrive whole within
//!   [`ConnectionLimits::header_timeout`] of the moment the server waits for it — on a
//!   new connection and between the requests of a kept-alive one, so it is also the idle
//!   keep-alive timeout;
//! * a cap per client address ([`ConnectionLimits::per_address`]; IPv6 by /64, as the
//!   rate limits count): a connection beyond it is closed at once, so one client cannot
//!   take the descriptors others need. Behind a reverse proxy every connection comes
//!   from the proxy: raise the cap there (`maxConnectionsPerAddress`).
//!
//! Once the head is in, [`crate::REQUEST_TIMEOUT`] bounds the rest of the request.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tower::Service;

/// How long a client may take to send a request head, or stay idle between requests.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections at once from one address (a browser opens six; a load test 64).
pub const DEFAULT_PER_ADDRESS: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    pub header_timeout: Duration,
    pub per_address: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            per_address: DEFAULT_PER_ADDRESS,
        }
    }
}

/// Who a connection is counted against: the address, IPv6 by its /64 (one host has a
/// whole /64), an IPv4-mapped address as the IPv4 one.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

type Counts = Arc<Mutex<HashMap<IpAddr, usize>>>;

/// One open connection, counted against its address until dropped.
struct Counted {
    counts: Counts,
    key: IpAddr,
}

impl Counted {
    fn take(counts: &Counts, ip: IpAddr, cap: usize) -> Option<Counted> {
        let key = client_key(ip);
        let mut map = counts.lock().ok()?;
        let n = map.entry(key).or_insert(0);
        if *n >= cap {
            return None;
        }
        *n += 1;
        Some(Counted {
            counts: counts.clone(),
            key,
        })
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        if let Ok(mut map) = self.counts.lock() {
            if let Some(n) = map.get_mut(&self.key) {
                *n -= 1;
                if *n == 0 {
                    map.remove(&self.key);
                }
            }
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting and
/// waits for the requests in flight (idle connections are closed at once).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let counts: Counts = Arc::default();
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors, most likely: wait for some to be given back
                    // rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Some(counted) = Counted::take(&counts, remote.ip(), limits.per_address) else {
            tracing::debug!("connection refused: too many from one address");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(remote));
            let mut app = app.clone();
            async move {
                Ok::<_, Infallible>(
                    app.call(req.map(axum::body::Body::new))
                        .await
                        .unwrap_or_else(|e| match e {}),
                )
            }
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .keep_alive(true)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(counted);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_counted_per_client() {
        let counts: Counts = Arc::default();
        let v4: IpAddr = "192.0.2.7".parse().unwrap();
        let a = Counted::take(&counts, v4, 2).unwrap();
        let b = Counted::take(&counts, "::ffff:192.0.2.7".parse().unwrap(), 2).unwrap();
        assert!(
            Counted::take(&counts, v4, 2).is_none(),
            "the mapped address is the same client"
        );
        assert!(Counted::take(&counts, "192.0.2.8".parse().unwrap(), 2).is_some());
        drop(a);
        assert!(Counted::take(&counts, v4, 2).is_some());
        drop(b);
        let x = Counted::take(&counts, "2001:db8:1:2::1".parse().unwrap(), 1).unwrap();
        assert!(
            Counted::take(&counts, "2001:db8:1:2:ffff::9".parse().unwrap(), 1).is_none(),
            "one /64"
        );
        assert!(Counted::take(&counts, "2001:db8:1:3::1".parse().unwrap(), 1).is_some());
        drop(x);
    }
}
