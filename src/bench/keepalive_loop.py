#!/usr/bin/python3
"""The keep-alive loop of issue 14, as a scripted client runs it: one connection with the standard
library's http.client, GET requests one after another, each sent as soon as the previous answer
has been read, cycling the paths (those of the issue unless --paths says otherwise). A request
with no answer within the timeout is a stall: it is counted, and the loop goes on over a new
connection.

    /usr/bin/python3 src/bench/keepalive_loop.py [--port 8080] [--requests 1000] [--timeout 2] [--paths a,b,c]

Prints requests answered, stalls, requests that failed otherwise, connections opened, and p50/p99
latency of the answered ones.
KeepAliveLoop.java runs the same loop with Java's HttpClient.
"""
import argparse
import http.client
import socket
import statistics
import time

PATHS = "/api/operations,/api/images?limit=1,/api/jobs?limit=1"


def main():
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--host", default="localhost")
    args.add_argument("--port", type=int, default=8080)
    args.add_argument("--requests", type=int, default=1000)
    args.add_argument("--timeout", type=float, default=2.0, help="seconds before a request counts as stalled")
    args.add_argument("--paths", default=PATHS, help="comma-separated paths to cycle")
    options = args.parse_args()
    paths = options.paths.split(",")

    def connect():
        return http.client.HTTPConnection(options.host, options.port, timeout=options.timeout)

    # One request per path first, each on its own connection and not counted, so that a freshly
    # started instance's first-request class loading is not taken for a stall.
    for path in paths:
        warm_up = http.client.HTTPConnection(options.host, options.port, timeout=30)
        try:
            warm_up.request("GET", path)
            warm_up.getresponse().read()
        except OSError:
            pass
        finally:
            warm_up.close()

    connection = connect()
    connections = 1
    latencies = []
    stalls = []
    failed = 0
    for i in range(options.requests):
        path = paths[i % len(paths)]
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()  # the next request opens another
                connections += 1
        except (socket.timeout, TimeoutError):
            stalls.append(f"#{i} {path} after {paths[(i - 1) % len(paths)]}")
            connection.close()
            connection = connect()
            connections += 1
        except (http.client.RemoteDisconnected, ConnectionError):
            # Closed or refused (an idle timeout, a server that is down): not a stall, but counted.
            failed += 1
            connection.close()
            connection = connect()
            connections += 1

    print(report("python http.client", options.requests, latencies, stalls, failed, connections))


def report(client, sent, latencies, stalls, failed, connections):
    ordered = sorted(latencies)

    def percentile(p):
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")

    lines = [f"{client}: {len(latencies)}/{sent} answered, {len(stalls)} stalls, {failed} failed, "
             f"{connections} connections, "
             f"p50 {percentile(50):.2f} ms, p99 {percentile(99):.2f} ms, "
             f"mean {statistics.fmean(latencies) if latencies else float('nan'):.2f} ms"]
    lines += [f"  stalled: {stall}" for stall in stalls[:10]]
    if len(stalls) > 10:
        lines.append(f"  ... and {len(stalls) - 10} more")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
