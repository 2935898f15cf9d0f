// TensorFlow's graph C API for Node (N-API, no other dependency): build a graph op by
// op, add symbolic gradients, run it in a session. Generic on purpose: the model
// translation lives in TypeScript (src/graph). Every TF_Status is checked and
// turned into a JS Error carrying TensorFlow's message.
//
//   newGraph() -> graph
//   addOperation(graph, type, name, inputs, controlInputs, attrs) -> number of outputs
//       inputs: array of [opName, index] or, for list inputs, arrays of those
//       attrs: array of [name, kind, value]; kind: type|int|float|bool|string|shape|ints|types|tensor
//   addGradients(graph, ys, xs) -> [opName, index][] (dy/dx, ys summed)
//   newSession(graph, intraOpThreads, interOpThreads) -> session
//   run(session, feeds, fetches, targets) -> {dtype, shape, data}[]
//       feeds: array of [[opName, index], dtype, shape, TypedArray]
//   closeSession(session)
//   openSessions() -> sessions created and not yet closed (leak checks)
#include <node_api.h>
#include <tensorflow/c/c_api.h>

#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace {

struct JsError {
  std::string message;
};

void check(napi_status s, const char* what) {
  if (s != napi_ok) throw JsError{std::string("tf_graph: N-API call failed: ") + what};
}

struct Status {
  TF_Status* s = TF_NewStatus();
  ~Status() { TF_DeleteStatus(s); }
  void check(const std::string& what) const {
    if (TF_GetCode(s) != TF_OK) throw JsError{what + ": " + TF_Message(s)};
  }
};

struct TensorPtr {
  TF_Tensor* t = nullptr;
  explicit TensorPtr(TF_Tensor* t = nullptr) : t(t) {}
  ~TensorPtr() { if (t) TF_DeleteTensor(t); }
  TensorPtr(const TensorPtr&) = delete;
  TensorPtr(TensorPtr&& o) noexcept : t(o.t) { o.t = nullptr; }
};

struct Graph {
  TF_Graph* g = TF_NewGraph();
  ~Graph() { TF_DeleteGraph(g); }  // TF keeps it alive while a session uses it
};

int openSessionCount = 0;

struct Session {
  TF_Session* s = nullptr;
  TF_Graph* g = nullptr;  // valid until TF_DeleteSession (TF counts the graph's sessions)
  ~Session() { close(); }
  void close() {
    if (!s) return;
    Status st;
    TF_CloseSession(s, st.s);
    TF_DeleteSession(s, st.s);
    s = nullptr;
    openSessionCount--;
  }
};

// ---- JS value helpers ----------------------------------------------------------

std::string getString(napi_env env, napi_value v, const char* what) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, nullptr, 0, &len) != napi_ok) throw JsError{std::string(what) + " must be a string"};
  std::string out(len, '\0');
  check(napi_get_value_string_utf8(env, v, out.data(), len + 1, &len), what);
  return out;
}

double getNumber(napi_env env, napi_value v, const char* what) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) throw JsError{std::string(what) + " must be a number"};
  return d;
}

bool isArray(napi_env env, napi_value v) {
  bool a = false;
  napi_is_array(env, v, &a);
  return a;
}

uint32_t arrayLength(napi_env env, napi_value v, const char* what) {
  if (!isArray(env, v)) throw JsError{std::string(what) + " must be an array"};
  uint32_t n;
  check(napi_get_array_length(env, v, &n), what);
  return n;
}

napi_value element(napi_env env, napi_value arr, uint32_t i) {
  napi_value out;
  check(napi_get_element(env, arr, i, &out), "array element");
  return out;
}

template <typename T>
T* unwrapExternal(napi_env env, napi_value v, const char* what) {
  void* p = nullptr;
  if (napi_get_value_external(env, v, &p) != napi_ok || !p) throw JsError{std::string(what) + " expected"};
  return static_cast<T*>(p);
}

template <typename T>
napi_value wrapExternal(napi_env env, T* p) {
  napi_value out;
  check(napi_create_external(env, p, [](napi_env, void* data, void*) { delete static_cast<T*>(data); }, nullptr, &out), "external");
  return out;
}

TF_DataType dtypeOf(const std::string& name) {
  if (name == "float32") return TF_FLOAT;
  if (name == "int32") return TF_INT32;
  if (name == "int64") return TF_INT64;
  if (name == "uint8") return TF_UINT8;
  if (name == "bool") return TF_BOOL;
  if (name == "resource") return TF_RESOURCE;
  if (name == "bfloat16") return TF_BFLOAT16;  // for attrs (mixed precision); never fed or fetched
  throw JsError{"unsupported dtype '" + name + "' (float32, int32, uint8, int64, bool, resource, bfloat16)"};
}

