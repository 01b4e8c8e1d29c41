// bench_proxy: one run, on loopback, wrk at 16 and 64 connections against
//   the workload directly, meshproxy (one worker), HAProxy (one thread) and
//   nginx (one worker, keep-alive upstream); then an mTLS sidecar pair
//   (outbound -> inbound) against the same pair in plaintext.
// Prints rps / p50 / p99 per target, the meshproxy/HAProxy and meshproxy/nginx
// ratios, meshproxy idle RSS and CPU seconds per 1,000 requests.
// Everything it starts lives on 127.0.30.x and in a temp dir, and is killed.
#include <QTemporaryDir>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "mesh_fixture.h"

using namespace mpt;

namespace {
const int kSeconds = 4;

struct WrkResult {
  double rps = 0, p50 = 0, p99 = 0;  // ms
  long requests = 0;
  bool ok = false;
};

double toMs(const std::string& v) {
  double x = std::atof(v.c_str());
  if (v.find("us") != std::string::npos) return x / 1000;
  if (v.find("ms") != std::string::npos) return x;
  if (v.find('s') != std::string::npos) return x * 1000;
  return x;
}

WrkResult wrk(const std::string& url, int conns, const std::string& host = "") {
  std::string cmd = "wrk -t1 -c" + std::to_string(conns) + " -d" + std::to_string(kSeconds) + "s --latency " +
                    (host.empty() ? "" : "-H 'Host: " + host + "' ") + url + " 2>&1";
  WrkResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char line[512];
  long non2xx = 0, errors = 0;
  while (std::fgets(line, sizeof line, p)) {
    std::string s(line);
    std::istringstream in(s);
    std::string a, b;
    in >> a >> b;
    if (a == "Requests/sec:") r.rps = std::atof(b.c_str());
    else if (a == "50.000%" || a == "50%") r.p50 = toMs(b);
    else if (a == "99.000%" || a == "99%") r.p99 = toMs(b);
    else if (s.find("requests in") != std::string::npos) r.requests = std::atol(a.c_str());
    else if (a == "Non-2xx") non2xx = std::atol(s.substr(s.rfind(' ') + 1).c_str());
    else if (a == "Socket" && s.find("errors") != std::string::npos) errors = 1;
  }
  ::pclose(p);
  r.ok = r.rps > 0 && non2xx == 0 && errors == 0;
  return r;
}

long rssKb(qint64 pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string k;
  long v = 0;
  while (in >> k) {
    if (k == "VmRSS:") {
      in >> v;
      return v;
    }
  }
  return 0;
}

double cpuSeconds(qint64 pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream f(s.substr(s.rfind(')') + 2));
  std::string tok;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && f >> tok; ++i) {
    if (i == 14) utime = std::atol(tok.c_str());
    if (i == 15) stime = std::atol(tok.c_str());
  }
  return double(utime + stime) / double(::sysconf(_SC_CLK_TCK));
}

void write(const std::string& path, const std::string& s) { std::ofstream(path) << s; }

void row(const std::string& name, int c, const WrkResult& r) {
  std::printf("%-22s %4d %12.0f %9.3f %9.3f %s\n", name.c_str(), c, r.rps, r.p50, r.p99, r.ok ? "" : "(errors)");
}

std::string proxyConfig(const std::string& addr, const std::string& extraListeners, const std::string& clusterTls,
                        const std::string& upstream, const std::string& identity) {
  return "version: \"bench\"\naccessLog: false\nnode: {workload: bench, namespace: bench}\n" + identity +
         "admin: {address: " + addr + ", port: 15000}\n"
         "listeners:\n  - {name: outbound, kind: outbound, address: " + addr + ", port: 15001, routeTable: out}\n" +
         extraListeners +
         "routeTables:\n  - name: out\n    virtualHosts:\n      - {name: bench, domains: [\"*\"], routes: [{route: [{cluster: up}]}]}\n"
         "clusters:\n  - name: up\n    trafficPolicy: {tls: " + clusterTls + "}\n    endpoints: [{address: " + upstream +
         ", identity: \"spiffe://cluster.local/ns/bench/sa/b\"}]\n";
}
}  // namespace

