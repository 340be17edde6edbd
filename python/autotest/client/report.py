"""Machine-readable reports of a job: ``status.json`` and a JUnit XML file, built from the status log.

The reports are built from the ``status`` file itself, so they cover every run of a resumed job.
Building them never breaks the job: the caller logs any failure and completes.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from typing import Any

__all__ = ['JSON_FILE', 'JUNIT_FILE', 'log_excerpt', 'parse_status', 'parse_status_text', 'summarize', 'write_reports']

JSON_FILE = 'status.json'
JUNIT_FILE = 'junit.xml'
#: The most lines and characters of a test's log kept as its excerpt (the end of the log).
EXCERPT_LINES = 60
EXCERPT_CHARS = 6000


def parse_status(path: str) -> list[dict[str, Any]]:
    """Parse a status log file into records (see :func:`parse_status_text`).

    Args:
        path: the ``status`` file.
    """
    with open(path, encoding='utf-8') as status:
        return parse_status_text(status.read())


def parse_status_text(text: str) -> list[dict[str, Any]]:
    """Parse the text of a status log into records: the one reader of status logs.

    Args:
        text: the log, one record a line; a line indented by two spaces (after the record's tabs)
            continues the message of the record before it.

    Returns:
        One dict per record: ``indent``, ``status_code``, ``subdir``, ``operation``, ``fields`` and
        ``message`` (extra lines joined with newlines).
    """
    records: list[dict[str, Any]] = []
    for line in text.splitlines():
        body = line.lstrip('\t')
        if body.startswith('  ') and records:
            records[-1]['message'] += '\n' + body[2:]
            continue
        parts = body.split('\t')
        if len(parts) < 3:
            continue
        # The fields end with localtime, which is always written last; the rest is the message.
        fields = {}
        rest = parts[3:]
        while rest and 'localtime' not in fields and '=' in rest[0]:
            key, _, value = rest.pop(0).partition('=')
            fields[key] = value
        message_parts = rest
        records.append(
            {
                'indent': len(line) - len(body),
                'status_code': parts[0],
                'subdir': None if parts[1] == '----' else parts[1],
                'operation': None if parts[2] == '----' else parts[2],
                'fields': fields,
                'message': '\t'.join(message_parts),
            }
        )
    return records


def _timestamp(record: dict[str, Any]) -> int | None:
    value = record['fields'].get('timestamp')
    return int(value) if value and value.isdigit() else None


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Turn records into the ``status.json`` document.

    Args:
        records: as returned by :func:`parse_status`.

    Returns:
        ``{'status', 'started', 'finished', 'tests': [...], 'records': records}``; each test has
        ``name``, ``subdir``, ``status``, ``message``, ``timeout``, ``started``, ``finished``, ``duration``.
    """
    tests: list[dict[str, Any]] = []
    open_tests: list[dict[str, Any]] = []
    job: dict[str, Any] = {'status': None, 'started': None, 'finished': None}
    for record in records:
        code = record['status_code']
        if record['indent'] == 0 and code == 'START' and job['started'] is None:
            job['started'] = _timestamp(record)
        elif record['indent'] == 0 and code.startswith('END '):
            job['status'] = code[4:]
            job['finished'] = _timestamp(record)
            job['message'] = record['message']
        elif code == 'START':
            test = {'name': record['operation'], 'subdir': record['subdir'], 'status': None, 'message': ''}
            test.update(timeout=record['fields'].get('timeout'), started=_timestamp(record), finished=None)
            open_tests.append(test)
            tests.append(test)
        elif code.startswith('END ') and open_tests:
            test = open_tests.pop()
            test['status'] = code[4:]
            test['finished'] = _timestamp(record)
        elif open_tests and code not in ('INFO', 'RUNNING'):
            open_tests[-1]['message'] = record['message']
        elif not open_tests and record['indent'] == 1 and code not in ('INFO', 'RUNNING'):
            # A record about a test after its END (the garbage check): named after test and check.
            name = record['operation']
            if record['subdir'] and name and name != record['subdir']:
                name = f'{record["subdir"]}.{name}'
            tests.append({'name': name, 'subdir': record['subdir'], 'status': code,
                          'message': record['message'], 'timeout': None,
                          'started': _timestamp(record), 'finished': _timestamp(record)})  # fmt: skip
    for test in tests:
        if test['status'] is None:
            test['status'] = 'NOSTATUS'
        both = test['started'] is not None and test['finished'] is not None
        test['duration'] = test['finished'] - test['started'] if both else None
    return {**job, 'tests': tests, 'records': records}


def log_excerpt(resultdir: str, subdir: str | None) -> str:
    """The end of a test's INFO log (``<subdir>/debug/<name>.INFO``): at most the last
    :data:`EXCERPT_LINES` lines and :data:`EXCERPT_CHARS` characters; empty when there is none."""
    if not subdir:
        return ''
    path = os.path.join(resultdir, subdir, 'debug', os.path.basename(subdir) + '.INFO')
    try:
        with open(path, encoding='utf-8', errors='replace') as log:
            lines = log.read().splitlines()[-EXCERPT_LINES:]
    except OSError:
        return ''
    return '\n'.join(lines)[-EXCERPT_CHARS:]


def _junit(summary: dict[str, Any], tag: str, resultdir: str) -> ET.ElementTree:
    suites = ET.Element('testsuites', name=f'autotest job {tag}')
    suite = ET.SubElement(suites, 'testsuite', name=tag)
    counts = {'tests': 0, 'failures': 0, 'errors': 0, 'skipped': 0}
    for test in summary['tests']:
        counts['tests'] += 1
        name = test['name'] or test['subdir'] or '----'
        classname = name.rsplit('.', 1)[0] if '.' in os.path.basename(name) else name
        seconds = f'{test["duration"] or 0:.3f}'
        case = ET.SubElement(suite, 'testcase', classname=classname, name=name, time=seconds)
        first_line = test['message'].split('\n', 1)[0]
        status = test['status']
        if status == 'FAIL':
            counts['failures'] += 1
            ET.SubElement(case, 'failure', message=first_line, type=status).text = test['message']
        elif status in ('ERROR', 'ABORT', 'NOSTATUS', 'BUG', 'ALERT'):
            counts['errors'] += 1
            ET.SubElement(case, 'error', message=first_line, type=status).text = test['message']
        elif status == 'TEST_NA':
            counts['skipped'] += 1
            ET.SubElement(case, 'skipped', message=first_line)
        excerpt = log_excerpt(resultdir, test['subdir'])
        if status == 'WARN':
            excerpt = f'WARN: {test["message"]}\n{excerpt}'.rstrip()
        if excerpt:
            ET.SubElement(case, 'system-out').text = excerpt
    total = f'{sum(test["duration"] or 0 for test in summary["tests"]):.3f}'
    for element in (suites, suite):
        for key, value in counts.items():
            element.set(key, str(value))
        element.set('time', total)
    return ET.ElementTree(suites)


def write_reports(resultdir: str, tag: str, durations: dict[str, float] | None = None) -> dict[str, Any]:
    """Write ``status.json`` and ``junit.xml`` next to ``resultdir/status``.

    Args:
        resultdir: the job's results directory.
        tag: the job tag (the JUnit suite name).
        durations: each test's measured seconds by its subdir, which replace the whole seconds of the
            status log's timestamps.

    Returns:
        The summary written to ``status.json``.
    """
    summary = summarize(parse_status(os.path.join(resultdir, 'status')))
    for test in summary['tests']:
        if test['subdir'] in (durations or {}):
            test['duration'] = durations[test['subdir']]
    summary['tag'] = tag
    with open(os.path.join(resultdir, JSON_FILE), 'w', encoding='utf-8') as out:
        json.dump(summary, out, indent=2, sort_keys=True)
        out.write('\n')
    tree = _junit(summary, tag, resultdir)
    ET.indent(tree)
    tree.write(os.path.join(resultdir, JUNIT_FILE), encoding='utf-8', xml_declaration=True)
    return summary
