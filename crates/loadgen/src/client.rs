//! A bare HTTP/1.1 client: one keep-alive connection per worker over a plain TCP
//! stream, so the load generator adds as little work of its own as it can.

use std::net::{SocketAddr, ToSocketAddrs};

use anyhow::{anyhow, bail, Context, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Request, StatusCode, Uri};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpStream;

/// Where the server is: `http://HOST:PORT[/PREFIX]`.
#[derive(Debug, Clone)]
pub struct Target {
    pub addr: SocketAddr,
    /// `HOST:PORT`, for the `Host` header.
    pub authority: String,
    /// The base path without a trailing slash (usually empty).
    pub prefix: String,
}

impl Target {
    pub fn parse(base: &str) -> Result<Target> {
        let rest = match base.strip_prefix("http://") {
            Some(r) => r,
            None if base.starts_with("https://") => {
                bail!("--url: only plain http:// is supported (benchmark behind the TLS proxy)")
            }
            None => bail!("--url must start with http://, e.g. http://127.0.0.1:8080"),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if authority.is_empty() {
            bail!("--url has no host: {base}");
        }
        let with_port = if authority.ends_with(']') || !authority.contains(':') {
            format!("{authority}:80")
        } else {
            authority.to_string()
        };
        let addr = with_port
            .to_socket_addrs()
            .with_context(|| format!("cannot resolve {authority}"))?
            .next()
            .ok_or_else(|| anyhow!("{authority} resolves to no address"))?;
        Ok(Target {
            addr,
            authority: authority.to_string(),
            prefix: path.trim_end_matches('/').to_string(),
        })
    }

    /// The request target for `path` (which starts with `/`).
    pub fn uri(&self, path: &str) -> Result<Uri> {
        format!("{}{path}", self.prefix)
            .parse()
            .with_context(|| format!("not a valid request path: {path}"))
    }
}

/// Why a request got no response.
pub enum SendError {
    /// The connection was closed before the request went out (e.g. the server ended
    /// the keep-alive); reconnecting and trying again is right.
    Closed,
    /// The request was sent and failed.
    Failed(anyhow::Error),
}

pub struct Conn {
    sender: http1::SendRequest<Full<Bytes>>,
}

impl Conn {
    pub async fn open(target: &Target) -> Result<Conn> {
        let stream = TcpStream::connect(target.addr)
            .await
            .with_context(|| format!("cannot connect to {}", target.addr))?;
        stream.set_nodelay(true)?;
        let (sender, conn) = http1::handshake(TokioIo::new(stream))
            .await
            .context("HTTP handshake")?;
        tokio::spawn(async move {
            // Ends when the server closes the connection or the sender is dropped.
            let _ = conn.await;
        });
        Ok(Conn { sender })
    }

    pub fn is_closed(&self) -> bool {
        self.sender.is_closed()
    }

    /// Sends one request and reads the whole response body.
    pub async fn send(
        &mut self,
        req: Request<Full<Bytes>>,
    ) -> Result<(StatusCode, HeaderMap, Bytes), SendError> {
        if self.sender.ready().await.is_err() {
            return Err(SendError::Closed);
        }
        let resp = self
            .sender
            .send_request(req)
            .await
            .map_err(|e| SendError::Failed(e.into()))?;
        let (parts, body) = resp.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|e| SendError::Failed(e.into()))?
            .to_bytes();
        Ok((parts.status, parts.headers, body))
    }
}

/// A request built once and sent many times.
pub struct Template {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Template {
    pub fn new(
        target: &Target,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Template> {
        let mut map = HeaderMap::new();
        map.insert(
            header::HOST,
            HeaderValue::from_str(&target.authority).context("--url host")?,
        );
        map.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        let body = match body {
            Some(v) => {
                map.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                Bytes::from(serde_json::to_vec(v)?)
            }
            None => Bytes::new(),
        };
        for (k, v) in headers {
            map.insert(
                HeaderName::from_bytes(k.as_bytes()).with_context(|| format!("header {k}"))?,
                HeaderValue::from_str(v).with_context(|| format!("value of header {k}"))?,
            );
        }
        Ok(Template {
            method,
            uri: target.uri(path)?,
            headers: map,
            body,
        })
    }

    pub fn request(&self) -> Request<Full<Bytes>> {
        let mut req = Request::new(Full::new(self.body.clone()));
        *req.method_mut() = self.method.clone();
        *req.uri_mut() = self.uri.clone();
        *req.headers_mut() = self.headers.clone();
        req
    }
}

/// A response during set-up.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    what: String,
}

impl Reply {
    /// The JSON body, if the status is the one wanted.
    pub fn expect_json(&self, status: StatusCode) -> Result<Value> {
        if self.status != status {
            bail!(
                "{}: expected {status}, got {}: {}",
                self.what,
                self.status,
                String::from_utf8_lossy(&self.body)
            );
        }
        serde_json::from_slice(&self.body)
            .with_context(|| format!("{}: the response is not JSON", self.what))
    }
}

/// One set-up request on its own connection.
pub async fn call(
    target: &Target,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Result<Reply> {
    let what = format!("{method} {path}");
    let t = Template::new(target, method, path, headers, body)?;
    let mut conn = Conn::open(target).await?;
    match conn.send(t.request()).await {
        Ok((status, headers, body)) => Ok(Reply {
            status,
            headers,
            body,
            what,
        }),
        Err(SendError::Closed) => bail!("{what}: the server closed the connection"),
        Err(SendError::Failed(e)) => Err(e.context(what)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_base_urls() -> Result<()> {
        let t = Target::parse("http://127.0.0.1:8080/")?;
        assert_eq!(t.addr.port(), 8080);
        assert_eq!(t.authority, "127.0.0.1:8080");
        assert_eq!(t.prefix, "");
        assert_eq!(t.uri("/s/abc")?.to_string(), "/s/abc");
        let t = Target::parse("http://127.0.0.1:9/api")?;
        assert_eq!(t.uri("/healthz")?.to_string(), "/api/healthz");
        let t = Target::parse("http://[::1]")?;
        assert_eq!(t.addr.port(), 80);
        assert!(Target::parse("https://example.org").is_err());
        assert!(Target::parse("127.0.0.1:8080").is_err());
        Ok(())
    }
}
