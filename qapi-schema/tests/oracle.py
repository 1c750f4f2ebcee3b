"""What QEMU's own QAPI front end says about each schema file given.

Usage: oracle.py QEMU_DIR DIR FILE...

QEMU_DIR holds QEMU's scripts/qapi and tests/qapi-schema/test-qapi.py (.ci/install-deps
unpacks each release's into target/qemu-qapi/VERSION).  For each FILE, in DIR, runs test-qapi.py's front end
as its test harness does, and prints one JSON object per line: the dump ("out") and the
error text ("err"), or "crash" where the front end raised anything but a QAPIError.
"""

import importlib.util
import io
import json
import os
import sys


def main():
    qemu_dir, test_dir, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    sys.path.insert(0, os.path.join(qemu_dir, "scripts"))
    spec = importlib.util.spec_from_file_location(
        "test_qapi", os.path.join(qemu_dir, "tests/qapi-schema/test-qapi.py"))
    test_qapi = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(test_qapi)
    results = []
    for name in files:
        stdout, captured = sys.stdout, io.StringIO()
        sys.stdout = captured
        result = {"err": ""}
        try:
            test_qapi.test_frontend(os.path.join(test_dir, name))
        except test_qapi.QAPIError as err:
            result["err"] = (str(err) + "\n").replace(test_dir + "/", "")
        except Exception as err:  # pylint: disable=broad-except
            result["crash"] = "%s: %s" % (type(err).__name__, err)
        finally:
            sys.stdout = stdout
        result["out"] = captured.getvalue()
        results.append(result)
    for result in results:
        print(json.dumps(result))


main()