std::vector<int64_t> getDims(napi_env env, napi_value v, const char* what) {
  uint32_t n = arrayLength(env, v, what);
  std::vector<int64_t> dims(n);
  for (uint32_t i = 0; i < n; i++) dims[i] = static_cast<int64_t>(getNumber(env, element(env, v, i), what));
  return dims;
}

TF_Operation* findOp(TF_Graph* g, const std::string& name) {
  TF_Operation* op = TF_GraphOperationByName(g, name.c_str());
  if (!op) throw JsError{"no operation named '" + name + "' in the graph"};
  return op;
}

// [opName, index]
TF_Output getOutput(napi_env env, TF_Graph* g, napi_value v) {
  if (arrayLength(env, v, "an output ([opName, index])") != 2) throw JsError{"an output must be [opName, index]"};
  TF_Operation* op = findOp(g, getString(env, element(env, v, 0), "output op name"));
  int index = static_cast<int>(getNumber(env, element(env, v, 1), "output index"));
  if (index < 0 || index >= TF_OperationNumOutputs(op)) throw JsError{"operation '" + std::string(TF_OperationName(op)) + "' has no output " + std::to_string(index)};
  return TF_Output{op, index};
}

// A TF tensor from [dtype, shape, TypedArray]: the data is copied (TF may keep it).
TensorPtr makeTensor(napi_env env, napi_value dtypeV, napi_value shapeV, napi_value dataV) {
  TF_DataType dtype = dtypeOf(getString(env, dtypeV, "tensor dtype"));
  std::vector<int64_t> dims = getDims(env, shapeV, "tensor shape");
  size_t count = 1;
  for (int64_t d : dims) {
    if (d < 0) throw JsError{"tensor shape must not have negative dimensions"};
    count *= static_cast<size_t>(d);
  }
  bool typed = false;
  napi_is_typedarray(env, dataV, &typed);
  if (!typed) throw JsError{"tensor data must be a Float32Array, Int32Array or Uint8Array"};
  napi_typedarray_type type;
  size_t length;
  void* data;
  check(napi_get_typedarray_info(env, dataV, &type, &length, &data, nullptr, nullptr), "typed array");
  bool ok = (dtype == TF_FLOAT && type == napi_float32_array) || (dtype == TF_INT32 && type == napi_int32_array) ||
            (dtype == TF_UINT8 && (type == napi_uint8_array || type == napi_uint8_clamped_array));
  if (!ok) throw JsError{"tensor data does not match its dtype (float32: Float32Array, int32: Int32Array, uint8: Uint8Array)"};
  if (length != count) throw JsError{"tensor data has " + std::to_string(length) + " values, its shape needs " + std::to_string(count)};
  size_t bytes = count * TF_DataTypeSize(dtype);
  TensorPtr t(TF_AllocateTensor(dtype, dims.data(), static_cast<int>(dims.size()), bytes));
  if (!t.t) throw JsError{"TF_AllocateTensor failed"};
  if (bytes) std::memcpy(TF_TensorData(t.t), data, bytes);
  return t;
}

napi_value tensorToJs(napi_env env, TF_Tensor* t) {
  TF_DataType dtype = TF_TensorType(t);
  int nd = TF_NumDims(t);
  napi_value shape;
  check(napi_create_array_with_length(env, nd, &shape), "shape");
  size_t count = 1;
  for (int i = 0; i < nd; i++) {
    int64_t d = TF_Dim(t, i);
    count *= static_cast<size_t>(d);
    napi_value dv;
    check(napi_create_double(env, static_cast<double>(d), &dv), "dim");
    check(napi_set_element(env, shape, i, dv), "dim");
  }
  const char* name;
  napi_typedarray_type type;
  if (dtype == TF_FLOAT) { name = "float32"; type = napi_float32_array; }
  else if (dtype == TF_INT32) { name = "int32"; type = napi_int32_array; }
  else throw JsError{"can only fetch float32 and int32 tensors, found TF dtype " + std::to_string(dtype)};
  size_t bytes = count * 4;
  void* buf;
  napi_value ab, arr, obj, nameV;
  check(napi_create_arraybuffer(env, bytes, &buf, &ab), "arraybuffer");
  if (bytes) std::memcpy(buf, TF_TensorData(t), bytes);
  check(napi_create_typedarray(env, type, count, ab, 0, &arr), "typedarray");
  check(napi_create_object(env, &obj), "object");
  check(napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &nameV), "string");
  check(napi_set_named_property(env, obj, "dtype", nameV), "dtype");
  check(napi_set_named_property(env, obj, "shape", shape), "shape");
  check(napi_set_named_property(env, obj, "data", arr), "data");
  return obj;
}

