# Reads `perf script` output of fdatasync and block tracepoints (trace-syncs.sh) and prints, for
# the most common kinds of fdatasync (the block requests it issued: WS data, WSM metadata, FF
# flush), how many there were and the median and mean of each phase in microseconds.
import collections, re, sys

events = []
for line in open(sys.argv[1]):
    m = re.match(r'\s*(\S.*?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s*(.*)', line)
    if m:
        events.append(m.groups())
current = None
phases = collections.defaultdict(lambda: collections.defaultdict(list))
for comm, tid, cpu, ts, name, rest in events:
    t = float(ts) * 1e6
    if name == 'syscalls:sys_enter_fdatasync':
        current = {'tid': tid, 't0': t, 'seq': []}
    elif current is None:
        continue
    elif name in ('block:block_rq_issue', 'block:block_rq_complete'):
        current['seq'].append(('i' if name.endswith('issue') else 'c', rest.split()[1], t))
    elif name == 'syscalls:sys_exit_fdatasync' and tid == current['tid']:
        seq = current['seq']
        times = [current['t0']] + [x[2] for x in seq] + [t]
        labels = ['enter'] + [x[0] + x[1] for x in seq] + ['exit']
        # the same requests may complete in another order: each order is its own kind
        key = ' '.join(x[1] for x in seq if x[0] == 'i') + ' | ' + ' '.join(labels)
        phases[key]['total'].append(t - current['t0'])
        for i in range(1, len(times)):
            phases[key][labels[i - 1] + '->' + labels[i]].append(times[i] - times[i - 1])
        current = None
for key, by_phase in sorted(phases.items(), key=lambda kv: -len(kv[1]['total']))[:3]:
    print(len(by_phase['total']), 'fdatasyncs issuing', key)
    for phase, xs in by_phase.items():
        xs = sorted(xs)
        print('   %-14s p50 %6.0f mean %6.0f' % (phase, xs[len(xs) // 2], sum(xs) / len(xs)))
