#!/usr/bin/python3
"""SimPy on the two kernel benchmarks of docs/benchmarks.md, for the comparison table there.
Not built or run by meson: SimPy is optional (Debian 12: apt-get install python3-simpy3, which
is SimPy 3.0.11 for the system Python, /usr/bin/python3).

    /usr/bin/python3 tests/bench_simpy.py mm1 CUSTOMERS       # prints model events per second
    /usr/bin/python3 tests/bench_simpy.py hold QUEUE_SIZE HOLDS  # prints ns per hold

M/M/1 is written as SimPy users write it (a source process, one process per customer, a
Resource for the server), with the same rates as bench_mm1 (lambda 0.9, mu 1.0) and the same
count of model events, two per customer. The hold model keeps QUEUE_SIZE processes, each
waiting an exponential time (mean 1) over and over; a hold is one of those timeouts. Each
prints the best of three runs, CPU time of this process."""
import random
import sys
import time

import simpy

LAMBDA, MU = 0.9, 1.0


def mm1(customers):
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    rng = random.Random(1)
    started = [0]

    def customer():
        with server.request() as req:
            yield req
            started[0] += 1
            yield env.timeout(rng.expovariate(MU))

    def source():
        for _ in range(customers):
            env.process(customer())
            yield env.timeout(rng.expovariate(LAMBDA))

    env.process(source())
    t0 = time.process_time()
    env.run()
    return 2 * customers / (time.process_time() - t0)


def hold(size, holds):
    env = simpy.Environment()
    rng = random.Random(1)
    per = holds // size + 1

    def holder():
        for _ in range(per):
            yield env.timeout(rng.expovariate(1.0))

    for _ in range(size):
        env.process(holder())
    t0 = time.process_time()
    env.run()
    return (time.process_time() - t0) * 1e9 / (per * size)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == 'mm1':
        rate = max(mm1(int(sys.argv[2])) for _ in range(3))
        print('simpy %s\nevents_per_second %.0f' % (simpy.__version__, rate))
    elif len(sys.argv) == 4 and sys.argv[1] == 'hold':
        ns = min(hold(int(sys.argv[2]), int(sys.argv[3])) for _ in range(3))
        print('simpy %s\nns_per_hold %.0f' % (simpy.__version__, ns))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
