"""The CPU's measured matmul ceiling, in the same run as the engines (issue 23): large float32
and bfloat16 matmuls through TensorFlow (the engines' libtensorflow, 2.21), with the engines'
threads (TensorFlow's default: one intra-op thread per core). Prints one JSON line:
GFLOP/s of the best of `tries` matmuls a dtype (load only ever lowers a try).
Usage: ceiling.py [n=4096] [tries=3]"""
import json, os, sys, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tensorflow as tf

n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
tries = int(sys.argv[2]) if len(sys.argv) > 2 else 3
out = {"engine": "ceiling", "case": "ceiling", "n": n, "tries": tries,
       "threads": tf.config.threading.get_intra_op_parallelism_threads() or os.cpu_count()}
a32 = tf.random.uniform((n, n), dtype=tf.float32)
b32 = tf.random.uniform((n, n), dtype=tf.float32)
for name, (a, b) in {"float32": (a32, b32),
                     "bfloat16": (tf.cast(a32, tf.bfloat16), tf.cast(b32, tf.bfloat16))}.items():
    tf.linalg.matmul(a, b).numpy()  # warm-up: oneDNN picks and builds its kernel
    times = []
    for _ in range(tries):
        t0 = time.perf_counter()
        tf.linalg.matmul(a, b).numpy()
        times.append(time.perf_counter() - t0)
    out[name] = {"gflops": [2 * n**3 / t / 1e9 for t in times], "best": 2 * n**3 / min(times) / 1e9}
print(json.dumps(out))
