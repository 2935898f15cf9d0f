# Drives the project's tslab kernel through jupyter_client, for the kernel-level tests
# (test/helpers/kernel.ts runs it), and prints what the cells showed as one JSON line:
#   kernel_driver.py cells '<JSON list of cells>'  -> [{status, outputs}] for each cell in turn
#   kernel_driver.py interrupt '<code>' <seconds>  -> {status, outputs} of the cell interrupted
#       after <seconds>, then the output of `console.log(6 * 7)` sent next, typed 'next'
import json, sys, time
from jupyter_client.manager import start_new_kernel

TIMEOUT = 120


def reply_to(kc, msg_id):
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply['parent_header'].get('msg_id') != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    return reply['content'].get('status')


def outputs_of(kc, msg_id, kind=None):
    """The cell's iopub outputs until the kernel is idle again (typed `kind` if given)."""
    outputs = []
    while True:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m['parent_header'].get('msg_id') != msg_id:
            continue
        t = m['msg_type']
        if t == 'status' and m['content']['execution_state'] == 'idle':
            return outputs
        if t in ('stream', 'error', 'display_data', 'execute_result'):
            outputs.append({'type': kind or t, **m['content']})


def run_cells(kc, cells):
    results = []
    for code in cells:
        msg_id = kc.execute(code)
        status = reply_to(kc, msg_id)
        results.append({'status': status, 'outputs': outputs_of(kc, msg_id)})
        # tslab aborts what arrives within 200 ms of a failed cell; a learner is slower
        time.sleep(0.5)
    return results


def interrupt(km, kc, code, after):
    msg_id = kc.execute(code)
    time.sleep(after)
    km.interrupt_kernel()
    status = reply_to(kc, msg_id)
    outputs = outputs_of(kc, msg_id)
    # A cell sent the instant the kernel goes idle after an interrupt can lose its output
    # (tslab, with or without our patch); a learner's next click is never that fast.
    time.sleep(1)
    outputs += [o for o in outputs_of(kc, kc.execute('console.log(6 * 7)'), 'next') if o.get('name')]
    return {'status': status, 'outputs': outputs}


km, kc = start_new_kernel(kernel_name='tslab-cnn')
try:
    mode = sys.argv[1]
    if mode == 'cells':
        print(json.dumps(run_cells(kc, json.loads(sys.argv[2]))))
    else:
        print(json.dumps(interrupt(km, kc, sys.argv[2], float(sys.argv[3]))))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