int main() {
  for (const char* tool : {"wrk", "haproxy", "nginx", "openssl"})
    if (std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) != 0) {
      std::printf("bench_proxy: %s not installed; skipping\n", tool);
      return 0;
    }
  // Our own servers must answer, not leftovers of an earlier run.
  if (waitForPort("127.0.30.4", 8082, 100) || waitForPort("127.0.30.3", 8081, 100)) {
    std::printf("bench_proxy: 127.0.30.3:8081 or 127.0.30.4:8082 is already taken (leftover process?)\n");
    return 1;
  }
  QTemporaryDir tmp;
  const std::string d = tmp.path().toStdString();
  Processes procs;
  procs.setLogDir(d);

  // Upstream workload and the three proxies in front of it.
  procs.start("meshworkload", {"--listen", "127.0.30.2:8080", "--service", "bench", "--response-size", "64"}, "workload");
  write(d + "/mesh.yaml", proxyConfig("127.0.30.1", "", "{mode: DISABLE}", "127.0.30.2, port: 8080", ""));
  QProcess* mesh = procs.start("meshproxy", {"--config", QString::fromStdString(d + "/mesh.yaml")}, "meshproxy");
  write(d + "/haproxy.cfg",
        "global\n  nbthread 1\n  maxconn 4096\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n"
        "  timeout server 30s\n  option http-keep-alive\n  http-reuse always\n"
        "frontend fe\n  bind 127.0.30.3:8081\n  default_backend be\nbackend be\n  server w 127.0.30.2:8080\n");
  QProcess* ha = new QProcess;
  ha->setProcessChannelMode(QProcess::MergedChannels);
  ha->setStandardOutputFile(QString::fromStdString(d + "/haproxy.log"));
  ha->start("haproxy", {"-db", "-f", QString::fromStdString(d + "/haproxy.cfg")});
  write(d + "/nginx.conf",
        "worker_processes 1;\ndaemon off;\npid " + d + "/nginx.pid;\nerror_log " + d + "/nginx-error.log;\n"
        "events { worker_connections 4096; }\nhttp {\n  access_log off;\n  client_body_temp_path " + d + ";\n"
        "  proxy_temp_path " + d + ";\n  fastcgi_temp_path " + d + ";\n  uwsgi_temp_path " + d + ";\n  scgi_temp_path " + d + ";\n"
        "  upstream up { server 127.0.30.2:8080; keepalive 128; }\n"
        "  server { listen 127.0.30.4:8082; location / { proxy_pass http://up; proxy_http_version 1.1; "
        "proxy_set_header Connection \"\"; } }\n}\n");
  QProcess* ng = new QProcess;
  ng->setProcessChannelMode(QProcess::MergedChannels);
  ng->setStandardOutputFile(QString::fromStdString(d + "/nginx.log"));
  ng->start("nginx", {"-p", QString::fromStdString(d), "-e", QString::fromStdString(d + "/nginx-error.log"), "-c",
                      QString::fromStdString(d + "/nginx.conf")});
  auto cleanup = [&] {
    // SIGTERM, not SIGKILL: nginx's master must live long enough to stop its
    // worker, or the worker is orphaned and keeps the port.
    for (QProcess* p : {ha, ng}) {
      p->terminate();
      if (!p->waitForFinished(3000)) {
        p->kill();
        p->waitForFinished(3000);
      }
      delete p;
    }
    procs.killAll();
  };
  bool up = waitForPort("127.0.30.2", 8080) && waitForPort("127.0.30.1", 15001) && waitForPort("127.0.30.3", 8081) &&
            waitForPort("127.0.30.4", 8082);
  if (!up) {
    std::printf("bench_proxy: a server did not start (logs in %s)\n", d.c_str());
    cleanup();
    return 1;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const long idleRss = rssKb(mesh->processId());

  std::printf("%-22s %4s %12s %9s %9s\n", "target", "conn", "rps", "p50 ms", "p99 ms");
  WrkResult res[4][2];
  const int conns[2] = {16, 64};
  double meshCpu = 0;
  long meshRequests = 0;
  const char* names[4] = {"workload (direct)", "meshproxy", "haproxy", "nginx"};
  const std::string urls[4] = {"http://127.0.30.2:8080/", "http://127.0.30.1:15001/", "http://127.0.30.3:8081/",
                               "http://127.0.30.4:8082/"};
  for (int t = 0; t < 4; ++t)
    for (int c = 0; c < 2; ++c) {
      const double cpu0 = t == 1 ? cpuSeconds(mesh->processId()) : 0;
      res[t][c] = wrk(urls[t], conns[c], t == 1 ? "bench" : "");
      if (t == 1) {
        meshCpu += cpuSeconds(mesh->processId()) - cpu0;
        meshRequests += res[t][c].requests;
      }
      row(names[t], conns[c], res[t][c]);
    }

  // mTLS pair vs plaintext pair: client -> A outbound -> B inbound -> workload.
  Pki pki{d};
  bool certs = pki.makeCa("ca") && pki.makeLeaf("ca", "a", "spiffe://cluster.local/ns/bench/sa/a") &&
               pki.makeLeaf("ca", "b", "spiffe://cluster.local/ns/bench/sa/b");
  WrkResult pair[2][2];
  if (certs) {
    auto id = [&](const std::string& n) {
      return "identity: {cert: " + pki.path(n + ".crt") + ", key: " + pki.path(n + ".key") + ", ca: " + pki.path("ca.crt") + "}\n";
    };
    auto inbound = [](const std::string& addr, const std::string& mode) {
      return "  - {name: inbound, kind: inbound, address: " + addr + ", port: 15006, mtls: " + mode +
             ", forwardTo: {address: 127.0.30.2, port: 8080}}\n";
    };
    write(d + "/a-tls.yaml", proxyConfig("127.0.30.5", "", "{mode: ISTIO_MUTUAL}", "127.0.30.6, port: 15006", id("a")));
    write(d + "/b-tls.yaml", proxyConfig("127.0.30.6", inbound("127.0.30.6", "STRICT"), "{mode: DISABLE}", "127.0.30.2, port: 8080", id("b")));
    write(d + "/a-plain.yaml", proxyConfig("127.0.30.7", "", "{mode: DISABLE}", "127.0.30.8, port: 15006", ""));
    write(d + "/b-plain.yaml", proxyConfig("127.0.30.8", inbound("127.0.30.8", "DISABLE"), "{mode: DISABLE}", "127.0.30.2, port: 8080", ""));
    for (auto n : {"a-tls", "b-tls", "a-plain", "b-plain"})
      procs.start("meshproxy", {"--config", QString::fromStdString(d + "/" + n + ".yaml")}, n);
    if (waitForPort("127.0.30.5", 15001) && waitForPort("127.0.30.6", 15006) && waitForPort("127.0.30.7", 15001) &&
        waitForPort("127.0.30.8", 15006)) {
      for (int c = 0; c < 2; ++c) {
        pair[0][c] = wrk("http://127.0.30.7:15001/", conns[c], "bench");
        row("pair plaintext", conns[c], pair[0][c]);
        pair[1][c] = wrk("http://127.0.30.5:15001/", conns[c], "bench");
        row("pair mTLS", conns[c], pair[1][c]);
      }
    }
  }

  std::printf("\n");
  for (int c = 0; c < 2; ++c) {
    auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    std::printf("c=%-3d meshproxy/haproxy rps %.2fx p99 %.2fx | meshproxy/nginx rps %.2fx p99 %.2fx | mTLS/plain pair rps %.2fx\n",
                conns[c], ratio(res[1][c].rps, res[2][c].rps), ratio(res[1][c].p99, res[2][c].p99),
                ratio(res[1][c].rps, res[3][c].rps), ratio(res[1][c].p99, res[3][c].p99),
                ratio(pair[1][c].rps, pair[0][c].rps));
  }
  std::printf("meshproxy idle RSS: %.1f MB\n", double(idleRss) / 1024.0);
  std::printf("meshproxy CPU: %.3f s per 1,000 requests (%ld requests)\n",
              meshRequests ? meshCpu * 1000.0 / double(meshRequests) : 0.0, meshRequests);
  cleanup();
  return 0;
}