void setAttr(napi_env env, TF_OperationDescription* desc, napi_value spec) {
  if (arrayLength(env, spec, "an attr ([name, kind, value])") != 3) throw JsError{"an attr must be [name, kind, value]"};
  std::string name = getString(env, element(env, spec, 0), "attr name");
  std::string kind = getString(env, element(env, spec, 1), "attr kind");
  napi_value v = element(env, spec, 2);
  const char* n = name.c_str();
  if (kind == "type") {
    TF_SetAttrType(desc, n, dtypeOf(getString(env, v, "type attr")));
  } else if (kind == "int") {
    TF_SetAttrInt(desc, n, static_cast<int64_t>(getNumber(env, v, "int attr")));
  } else if (kind == "float") {
    TF_SetAttrFloat(desc, n, static_cast<float>(getNumber(env, v, "float attr")));
  } else if (kind == "bool") {
    bool b;
    if (napi_get_value_bool(env, v, &b) != napi_ok) throw JsError{"bool attr '" + name + "' must be a boolean"};
    TF_SetAttrBool(desc, n, b);
  } else if (kind == "string") {
    std::string s = getString(env, v, "string attr");
    TF_SetAttrString(desc, n, s.data(), s.size());
  } else if (kind == "shape") {
    std::vector<int64_t> dims = getDims(env, v, "shape attr");
    TF_SetAttrShape(desc, n, dims.data(), static_cast<int>(dims.size()));
  } else if (kind == "ints") {
    std::vector<int64_t> values = getDims(env, v, "ints attr");
    TF_SetAttrIntList(desc, n, values.data(), static_cast<int>(values.size()));
  } else if (kind == "types") {
    uint32_t len = arrayLength(env, v, "types attr");
    std::vector<TF_DataType> types(len);
    for (uint32_t i = 0; i < len; i++) types[i] = dtypeOf(getString(env, element(env, v, i), "types attr"));
    TF_SetAttrTypeList(desc, n, types.data(), static_cast<int>(len));
  } else if (kind == "tensor") {
    if (arrayLength(env, v, "tensor attr ([dtype, shape, data])") != 3) throw JsError{"tensor attr must be [dtype, shape, data]"};
    TensorPtr t = makeTensor(env, element(env, v, 0), element(env, v, 1), element(env, v, 2));
    Status st;
    TF_SetAttrTensor(desc, n, t.t, st.s);
    st.check("attr '" + name + "'");
  } else {
    throw JsError{"unknown attr kind '" + kind + "' for '" + name + "'"};
  }
}

// ---- exported functions ----------------------------------------------------------

template <size_t N>
void getArgs(napi_env env, napi_callback_info info, napi_value (&args)[N]) {
  size_t argc = N;
  check(napi_get_cb_info(env, info, &argc, args, nullptr, nullptr), "arguments");
  if (argc < N) throw JsError{"tf_graph: expected " + std::to_string(N) + " arguments, found " + std::to_string(argc)};
}

napi_value NewGraph(napi_env env, napi_callback_info) { return wrapExternal(env, new Graph()); }

napi_value AddOperation(napi_env env, napi_callback_info info) {
  napi_value a[6];
  getArgs(env, info, a);
  Graph* graph = unwrapExternal<Graph>(env, a[0], "a graph");
  std::string type = getString(env, a[1], "op type");
  std::string name = getString(env, a[2], "op name");
  if (TF_GraphOperationByName(graph->g, name.c_str())) throw JsError{"an operation named '" + name + "' already exists"};
  // Validate everything that can fail in JS terms before TF_NewOperation: a description
  // must be finished once started.
  struct Input { bool list; std::vector<TF_Output> outs; };
  std::vector<Input> inputs;
  uint32_t ni = arrayLength(env, a[3], "inputs");
  for (uint32_t i = 0; i < ni; i++) {
    napi_value in = element(env, a[3], i);
    napi_value first = element(env, in, 0);
    if (isArray(env, first) || arrayLength(env, in, "input") == 0) {
      Input list{true, {}};
      uint32_t m = arrayLength(env, in, "list input");
      for (uint32_t j = 0; j < m; j++) list.outs.push_back(getOutput(env, graph->g, element(env, in, j)));
      inputs.push_back(std::move(list));
    } else {
      inputs.push_back(Input{false, {getOutput(env, graph->g, in)}});
    }
  }
  std::vector<TF_Operation*> controls;
  uint32_t nc = arrayLength(env, a[4], "control inputs");
  for (uint32_t i = 0; i < nc; i++) controls.push_back(findOp(graph->g, getString(env, element(env, a[4], i), "control input")));
  uint32_t na = arrayLength(env, a[5], "attrs");

  TF_OperationDescription* desc = TF_NewOperation(graph->g, type.c_str(), name.c_str());
  std::string error;
  try {
    for (auto& in : inputs) {
      if (in.list) TF_AddInputList(desc, in.outs.data(), static_cast<int>(in.outs.size()));
      else TF_AddInput(desc, in.outs[0]);
    }
    for (auto* c : controls) TF_AddControlInput(desc, c);
    for (uint32_t i = 0; i < na; i++) setAttr(env, desc, element(env, a[5], i));
  } catch (const JsError& e) {
    error = e.message;
  }
  Status st;
  TF_Operation* op = TF_FinishOperation(desc, st.s);  // always finish: frees the description
  if (!error.empty()) throw JsError{"op '" + name + "' (" + type + "): " + error};
  st.check("op '" + name + "' (" + type + ")");
  napi_value out;
  check(napi_create_int32(env, TF_OperationNumOutputs(op), &out), "result");
  return out;
}

