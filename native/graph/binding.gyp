# A small N-API addon exposing TensorFlow's graph C API (TF_Graph, gradients,
# TF_Session) next to tfjs-node's eager binding, linked against the same
# libtensorflow that tfjs-node ships in node_modules/@tensorflow/tfjs-node/deps.
{
  'variables': {
    'tf_deps': '<(module_root_dir)/../../node_modules/@tensorflow/tfjs-node/deps',
  },
  'targets': [{
    'target_name': 'tf_graph',
    'sources': ['tf_graph.cc'],
    'include_dirs': ['<(tf_deps)/include'],
    'cflags_cc': ['-std=c++17', '-O2', '-Wall'],
    'cflags_cc!': ['-fno-exceptions', '-fno-rtti'],
    'libraries': [
      # build/Release/tf_graph.node -> the checkout's node_modules (moves with it).
      '-Wl,-rpath,\$$ORIGIN/../../../../node_modules/@tensorflow/tfjs-node/deps/lib',
      '-ltensorflow',
      '-ltensorflow_framework',
    ],
    'library_dirs': ['<(tf_deps)/lib'],
  }],
}
