// bench_proxy: meshproxy against HAProxy and nginx on loopback, like with
//   like: every proxy runs one thread (meshproxy's one event loop, HAProxy
//   nbthread 1, nginx one worker) in front of the same meshworkload, and wrk
//   runs one thread at 16 and 64 connections. Then an mTLS sidecar pair
//   (outbound -> inbound) against the same pair in plaintext.
// The machine is shared and noisy, so each round measures the targets back
// to back at one concurrency, then the next; every measurement follows a 1 s
// warm-up with the same connection count (pools and TLS sessions made, as in
// a running mesh); the run repeats BENCH_ROUNDS times (default 3). It prints
// every measurement, then per concurrency the median and range over the
// rounds of: meshproxy/HAProxy and meshproxy/nginx rps and p99, mTLS/plain
// pair rps, and each proxy's CPU microseconds per request; and meshproxy's
// idle RSS.
// Everything it starts lives on 127.0.30.x and in a temp dir, and is killed.
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>
#include <unistd.h>
#include <vector>

#include "mesh_fixture.h"

using namespace mpt;

namespace {
const int kSeconds = 4, kWarmupSeconds = 1;

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

WrkResult wrk(const std::string& url, int conns, const std::string& host = "", int seconds = kSeconds) {
  std::string cmd = "wrk -t1 -c" + std::to_string(conns) + " -d" + std::to_string(seconds) + "s --latency " +
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

// A process and its children (nginx's worker runs under its master).
double treeCpuSeconds(qint64 pid) {
  double sum = cpuSeconds(pid);
  std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  qint64 child;
  while (in >> child) sum += cpuSeconds(child);
  return sum;
}

void write(const std::string& path, const std::string& s) { std::ofstream(path) << s; }

struct Sample {
  WrkResult r;
  double cpuUsPerRequest = 0;  // the proxy processes' CPU time (0: not measured)
};

void row(int round, const std::string& name, int c, const Sample& s) {
  std::printf("%5d %-20s %4d %10.0f %9.3f %9.3f %10.1f %s\n", round, name.c_str(), c, s.r.rps, s.r.p50, s.r.p99,
              s.cpuUsPerRequest, s.r.ok ? "" : "(errors)");
  std::fflush(stdout);
}

// Warm-up, then the measured run, with the CPU the given processes spent.
Sample measure(const std::string& url, int conns, const std::string& host, const std::vector<qint64>& pids) {
  wrk(url, conns, host, kWarmupSeconds);
  double cpu0 = 0, cpu1 = 0;
  for (auto p : pids) cpu0 += treeCpuSeconds(p);
  Sample s;
  s.r = wrk(url, conns, host);
  for (auto p : pids) cpu1 += treeCpuSeconds(p);
  if (!pids.empty() && s.r.requests > 0) s.cpuUsPerRequest = (cpu1 - cpu0) * 1e6 / double(s.r.requests);
  return s;
}

// "median [min-max]" of a list of values.
std::string spread(std::vector<double> v) {
  if (v.empty()) return "-";
  std::sort(v.begin(), v.end());
  char b[64];
  std::snprintf(b, sizeof b, "%.2f [%.2f-%.2f]", v[v.size() / 2], v.front(), v.back());
  return b;
}
double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

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
  const int rounds = std::max(1, qEnvironmentVariableIsSet("BENCH_ROUNDS") ? qEnvironmentVariableIntValue("BENCH_ROUNDS") : 3);
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

  // The sidecar pairs: client -> A outbound -> B inbound -> workload, mTLS and plaintext.
  Pki pki{d};
  up = up && pki.makeCa("ca") && pki.makeLeaf("ca", "a", "spiffe://cluster.local/ns/bench/sa/a") &&
       pki.makeLeaf("ca", "b", "spiffe://cluster.local/ns/bench/sa/b");
  std::map<std::string, qint64> pairPid;
  if (up) {
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
      pairPid[n] = procs.start("meshproxy", {"--config", QString::fromStdString(d + "/" + n + ".yaml")}, n)->processId();
    up = waitForPort("127.0.30.5", 15001) && waitForPort("127.0.30.6", 15006) && waitForPort("127.0.30.7", 15001) &&
         waitForPort("127.0.30.8", 15006);
  }
  if (!up) {
    std::printf("bench_proxy: a server did not start (logs in %s)\n", d.c_str());
    cleanup();
    return 1;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const long idleRss = rssKb(mesh->processId());

  std::printf("threads: meshproxy 1 event loop, HAProxy nbthread 1, nginx 1 worker, wrk 1 thread; "
              "%d s per measurement after a %d s warm-up; %d rounds\n\n", kSeconds, kWarmupSeconds, rounds);
  std::printf("%5s %-20s %4s %10s %9s %9s %10s\n", "round", "target", "conn", "rps", "p50 ms", "p99 ms", "cpu us/rq");
  const int conns[2] = {16, 64};
  struct Figures {
    std::vector<double> haRps, haP99, ngRps, ngP99, pairRps, meshCpu, haCpu, ngCpu, plainCpu, tlsCpu;
  } fig[2];
  const std::vector<qint64> meshPids = {mesh->processId()}, haPids = {ha->processId()}, ngPids = {ng->processId()};
  const std::vector<qint64> plainPids = {pairPid["a-plain"], pairPid["b-plain"]};
  const std::vector<qint64> tlsPids = {pairPid["a-tls"], pairPid["b-tls"]};
  for (int round = 1; round <= rounds; ++round)
    for (int c = 0; c < 2; ++c) {
      const int n = conns[c];
      row(round, "workload (direct)", n, measure("http://127.0.30.2:8080/", n, "", {}));
      const Sample m = measure("http://127.0.30.1:15001/", n, "bench", meshPids);
      row(round, "meshproxy", n, m);
      const Sample h = measure("http://127.0.30.3:8081/", n, "", haPids);
      row(round, "haproxy", n, h);
      const Sample g = measure("http://127.0.30.4:8082/", n, "", ngPids);
      row(round, "nginx", n, g);
      const Sample plain = measure("http://127.0.30.7:15001/", n, "bench", plainPids);
      row(round, "pair plaintext", n, plain);
      const Sample tls = measure("http://127.0.30.5:15001/", n, "bench", tlsPids);
      row(round, "pair mTLS", n, tls);
      Figures& f = fig[c];
      f.haRps.push_back(ratio(m.r.rps, h.r.rps));
      f.haP99.push_back(ratio(m.r.p99, h.r.p99));
      f.ngRps.push_back(ratio(m.r.rps, g.r.rps));
      f.ngP99.push_back(ratio(m.r.p99, g.r.p99));
      f.pairRps.push_back(ratio(tls.r.rps, plain.r.rps));
      f.meshCpu.push_back(m.cpuUsPerRequest);
      f.haCpu.push_back(h.cpuUsPerRequest);
      f.ngCpu.push_back(g.cpuUsPerRequest);
      f.plainCpu.push_back(plain.cpuUsPerRequest);
      f.tlsCpu.push_back(tls.cpuUsPerRequest);
    }

  std::printf("\nmedian [min-max] over %d rounds\n", rounds);
  for (int c = 0; c < 2; ++c) {
    const Figures& f = fig[c];
    std::printf("c=%-3d meshproxy/haproxy rps %s  p99 %s\n", conns[c], spread(f.haRps).c_str(), spread(f.haP99).c_str());
    std::printf("      meshproxy/nginx   rps %s  p99 %s\n", spread(f.ngRps).c_str(), spread(f.ngP99).c_str());
    std::printf("      mTLS/plain pair   rps %s\n", spread(f.pairRps).c_str());
    std::printf("      CPU us/request: meshproxy %s  haproxy %s  nginx %s  pair plain (A+B) %s  pair mTLS (A+B) %s\n",
                spread(f.meshCpu).c_str(), spread(f.haCpu).c_str(), spread(f.ngCpu).c_str(), spread(f.plainCpu).c_str(),
                spread(f.tlsCpu).c_str());
  }
  std::printf("meshproxy idle RSS: %.1f MB\n", double(idleRss) / 1024.0);
  cleanup();
  return 0;
}