napi_value AddGradients(napi_env env, napi_callback_info info) {
  napi_value a[3];
  getArgs(env, info, a);
  Graph* graph = unwrapExternal<Graph>(env, a[0], "a graph");
  std::vector<TF_Output> ys, xs;
  uint32_t ny = arrayLength(env, a[1], "ys"), nx = arrayLength(env, a[2], "xs");
  for (uint32_t i = 0; i < ny; i++) ys.push_back(getOutput(env, graph->g, element(env, a[1], i)));
  for (uint32_t i = 0; i < nx; i++) xs.push_back(getOutput(env, graph->g, element(env, a[2], i)));
  std::vector<TF_Output> dx(nx);
  Status st;
  TF_AddGradients(graph->g, ys.data(), static_cast<int>(ny), xs.data(), static_cast<int>(nx), nullptr, st.s, dx.data());
  st.check("TF_AddGradients");
  napi_value out;
  check(napi_create_array_with_length(env, nx, &out), "result");
  for (uint32_t i = 0; i < nx; i++) {
    if (!dx[i].oper) throw JsError{"TF_AddGradients: no gradient path to input " + std::to_string(i)};
    napi_value pair, nm, idx;
    check(napi_create_array_with_length(env, 2, &pair), "pair");
    check(napi_create_string_utf8(env, TF_OperationName(dx[i].oper), NAPI_AUTO_LENGTH, &nm), "name");
    check(napi_create_int32(env, dx[i].index, &idx), "index");
    check(napi_set_element(env, pair, 0, nm), "pair");
    check(napi_set_element(env, pair, 1, idx), "pair");
    check(napi_set_element(env, out, i, pair), "result");
  }
  return out;
}

// ConfigProto { intra_op_parallelism_threads = 2; inter_op_parallelism_threads = 5; } by hand.
std::string threadConfig(int intra, int inter) {
  std::string proto;
  auto varint = [&](uint32_t v) {
    while (v >= 0x80) { proto.push_back(static_cast<char>((v & 0x7f) | 0x80)); v >>= 7; }
    proto.push_back(static_cast<char>(v));
  };
  if (intra > 0) { proto.push_back(0x10); varint(intra); }
  if (inter > 0) { proto.push_back(0x28); varint(inter); }
  return proto;
}

napi_value NewSession(napi_env env, napi_callback_info info) {
  napi_value a[4];
  size_t argc = 4;
  check(napi_get_cb_info(env, info, &argc, a, nullptr, nullptr), "arguments");
  if (argc < 3) throw JsError{"tf_graph: newSession expects (graph, intraOpThreads, interOpThreads[, configBytes])"};
  Graph* graph = unwrapExternal<Graph>(env, a[0], "a graph");
  int intra = static_cast<int>(getNumber(env, a[1], "intraOpThreads"));
  int inter = static_cast<int>(getNumber(env, a[2], "interOpThreads"));
  Status st;
  TF_SessionOptions* opts = TF_NewSessionOptions();
  std::string config = threadConfig(intra, inter);
  // Optional: more serialized ConfigProto fields (a Uint8Array), appended (protobuf merges them).
  if (argc > 3) {
    napi_valuetype t;
    check(napi_typeof(env, a[3], &t), "configBytes");
    if (t != napi_undefined && t != napi_null) {
      bool typed = false;
      napi_is_typedarray(env, a[3], &typed);
      napi_typedarray_type type;
      size_t length = 0;
      void* data = nullptr;
      if (typed) check(napi_get_typedarray_info(env, a[3], &type, &length, &data, nullptr, nullptr), "configBytes");
      if (!typed || type != napi_uint8_array) throw JsError{"configBytes must be a Uint8Array (a serialized ConfigProto)"};
      config.append(static_cast<const char*>(data), length);
    }
  }
  TF_SetConfig(opts, config.data(), config.size(), st.s);
  if (TF_GetCode(st.s) != TF_OK) { TF_DeleteSessionOptions(opts); st.check("session config"); }
  auto* session = new Session();
  session->g = graph->g;
  session->s = TF_NewSession(graph->g, opts, st.s);
  TF_DeleteSessionOptions(opts);
  if (TF_GetCode(st.s) != TF_OK) { delete session; st.check("TF_NewSession"); }
  openSessionCount++;
  return wrapExternal(env, session);
}

