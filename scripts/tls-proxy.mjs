// A TLS front for `microcred serve` on loopback, for test suites that only speak HTTPS:
// accepts HTTPS on 127.0.0.1:LISTEN and forwards each request as plain HTTP to
// 127.0.0.1:TARGET, headers and body unchanged. Node's own modules only.
//
//   node scripts/tls-proxy.mjs LISTEN TARGET CERT.pem KEY.pem
import https from 'node:https';
import http from 'node:http';
import fs from 'node:fs';

const [listen, target, cert, key] = process.argv.slice(2);
if(!listen || !target || !cert || !key) {
  console.error('usage: tls-proxy.mjs LISTEN TARGET CERT.pem KEY.pem');
  process.exit(2);
}
const server = https.createServer({
  cert: fs.readFileSync(cert),
  key: fs.readFileSync(key)
}, (req, res) => {
  const upstream = http.request({
    host: '127.0.0.1',
    port: Number(target),
    method: req.method,
    path: req.url,
    headers: req.headers
  }, up => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    if(!res.headersSent) {
      res.writeHead(502, {'content-type': 'text/plain'});
    }
    res.end('upstream unavailable');
  });
  req.pipe(upstream);
});
server.listen(Number(listen), '127.0.0.1');
for(const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
