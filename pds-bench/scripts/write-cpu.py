#!/usr/bin/env python3
"""CPU per createRecord request by thread kind, from /proc, around one wrk run.

Usage: write-cpu.py PID PORT ACCOUNTS_FILE CONNECTIONS SECONDS
  PID: the server's java process; ACCOUNTS_FILE: "<did> <jwt>" lines (setup-accounts.mjs);
  wrk runs ../shared/bench/create-record.lua with -tN -cN. Prints wrk's rate and latency and,
  per thread kind (names without their numbers), user+system CPU microseconds per request.
"""
import collections, os, re, subprocess, sys

pid, port, accounts, conns, secs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
script = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../shared/bench/create-record.lua')
if not os.path.exists(script):
    script = '/work/shared/bench/create-record.lua'
tick = os.sysconf('SC_CLK_TCK')

def snapshot():
    out = collections.Counter()
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            name = open(f'/proc/{pid}/task/{t}/comm').read().strip()
            stat = open(f'/proc/{pid}/task/{t}/stat').read()
        except OSError:
            continue  # the thread ended
        fields = stat[stat.rindex(')') + 2:].split()
        out[re.sub(r'[-#]?\d+$', '', name)] += int(fields[11]) + int(fields[12])
    return out

before = snapshot()
run = subprocess.run(['wrk', f'-t{conns}', f'-c{conns}', f'-d{secs}s', '-s', script, f'http://127.0.0.1:{port}'],
                     capture_output=True, text=True, env=dict(os.environ, ACCOUNTS=accounts))
after = snapshot()
n = int(re.search(r'(\d+) requests in', run.stdout).group(1))
rate = re.search(r'Requests/sec:\s+(\S+)', run.stdout).group(1)
extra = ' '.join(l for l in run.stdout.splitlines() if 'non200' in l)
print(f'connections={conns} requests={n} req/s={rate} {extra} load={open("/proc/loadavg").read().split()[0]}')
total = 0.0
for kind in sorted(after, key=lambda k: before[k] - after[k]):
    us = (after[kind] - before[kind]) / tick * 1e6 / n
    total += us
    if us >= 1:
        print(f'  {kind:32s} {us:8.1f} us/request')
print(f'  {"all threads":32s} {total:8.1f} us/request')