napi_value Run(napi_env env, napi_callback_info info) {
  napi_value a[4];
  getArgs(env, info, a);
  Session* session = unwrapExternal<Session>(env, a[0], "a session");
  if (!session->s) throw JsError{"the session is closed"};
  std::vector<TF_Output> feedOuts, fetchOuts;
  std::vector<TensorPtr> feedTensors;
  std::vector<TF_Operation*> targets;
  uint32_t nf = arrayLength(env, a[1], "feeds");
  for (uint32_t i = 0; i < nf; i++) {
    napi_value f = element(env, a[1], i);
    if (arrayLength(env, f, "a feed ([output, dtype, shape, data])") != 4) throw JsError{"a feed must be [[opName, index], dtype, shape, data]"};
    feedOuts.push_back(getOutput(env, session->g, element(env, f, 0)));
    feedTensors.push_back(makeTensor(env, element(env, f, 1), element(env, f, 2), element(env, f, 3)));
  }
  uint32_t nx = arrayLength(env, a[2], "fetches");
  for (uint32_t i = 0; i < nx; i++) fetchOuts.push_back(getOutput(env, session->g, element(env, a[2], i)));
  uint32_t nt = arrayLength(env, a[3], "targets");
  for (uint32_t i = 0; i < nt; i++) targets.push_back(findOp(session->g, getString(env, element(env, a[3], i), "target")));
  std::vector<TF_Tensor*> feedValues;
  for (auto& t : feedTensors) feedValues.push_back(t.t);
  std::vector<TF_Tensor*> fetched(nx, nullptr);
  Status st;
  TF_SessionRun(session->s, nullptr, feedOuts.data(), feedValues.data(), static_cast<int>(nf), fetchOuts.data(), fetched.data(),
                static_cast<int>(nx), targets.data(), static_cast<int>(nt), nullptr, st.s);
  std::vector<TensorPtr> owned;
  for (auto* t : fetched) owned.emplace_back(t);
  st.check("TF_SessionRun");
  napi_value out;
  check(napi_create_array_with_length(env, nx, &out), "result");
  for (uint32_t i = 0; i < nx; i++) check(napi_set_element(env, out, i, tensorToJs(env, owned[i].t)), "result");
  return out;
}

napi_value CloseSession(napi_env env, napi_callback_info info) {
  napi_value a[1];
  getArgs(env, info, a);
  unwrapExternal<Session>(env, a[0], "a session")->close();
  return nullptr;
}

napi_value OpenSessions(napi_env env, napi_callback_info) {
  napi_value out;
  check(napi_create_int32(env, openSessionCount, &out), "openSessions");
  return out;
}

napi_value Version(napi_env env, napi_callback_info) {
  napi_value out;
  check(napi_create_string_utf8(env, TF_Version(), NAPI_AUTO_LENGTH, &out), "version");
  return out;
}

// C++ exceptions never cross into JS: each export runs inside this guard.
template <napi_value (*F)(napi_env, napi_callback_info)>
napi_value guarded(napi_env env, napi_callback_info info) {
  try {
    return F(env, info);
  } catch (const JsError& e) {
    napi_throw_error(env, nullptr, e.message.c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string("tf_graph: ") + e.what()).c_str());
  }
  return nullptr;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"newGraph", nullptr, guarded<NewGraph>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"addOperation", nullptr, guarded<AddOperation>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"addGradients", nullptr, guarded<AddGradients>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"newSession", nullptr, guarded<NewSession>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"run", nullptr, guarded<Run>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"closeSession", nullptr, guarded<CloseSession>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"openSessions", nullptr, guarded<OpenSessions>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"version", nullptr, guarded<Version>, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) return nullptr;
  return exports;
}
